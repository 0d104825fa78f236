"""The `flask` commands other tools rely on (DESIGN.md "Fixed entry points")."""

from pathlib import Path

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


content_group = AppGroup("content", help="The partnership's pages.")


@content_group.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def content_export(directory: Path):
    """Write every published page to DIRECTORY/pages/<slug>.md (front matter and markdown),
    the format `flask seed` reads: DIRECTORY can be the content/ folder itself."""
    from app.content_export import export_pages

    result = export_pages(directory)
    for path in result.written:
        click.echo(f"wrote {path}")
    for slug in result.drafts:
        click.echo(f"skipped {slug}: never published (a draft)")


@content_group.command("status")
def content_status():
    """One line a page: slug, status (draft, scheduled, published, unpublished), and the
    times it is shown from and until. Scheduled pages need no job: every request checks."""
    from app import pages, publishing

    now = pages.current_time()
    for page in sorted(publishing.all_pages(), key=lambda p: p.slug):
        shown = [f"from {page.publish_at.isoformat()}" if page.publish_at else "",
                 f"until {page.unpublish_at.isoformat()}" if page.unpublish_at else ""]
        click.echo("\t".join([page.slug, publishing.status(page, now), *shown]).rstrip())


def init_app(app: Flask) -> None:
    from app.staff_cli import outbox_group, staff_group

    app.cli.add_command(seed_command)
    app.cli.add_command(teams_group)
    app.cli.add_command(staff_group)
    app.cli.add_command(outbox_group)
    app.cli.add_command(retention_group)
    app.cli.add_command(content_group)
