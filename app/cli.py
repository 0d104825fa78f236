"""Every `flask` command group, in one place: the commands other tools rely on
(docs/product.md, "Fixed entry points"). Each command is a thin wrapper: the work is done by
the domain packages, and the command commits.
"""

import signal
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from app.core import clock, outbox
from app.core.content_files import SeedError
from app.extensions import db
from app.open311 import delivery, keys, settings, updates
from app.pages import publishing
from app.pages.export import export_pages
from app.partnership.teams import all_teams, team_by_slug
from app.reporting.retention import period_text, purge, retention_months
from app.seeding import export_settings, seed_all
from app.staff.accounts import (
    AccountRules,
    StaffAccountError,
    create_staff,
    disable_staff,
    list_staff,
    reset_code,
)
from app.staff.models import ROLES


@click.command("seed")
@click.option("--overwrite-browser-changes", is_flag=True,
              help="Replace teams, routing rules and risk scoring changed in the browser "
                   "with the files.")
@with_appcontext
def seed_command(overwrite_browser_changes):
    """Load content/ (teams, pages, help directory, routing rules, risk scoring). Safe to
    run again. What was changed in the browser since is left alone, saying so."""
    try:
        notices = seed_all(current_app.config["CONTENT_DIR"], overwrite_browser_changes)
    except SeedError as error:
        raise click.ClickException(f"Nothing was loaded. {error}") from error
    for notice in notices:
        click.echo(notice, err=True)
    click.echo("Seeded content from " + current_app.config["CONTENT_DIR"])


teams_group = AppGroup("teams", help="Partner teams whose inboxes receive reports.")


@teams_group.command("list")
def teams_list():
    """One line a team: its slug, then its name."""
    for team in all_teams():
        click.echo(f"{team.slug}\t{team.name}")


content_group = AppGroup("content", help="The partnership's pages and settings files.")


@content_group.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def content_export(directory: Path):
    """Write every published page to DIRECTORY/pages/<slug>.md (front matter and markdown),
    and the live teams, routing rules and risk scoring to DIRECTORY/teams.yaml,
    routing.yaml and risk.yaml: the format `flask seed` reads, so DIRECTORY can be the
    content/ folder itself."""
    for path in export_settings(directory, current_app.config["CONTENT_DIR"]):
        click.echo(f"wrote {path}")
    result = export_pages(directory)
    for path in result.written:
        click.echo(f"wrote {path}")
    for slug in result.drafts:
        click.echo(f"skipped {slug}: never published (a draft)")


@content_group.command("status")
def content_status():
    """One line a page: slug, status (draft, scheduled, published, unpublished), and the
    times it is shown from and until. Scheduled pages need no job: every request checks."""
    now = clock.current_time()
    for page in sorted(publishing.all_pages(), key=lambda p: p.slug):
        shown = [f"from {page.publish_at.isoformat()}" if page.publish_at else "",
                 f"until {page.unpublish_at.isoformat()}" if page.unpublish_at else ""]
        click.echo("\t".join([page.slug, publishing.status(page, now), *shown]).rstrip())


staff_group = AppGroup("staff", help="Staff accounts for the partner inbox.")
outbox_group = AppGroup("outbox", help="Email waiting to be sent.")


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@staff_group.command("create")
@click.argument("email")
@click.option("--team", "team_slug", required=True, help="Team slug (see `teams list`).")
@click.option("--role", type=click.Choice(ROLES), required=True)
def staff_create(email, team_slug, role):
    """Create an account. The password is read from stdin (never an argument, so it stays
    out of shell history and process lists)."""
    password = _read_password()
    try:
        staff = create_staff(email, team_slug, role, password,
                             rules=AccountRules.from_config(current_app.config))
        db.session.commit()
    except StaffAccountError as error:
        db.session.rollback()
        raise click.ClickException(f"No account was created. {error}") from error
    click.echo(f"Created {staff.email} ({staff.role}, {staff.team.slug}).")


def _change_account(change, email: str, done: str) -> None:
    """Run ``change(email)`` and commit, or explain why it could not be done."""
    try:
        staff = change(email)
        db.session.commit()
    except StaffAccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    click.echo(done.format(email=staff.email))


@staff_group.command("disable")
@click.argument("email")
def staff_disable(email):
    """Stop an account signing in and end its sessions. Its history stays."""
    _change_account(disable_staff, email, "Disabled {email}.")


@staff_group.command("list")
def staff_list():
    """One line an account: email, team, role, active or disabled, second factor."""
    for staff in list_staff():
        state = "active" if staff.active else "disabled"
        factor = "totp" if staff.totp_secret else "-"
        click.echo(f"{staff.email}\t{staff.team.slug}\t{staff.role}\t{state}\t{factor}")


