"""The public pages and the inbox under load, in one run (needs wrk, nginx, openssl).

1. **Servers.** The Safer Routes page at 64 connections (wrk, 2 threads, --seconds each,
   after a warm-up): nginx serving the page's bytes as a static file (plain HTTP, and
   HTTPS through the deploy/ front); a bare Flask view returning them (the ceiling) and
   So Safe itself, each on granian (as serve.py runs it), gunicorn gthread and gunicorn
   sync, 2 workers each; and So Safe behind the deploy/ nginx front (serve.py + the
   rendered deploy/nginx/sosafe.conf with a self-signed certificate). Prints req/s, p50 and
   p99 and the ratios to nginx static and to the bare ceiling on the same server.
2. **Report pages through the front.** Every report page (each journey walked through),
   fetched from the front with ``Accept-Encoding: br, gzip`` together with the
   stylesheet, script and icon it links: the bytes transferred, against the 60 KB budget.
3. **The inbox with --reports reports in PostgreSQL** (default 100,000, made with
   generate_series in a database of its own next to --postgres, dropped afterwards): the
   inbox (its first page, the overdue ones, due first) and a report page, p50/p95 over
   --samples requests, for an ASB officer and an administrator signed in over HTTP to
   serve.py, with case work on the reports (benchmarks/_inbox_data.py).

    .venv/bin/python benchmarks/front_load.py [--seconds 10] [--connections 64]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres] [--redis redis://...]
        [--reports 100000] [--samples 60] [--skip-inbox | --inbox-only]

Loopback only. Other work on the machine moves these figures: the load average is printed
at the start and the end; run it on a quiet machine.
"""

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from _front_setup import front_nginx, report_page_files, transferred
from _server import BIN, ROOT, SERVERS, free_port, load_average, running, server_command, wrk

PAGE = "/campaigns/safer-routes"
BUDGET_BYTES = 60 * 1000
INBOX_P95_MS = 150


def app_env(database_url: str, redis_url: str, site_url: str) -> dict:
    return dict(os.environ) | {
        "SOSAFE_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": database_url,
        "SITE_URL": site_url,
        "TRUSTED_HOSTS": "127.0.0.1",
        "PROXY_COUNT": "1",
        "RATELIMIT_STORAGE_URI": redis_url,
        "WEB_CONCURRENCY": "2",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def flask(env: dict, *args: str, stdin: str | None = None) -> None:
    subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        input=stdin,
        text=True,
        timeout=600,
    )


def measure(url: str, options) -> object:
    wrk(url, 2, options.connections)  # warm-up: caches filled, workers started
    return wrk(url, options.seconds, options.connections)


def servers(options, env: dict, folder: Path) -> dict:
    """Part 1: every server, one after another. Returns {label: Load}."""
    results, body = {}, folder / "page.html"
    for kind in SERVERS:
        port = free_port()
        with running(
            server_command(kind, port, "wsgi:app"),
            env,
            folder / f"app-{kind}.log",
            f"http://127.0.0.1:{port}/healthz",
        ):
            url = f"http://127.0.0.1:{port}{PAGE}"
            if not body.exists():
                body.write_bytes(
                    subprocess.run(["curl", "-fsS", url], check=True, capture_output=True).stdout
                )
            results[("app", kind)] = measure(url, options)
    for kind in SERVERS:
        port = free_port()
        bare_env = env | {"BARE_FLASK_BODY": str(body)}
        with running(
            server_command(kind, port, "bare_flask:app"),
            bare_env,
            folder / f"bare-{kind}.log",
            f"http://127.0.0.1:{port}{PAGE}",
            cwd=ROOT / "benchmarks",
        ):
            results[("bare", kind)] = measure(f"http://127.0.0.1:{port}{PAGE}", options)
    return results


def front(options, env: dict, folder: Path, front_ports: dict, results: dict) -> list:
    """Part 1 (nginx) and part 2, with the front running. Returns the report page rows."""
    pages = report_page_files(folder / "approot" / "app" / "static" / "bench" / "report")
    shutil.copyfile(folder / "page.html", folder / "approot/app/static/bench/page.html")
    app_port = front_ports["app"]
    with ExitStack() as stack:
        stack.enter_context(
            running(
                [str(BIN / "python"), "serve.py"],
                env | {"BIND": f"127.0.0.1:{app_port}"},
                folder / "serve.log",
                f"http://127.0.0.1:{app_port}/healthz",
            )
        )
        site, plain, tls = stack.enter_context(front_nginx(folder, front_ports))
        results[("nginx static", "http")] = measure(f"{plain}/bench/page.html", options)
        results[("nginx static", "https")] = measure(f"{site}/static/bench/page.html", options)
        results[("app behind the front", "https")] = measure(f"{site}{PAGE}", options)
        report_dir = folder / "approot" / "app" / "static" / "bench" / "report"
        return [
            (
                url,
                *transferred(
                    site, f"/static/bench/report/{name}", (report_dir / name).read_text(), tls
                ),
            )
            for url, name in pages
        ]


