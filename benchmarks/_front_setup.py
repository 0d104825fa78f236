"""The deploy/ nginx front for benchmarks/front_load.py, and the report pages it measures.

The front is the one the production tests run (tests/production/front.py renders
deploy/nginx/sosafe.conf with deploy/render.py, behind a self-signed certificate), with its
static root a copy of app/static that also holds the benchmark's own files (the Safer Routes
page, and each report page as the app sent it), plus one plain-HTTP server for nginx's
static ceiling without TLS.
"""

import contextlib
import re
import shutil
import ssl
import tempfile
from pathlib import Path

import httpx
from _server import ROOT, running

from tests.production.front import make_certificate, render_nginx, which

ENCODINGS = {"Accept-Encoding": "br, gzip"}
# What a browser fetches for a report page besides the HTML: its stylesheet and script, and
# one icon.
LINKED = re.compile(
    r'<(?:link|script)\b[^>]*\b(?:href|src)="(/static/dist/[^"?#]+'
    r'\.(?:css|js|svg))"'
)
PLAIN_STATIC = """
server {{
    listen 127.0.0.1:{port};
    access_log off;
    root {root};
}}
"""


@contextlib.contextmanager
def front_nginx(folder: Path, ports: dict):
    """nginx with the deploy/ site on ``ports``; yields (https URL, plain static URL, tls)."""
    approot = folder / "approot"
    shutil.copytree(ROOT / "app" / "static", approot / "app" / "static", dirs_exist_ok=True)
    prefix = folder / "nginx"
    prefix.mkdir()
    certificate, key = make_certificate(folder)
    site = f"https://127.0.0.1:{ports['https']}"
    conf = render_nginx(
        prefix,
        {
            "SITE_URL": site,
            "HTTP_LISTEN": f"127.0.0.1:{ports['http']}",
            "HTTPS_LISTEN": f"127.0.0.1:{ports['https']}",
            "TLS_CERTIFICATE": str(certificate),
            "TLS_CERTIFICATE_KEY": str(key),
            "ACME_ROOT": str(prefix / "acme"),
            "APP_ROOT": str(approot),
            "APP_ADDRESS": f"127.0.0.1:{ports['app']}",
            "LOG_DIR": str(prefix / "logs"),
            "CACHE_DIR": str(prefix / "cache"),
        },
    )
    # As Debian's nginx.conf: a worker per core (the tests' stand-in runs one).
    conf.write_text(conf.read_text().replace("worker_processes 1;", "worker_processes auto;"))
    with (prefix / "sosafe.conf").open("a") as site_file:
        site_file.write(PLAIN_STATIC.format(port=ports["static"], root=approot / "app" / "static"))
    tls = ssl.create_default_context(cafile=str(certificate))
    command = [which("nginx"), "-p", f"{prefix}/", "-c", str(conf), "-g", "daemon off;"]
    with running(command, None, folder / "nginx.out", f"{site}/healthz", tls=tls):
        yield site, f"http://127.0.0.1:{ports['static']}", tls


def report_page_files(directory: Path) -> list[tuple[str, str]]:
    """Every report page a person can meet, as the app renders it, written to
    ``directory``; returns (its URL, file name) pairs."""
    from app import create_app
    from app.extensions import db
    from app.seeding import seed_all
    from tests.web.readability import report_pages

    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        app = create_app(
            {"ENVIRONMENT": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{scratch}/pages.db"}
        )
        with app.app_context():
            db.create_all()
            seed_all(app.config["CONTENT_DIR"])
        pages = report_pages(app.test_client())
        with app.app_context():
            db.engine.dispose()
    files = []
    for number, (url, html) in enumerate(sorted(pages.items())):
        name = f"page-{number:02d}.html"
        (directory / name).write_text(html)
        files.append((url, name))
    return files


def transferred(site: str, path: str, html: str, tls) -> tuple[int, int]:
    """(bytes of the HTML, bytes in all with what it links) as they cross the wire from
    the front: compressed bodies and their response headers. ``html`` is the page's text
    (the body on the wire is compressed), to find what it links."""
    with httpx.Client(base_url=site, verify=tls, headers=ENCODINGS, timeout=30) as client:
        html_bytes = fetch(client, path)
        total = html_bytes + sum(
            fetch(client, linked) for linked in dict.fromkeys(LINKED.findall(html))
        )
    return html_bytes, total


def fetch(client: httpx.Client, path: str) -> int:
    with client.stream("GET", path) as response:
        assert response.status_code == 200, (path, response.status_code)
        body = sum(len(chunk) for chunk in response.iter_raw())
        headers = sum(len(name) + len(value) + 4 for name, value in response.headers.raw)
    return body + headers
