"""The `flask` commands other tools rely on (DESIGN.md "Fixed entry points")."""

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from app.retention import retention_group
from app.seeding import SeedError, seed_all
from app.teams import all_teams


@click.command("seed")
@with_appcontext
def seed_command():
    """Load content/ (teams, pages, help directory, routing rules). Safe to run again."""
    try:
        seed_all(current_app.config["CONTENT_DIR"])
    except SeedError as error:
        raise click.ClickException(f"Nothing was loaded. {error}") from error
    click.echo("Seeded content from " + current_app.config["CONTENT_DIR"])


teams_group = AppGroup("teams", help="Partner teams whose inboxes receive reports.")


@teams_group.command("list")
def teams_list():
    """One line a team: its slug, then its name."""
    for team in all_teams():
        click.echo(f"{team.slug}\t{team.name}")


def init_app(app: Flask) -> None:
    from app.staff_cli import outbox_group, staff_group

    app.cli.add_command(seed_command)
    app.cli.add_command(teams_group)
    app.cli.add_command(staff_group)
    app.cli.add_command(outbox_group)
    app.cli.add_command(retention_group)