def inbox(options, folder: Path) -> list:
    """Part 3. Returns rows (who, what, p50 ms, p95 ms)."""
    from _inbox_data import fill, signed_in_client
    from report_load import fresh_database

    database_url, drop = fresh_database(options.postgres, folder)
    try:
        port = free_port()
        env = app_env(database_url, options.redis, f"https://127.0.0.1:{port}") | {
            "BIND": f"127.0.0.1:{port}",
            "PROXY_COUNT": "0",
            # Plain HTTP on loopback: the session cookie must come back without TLS.
            "SESSION_COOKIE_SECURE": "false",
        }
        flask(env, "db", "upgrade")
        flask(env, "seed")
        people = {
            "ASB officer": ("officer@bench.invalid", "sbc-asb", "officer"),
            "administrator": ("admin@bench.invalid", "sbc-community-safety", "admin"),
        }
        password = secrets.token_urlsafe(16) + "Aa1!"
        for email, team, role in people.values():
            flask(
                env, "staff", "create", email, "--team", team, "--role", role, stdin=password + "\n"
            )
        references = fill(database_url, options.reports, people["ASB officer"][0])
        rows = []
        with running(
            [str(BIN / "python"), "serve.py"],
            env,
            folder / "inbox-serve.log",
            f"http://127.0.0.1:{port}/healthz",
        ):
            for who, (email, _, _) in people.items():
                client = signed_in_client(f"http://127.0.0.1:{port}", email, password)
                for what, path in (
                    ("inbox", "/staff/inbox"),
                    ("inbox, overdue only", "/staff/inbox?due=overdue"),
                    ("inbox, due first", "/staff/inbox?sort=due"),
                    ("report page", f"/staff/reports/{references['sbc-asb']}"),
                ):
                    times = timed(client, path, options.samples)
                    rows.append((who, what, *times))
        return rows
    finally:
        drop()


def timed(client, path: str, samples: int) -> tuple[float, float]:
    for _ in range(3):
        assert client.get(path).status_code == 200, path
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    cuts = statistics.quantiles(times, n=20)
    return statistics.median(times), cuts[18]


def print_servers(results: dict) -> None:
    static_http = results[("nginx static", "http")]
    static_https = results[("nginx static", "https")]
    print("\n| what | server | req/s | p50 ms | p99 ms | errors | vs nginx static | vs bare |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for (what, server), load in results.items():
        static = static_https if server == "https" else static_http
        bare = results.get(("bare", server))
        versus_bare = f"{load.rps / bare.rps:.0%}" if bare and what == "app" else ""
        print(
            f"| {what} | {server} | {load.rps:,.0f} | {load.p50_ms:.2f} | {load.p99_ms:.2f} "
            f"| {load.errors} | {load.rps / static.rps:.1%} | {versus_bare} |"
        )
    app, bare = results[("app", "granian")], results[("bare", "granian")]
    behind = results[("app behind the front", "https")]
    checks = [
        ("app direct (granian) >= 80 % of bare Flask on granian", app.rps >= 0.8 * bare.rps),
        ("app direct (granian) >= 10 % of nginx static", app.rps >= 0.1 * static_http.rps),
        ("behind the front >= 80 % of nginx static (https)", behind.rps >= 0.8 * static_https.rps),
        (
            "behind the front p99 <= 2 x nginx static p99 (https)",
            behind.p99_ms <= 2 * static_https.p99_ms,
        ),
    ]
    for label, met in checks:
        print(f"- {label}: {'met' if met else 'NOT met'}")


def print_pages(rows: list) -> bool:
    print("\n| report page | HTML bytes | with CSS, JS, icon | within 60 KB |")
    print("|---|---:|---:|---|")
    for url, html, total in rows:
        print(f"| {url} | {html:,} | {total:,} | {'yes' if total <= BUDGET_BYTES else 'NO'} |")
    return all(total <= BUDGET_BYTES for _, _, total in rows)


def print_inbox(rows: list, reports: int) -> bool:
    print(f"\n| {reports:,} reports in PostgreSQL | | p50 ms | p95 ms |")
    print("|---|---|---:|---:|")
    for who, what, p50, p95 in rows:
        print(f"| {who} | {what} | {p50:.1f} | {p95:.1f} |")
    met = all(p95 < INBOX_P95_MS for _, what, _, p95 in rows if what == "inbox")
    print(f"- the inbox (its first page) p95 < {INBOX_P95_MS} ms: {'met' if met else 'NOT met'}")
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--skip-inbox", action="store_true")
    parser.add_argument("--inbox-only", action="store_true", help="only part 3")
    options = parser.parse_args()
    for tool in ("wrk", "nginx", "openssl", "curl"):
        if not shutil.which(tool, path=os.environ["PATH"] + ":/usr/sbin"):
            print(f"front_load needs {tool}: apt-get install {tool}", file=sys.stderr)
            return 2
    print(f"load average at the start: {load_average()} ({os.cpu_count()} cores)")
    folder = Path(tempfile.mkdtemp(prefix="sosafe-front-load-"))
    if options.inbox_only:
        met = print_inbox(inbox(options, folder), options.reports)
        print(f"\nload average at the end: {load_average()}")
        shutil.rmtree(folder, ignore_errors=True)
        return 0 if met else 1
    ports = dict(
        zip(("app", "https", "http", "static"), (free_port() for _ in range(4)), strict=True)
    )
    env = app_env(
        f"sqlite:///{folder / 'front.db'}", options.redis, f"https://127.0.0.1:{ports['https']}"
    )
    flask(env, "db", "upgrade")
    flask(env, "seed")
    results = servers(options, env, folder)
    pages = front(options, env, folder, ports, results)
    print_servers(results)
    pages_ok = print_pages(pages)
    inbox_ok = options.skip_inbox or print_inbox(inbox(options, folder), options.reports)
    print(f"\nload average at the end: {load_average()}")
    shutil.rmtree(folder, ignore_errors=True)
    return 0 if pages_ok and inbox_ok else 1


if __name__ == "__main__":
    sys.exit(main())
