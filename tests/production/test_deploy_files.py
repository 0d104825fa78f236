"""The files in deploy/ as a person deploying uses them: deploy/render.py filling in the
nginx site, and the systemd units (checked by systemd-analyze where it is installed)."""

import re
import shutil
import subprocess
import sys

import pytest

from tests.production.front import REPO, SITE_TEMPLATE, UNITS

pytestmark = pytest.mark.production

RENDER = [sys.executable, str(REPO / "deploy" / "render.py")]


def render(*arguments: str, template=SITE_TEMPLATE) -> subprocess.CompletedProcess:
    return subprocess.run([*RENDER, str(template), *arguments], capture_output=True, text=True)


def test_the_site_renders_from_its_public_address_alone():
    result = render("SITE_URL=https://sosafe.example.org")
    assert result.returncode == 0, result.stderr
    site = result.stdout
    assert "${" not in site
    assert "server_name sosafe.example.org;" in site
    assert "return 301 https://sosafe.example.org$request_uri;" in site
    assert "proxy_set_header Host sosafe.example.org;" in site
    assert "ssl_certificate /etc/letsencrypt/live/sosafe.example.org/fullchain.pem;" in site
    assert "listen 443 ssl http2 default_server;" in site
    assert "root /srv/sosafe/app/app;" in site
    # nginx's own variables are left for nginx.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site


def test_the_access_log_format_has_no_address_and_no_user_agent():
    site = SITE_TEMPLATE.read_text()
    log_format = re.search(r"log_format sosafe_private[^;]*;", site).group(0)
    for variable in ("$remote_addr", "$http_user_agent", "$http_x_forwarded_for",
                     "$binary_remote_addr", "$realip_remote_addr", "$http_referer",
                     "$request_uri", "$args"):
        assert variable not in log_format
    assert site.count("sosafe_private;") == 2  # both servers use it


@pytest.mark.parametrize("arguments, message", [
    ((), "SITE_URL=https://... is required"),
    (("SITE_URL=http://sosafe.example.org",), "must be an https:// address"),
    (("SITE_URL=https://sosafe.example.org", "TLS_CERTIFICAT=/x.pem"),
     "no placeholder for TLS_CERTIFICAT"),
    (("SITE_URL=https://sosafe.example.org", "LOG_DIR=/tmp; include /etc/passwd"),
     "cannot go into a config file"),
    (("SITE_URL=https://sosafe.example.org", "lower=1"), "expected NAME=value"),
])
def test_a_render_that_would_be_wrong_stops_and_says_why(arguments, message):
    result = render(*arguments)
    assert result.returncode == 1
    assert message in result.stderr and result.stdout == ""


def test_a_placeholder_without_a_value_stops_the_render(tmp_path):
    template = tmp_path / "site.conf"
    template.write_text("server_name ${SERVER_NAME};\nroot ${STATIC_DIR};\n")
    result = render("SITE_URL=https://sosafe.example.org", template=template)
    assert result.returncode == 1 and "no value for STATIC_DIR" in result.stderr


def test_the_units_run_the_fixed_commands_in_production_mode():
    units = {path.name: path.read_text() for path in UNITS.glob("*.service")}
    assert set(units) == {"sosafe-web.service", "sosafe-outbox.service",
                          "sosafe-retention.service", "sosafe-open311-poll.service"}
    assert "ExecStart=/srv/sosafe/venv/bin/python serve.py" in units["sosafe-web.service"]
    assert "flask --app wsgi outbox send --loop" in units["sosafe-outbox.service"]
    assert "flask --app wsgi retention purge" in units["sosafe-retention.service"]
    assert "flask --app wsgi open311 poll" in units["sosafe-open311-poll.service"]
    for name, text in units.items():
        assert "EnvironmentFile=/etc/sosafe/sosafe.env" in text, name
        assert "Environment=SOSAFE_ENV=production" in text, name
        assert "User=sosafe" in text, name
    for timer in ("sosafe-retention.timer", "sosafe-open311-poll.timer"):
        assert "Unit=" not in (UNITS / timer).read_text()  # its own service


def test_systemd_accepts_the_units():
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        pytest.skip("checking the units needs systemd-analyze: apt-get install systemd")
    units = sorted(str(path) for path in UNITS.iterdir())
    result = subprocess.run([analyze, "verify", "--man=no", *units], capture_output=True,
                            text=True, timeout=60)
    # The one thing a machine that is not the server lacks: the server's virtual environment.
    problems = [line for line in (result.stdout + result.stderr).splitlines()
                if line and not re.search(r"Command /srv/sosafe/venv/bin/\w+ is not "
                                          r"executable", line)]
    assert not problems, "\n".join(problems)
