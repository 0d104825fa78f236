"""The README's `flask --app wsgi ...` commands work where `make run` left the checkout,
with nothing set by hand: `make` writes a `.flaskenv` that the flask command reads
(python-dotenv). Production still refuses to start without SECRET_KEY."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from app.staff.accounts import AccountRules, check_password

ROOT = Path(__file__).resolve().parents[1]
FLASK = str(Path(sys.executable).with_name("flask"))
PASSWORD = "a long and unusual passphrase"


@pytest.fixture
def checkout(tmp_path):
    """A directory with the Makefile and wsgi.py, after `make .flaskenv` (what `make run`
    does first), and an environment with none of our settings in it."""
    if not shutil.which("make"):
        pytest.skip("needs make: apt-get install make")
    for name in ("Makefile", "wsgi.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    subprocess.run(["make", "-s", ".flaskenv"], cwd=tmp_path, check=True, timeout=60,
                   env={"PATH": os.environ["PATH"]})
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("SOSAFE_", "FLASK_", "SECRET_", "TEST_DATABASE"))}
    # Only the database is ours, so the test leaves instance/sosafe.db alone.
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'checkout.db'}"
    return tmp_path, env


def flask(checkout, *args, stdin=""):
    directory, env = checkout
    return subprocess.run([FLASK, *args], cwd=directory, env=env, input=stdin,
                          capture_output=True, text=True, timeout=180)


def test_make_writes_the_flaskenv_the_flask_command_reads(checkout):
    directory, _ = checkout
    assert (directory / ".flaskenv").read_text().split() == ["FLASK_APP=wsgi",
                                                              "SOSAFE_ENV=development"]


def test_the_admin_commands_run_with_nothing_set_by_hand(checkout):
    for args in (("db", "upgrade"), ("seed",)):
        result = flask(checkout, "--app", "wsgi", *args)
        assert result.returncode == 0, result.stderr
    teams = flask(checkout, "--app", "wsgi", "teams", "list")
    assert teams.returncode == 0, teams.stderr
    assert "sbc-asb\t" in teams.stdout
    created = flask(checkout, "--app", "wsgi", "staff", "create", "new.officer@example.org",
                    "--team", "sbc-asb", "--role", "officer", stdin=PASSWORD + "\n")
    assert created.returncode == 0, created.stderr
    listed = flask(checkout, "staff", "list")  # FLASK_APP from .flaskenv too
    assert "new.officer@example.org\tsbc-asb\tofficer\tactive" in listed.stdout

    _, env = checkout
    app = create_app({"ENVIRONMENT": "testing", "SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"]})
    with app.app_context():
        rules = AccountRules.from_config(app.config)
        assert check_password("new.officer@example.org", PASSWORD, rules=rules).staff
        assert check_password("new.officer@example.org", "wrong", rules=rules).staff is None


def test_without_the_flaskenv_production_still_refuses_to_start(checkout):
    directory, _ = checkout
    (directory / ".flaskenv").unlink()
    result = flask(checkout, "--app", "wsgi", "teams", "list")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
