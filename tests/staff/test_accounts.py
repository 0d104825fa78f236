"""`flask staff create|disable|list`, the password rules, and how passwords are kept."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.staff.accounts import by_email, can, password_problem
from app.staff.models import AuditEvent, StaffUser

GOOD = "violet tractor umbrella"


@pytest.fixture
def cli(seeded_app):
    runner = seeded_app.test_cli_runner()

    def invoke(*args, password: str | None = None):
        return runner.invoke(args=list(args), input=None if password is None else password + "\n")

    return invoke


def test_create_reads_the_password_from_stdin_and_hashes_it_with_argon2(seeded_app, cli):
    result = cli("staff", "create", "Officer@Example.org", "--team", "sbc-asb", "--role",
                 "officer", password=GOOD)
    assert result.exit_code == 0, (result.output, result.exception)
    assert "Created officer@example.org (officer, sbc-asb)." in result.output
    assert GOOD not in result.output
    with seeded_app.app_context():
        staff = by_email("officer@example.org")
        assert staff.team.slug == "sbc-asb" and staff.role == "officer" and staff.active
        assert staff.password_hash.startswith("$argon2id$")
        assert GOOD not in staff.password_hash
        assert db.session.scalar(sa.select(AuditEvent.action)) == "staff_created"


@pytest.mark.parametrize("password, message", [
    ("short1!", "at least 12 characters"),
    ("password1234", "too common"),
    ("Password2024!", "too common"),
    ("stevenage2026", "too common"),
    ("aaaaaaaaaaaaaaaa", "too common"),
    ("officer-secret-words", "must not contain your email"),
])
def test_create_refuses_short_or_common_passwords(seeded_app, cli, password, message):
    result = cli("staff", "create", "officer@example.org", "--team", "sbc-asb", "--role",
                 "officer", password=password)
    assert result.exit_code != 0
    assert "No account was created." in result.output and message in result.output
    with seeded_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(StaffUser.id))) == 0


@pytest.mark.parametrize("args, message", [
    (["nobody", "--team", "sbc-asb", "--role", "officer"], "is not an email address"),
    (["a@example.org", "--team", "no-such-team", "--role", "officer"], "There is no team"),
])
def test_create_explains_other_mistakes(seeded_app, cli, args, message):
    result = cli("staff", "create", *args, password=GOOD)
    assert result.exit_code != 0 and message in result.output


def test_a_partnership_manager_account(seeded_app, cli):
    result = cli("staff", "create", "manager@example.org", "--team", "sbc-community-safety",
                 "--role", "manager", password=GOOD)
    assert result.exit_code == 0, (result.output, result.exception)
    assert "Created manager@example.org (manager, sbc-community-safety)." in result.output
    with seeded_app.app_context():
        manager = by_email("manager@example.org")
        assert can(manager, "see_figures") and can(manager, "enter_figures")
        assert not can(manager, "work_reports") and not can(manager, "publish")


def test_a_role_outside_the_list_is_refused(seeded_app, cli):
    result = cli("staff", "create", "a@example.org", "--team", "sbc-asb", "--role", "boss",
                 password=GOOD)
    assert result.exit_code != 0 and "officer" in result.output


def test_create_refuses_a_second_account_for_an_email(seeded_app, cli):
    cli("staff", "create", "a@example.org", "--team", "sbc-asb", "--role", "officer",
        password=GOOD)
    result = cli("staff", "create", "A@example.org", "--team", "sbc-sada", "--role", "admin",
                 password=GOOD)
    assert result.exit_code != 0 and "already an account" in result.output


def test_list_and_disable(seeded_app, cli):
    cli("staff", "create", "b@example.org", "--team", "sbc-sada", "--role", "officer",
        password=GOOD)
    cli("staff", "create", "a@example.org", "--team", "sbc-asb", "--role", "admin",
        password=GOOD)
    assert cli("staff", "disable", "B@example.org").output == "Disabled b@example.org.\n"
    lines = cli("staff", "list").output.strip().splitlines()
    assert lines == ["a@example.org\tsbc-asb\tadmin\tactive\t-",
                     "b@example.org\tsbc-sada\tofficer\tdisabled\t-"]
    result = cli("staff", "disable", "nobody@example.org")
    assert result.exit_code != 0 and "There is no account" in result.output


def test_a_good_long_passphrase_is_accepted():
    assert password_problem("correct horse battery staple") is None
    assert password_problem("x" * 300) is not None


def test_reset_code_forgets_the_code_and_ends_sessions(seeded_app, cli):
    cli("staff", "create", "a@example.org", "--team", "sbc-asb", "--role", "officer",
        password=GOOD)
    with seeded_app.app_context():
        staff = by_email("a@example.org")
        staff.totp_secret, token = "JBSWY3DPEHPK3PXP", staff.session_token
        db.session.commit()
    assert cli("staff", "reset-code", "a@example.org").output == (
        "Reset the sign-in code of a@example.org.\n")
    with seeded_app.app_context():
        staff = by_email("a@example.org")
        assert staff.totp_secret is None and staff.session_token != token


def test_the_fixed_entry_point_reads_the_password_from_a_pipe(tmp_path):
    """`flask --app wsgi staff create ...` as docs/product.md names it, in a real process."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    flask = str(Path(sys.executable).with_name("flask"))
    root = Path(__file__).resolve().parents[2]
    env = os.environ | {"SOSAFE_ENV": "development", "SECRET_KEY": "x" * 40,
                        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    env.pop("TEST_DATABASE_URL", None)

    def run(*args, stdin=""):
        return subprocess.run([flask, "--app", "wsgi", *args], cwd=root, env=env, input=stdin,
                              capture_output=True, text=True, timeout=120)

    assert run("db", "upgrade").returncode == 0
    assert run("seed").returncode == 0
    created = run("staff", "create", "pipe@example.org", "--team", "sbc-asb", "--role",
                  "officer", stdin=GOOD + "\n")
    assert created.returncode == 0, created.stderr
    assert run("staff", "list").stdout.startswith("pipe@example.org\tsbc-asb\tofficer\tactive")
    refused = run("staff", "create", "b@example.org", "--team", "sbc-asb", "--role",
                  "officer", stdin="short\n")
    assert refused.returncode != 0 and "at least 12 characters" in refused.stderr
