"""`flask staff ...` (accounts) and `flask outbox send` (mail delivery)."""

import signal
import sys

import click
from flask.cli import AppGroup

from app import outbox
from app.extensions import db
from app.models.staff import ROLES
from app.staff_accounts import (
    StaffAccountError,
    create_staff,
    disable_staff,
    list_staff,
    reset_code,
)

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
        staff = create_staff(email, team_slug, role, password)
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
    """Send the email that is due; failures are kept and retried with backoff."""
    from flask import current_app

    if not loop:
        result = outbox.deliver_due()
        click.echo(str(result))
        if result.failed:
            sys.exit(1)
        return
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    click.echo("Sending the outbox; Ctrl+C to stop.")
    try:
        outbox.run_forever(current_app.config["OUTBOX_POLL_SECONDS"], click.echo,
                           lambda: bool(stopping))
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