@outbox_group.command("send")
@click.option("--loop", is_flag=True, help="Keep running, sending new messages as they come.")
def outbox_send(loop):
    """Send the email (and case system deliveries) that are due; failures are kept and
    retried with backoff."""
    methods = delivery.methods(current_app.config)
    if not loop:
        result = outbox.deliver_due(current_app.config, methods=methods)
        click.echo(str(result))
        if result.failed:
            sys.exit(1)
        return
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    click.echo("Sending the outbox; Ctrl+C to stop.")
    try:
        outbox.run_forever(current_app.config, current_app.config["OUTBOX_POLL_SECONDS"],
                           click.echo,
                           lambda: bool(stopping), methods=methods)
    except KeyboardInterrupt:
        pass


@staff_group.command("reset-code")
@click.argument("email")
def staff_reset_code(email):
    """Forget an account's sign-in code (a lost phone). If their team requires codes, they
    set up a new one at their next sign-in."""
    _change_account(reset_code, email, "Reset the sign-in code of {email}.")


@outbox_group.command("status")
def outbox_status():
    """How many messages are pending, sent and failed, and why each failed one failed."""
    for status, count in sorted(outbox.counts().items()):
        click.echo(f"{status}\t{count}")
    for message in outbox.failed_messages():
        click.echo(f"failed #{message.id}\t{message.template}\t{message.attempts} attempts\t"
                   f"{message.last_error}")


retention_group = AppGroup("retention", help="Delete drafts and old reports, as promised.")


@retention_group.command("purge")
def purge_command():
    """Delete idle drafts and reports closed longer ago than the retention period."""
    months = retention_months()
    result = purge(draft_idle_minutes=current_app.config["DRAFT_IDLE_MINUTES"],
                   retention_months=months)
    click.echo(f"Deleted {result.drafts} idle drafts and {result.reports} reports closed "
               f"more than {period_text(months)} ago.")


open311_group = AppGroup("open311", help="Open311 keys, case systems and their updates.")


def _team(slug: str):
    team = team_by_slug(slug)
    if team is None:
        raise click.ClickException(f"no team '{slug}' (see `teams list`)")
    return team


@open311_group.command("issue-key")
@click.argument("name")
@click.option("--team", "team_slug", help="The team whose reports the key reads; leave "
              "out for a partner system that only hands reports in.")
def open311_issue_key(name, team_slug):
    """Issue an API key; it is shown once, here, and stored only as a hash."""
    team = _team(team_slug) if team_slug else None
    try:
        issued = keys.issue(name, team, None)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Key #{issued.record.id} for {name} ({team.slug if team else 'no team'}):")
    click.echo(issued.key)
    click.echo("It will not be shown again.")


@open311_group.command("keys")
def open311_keys():
    """Every key: its number, start, system, team and whether it still works."""
    for key in keys.all_keys():
        state = "revoked" if key.revoked_at else "active"
        click.echo(f"#{key.id}	{key.prefix}…	{key.name}	"
                   f"{key.team.slug if key.team else '-'}	{state}")


@open311_group.command("revoke-key")
@click.argument("key_id", type=int)
def open311_revoke_key(key_id):
    """Stop a key working at once."""
    record = keys.by_id(key_id)
    if record is None:
        raise click.ClickException(f"no key #{key_id}")
    keys.revoke(record, None)
    db.session.commit()
    click.echo(f"Revoked key #{key_id} ({record.name}).")


@open311_group.command("case-system")
@click.argument("team_slug")
@click.argument("url", required=False)
@click.option("--jurisdiction", default="", help="jurisdiction_id, if the system wants one.")
@click.option("--public-updates/--private-updates", default=False,
              help="Whether its status notes may be shown to the reporter at /follow-up.")
@click.option("--stop", is_flag=True, help="Stop pushing this team's reports anywhere.")
def open311_case_system(team_slug, url, jurisdiction, public_updates, stop):
    """Push a team's new reports to its case system's Open311 endpoint (URL), or --stop."""
    team = _team(team_slug)
    if stop:
        settings.stop_case_system(team, None)
        click.echo(f"{team.slug}: reports go to the inbox only.")
    else:
        try:
            settings.point_at_case_system(team, url or "", jurisdiction, public_updates, None)
        except ValueError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"{team.slug}: new reports also go to {team.case_system_url}. Set its "
                   "key in OPEN311_CASE_SYSTEM_KEYS.")
    db.session.commit()


@open311_group.command("poll")
def open311_poll():
    """Read the status updates of every team's case system into the reports."""
    result = updates.poll(current_app.config)
    click.echo(str(result))
    if result.problems:
        sys.exit(1)


def init_app(app: Flask) -> None:
    for group in (seed_command, teams_group, staff_group, outbox_group, retention_group,
                  content_group, open311_group):
        app.cli.add_command(group)
