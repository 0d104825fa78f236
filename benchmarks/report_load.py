"""Load test: many people sending reports at once, and nothing lost.

Starts the app server as production runs it (serve.py: granian, 2 workers) on a loopback port against a fresh database
(SQLite in a temporary folder, or a new PostgreSQL database made next to DATABASE_URL and
dropped afterwards), then N concurrent clients each walk whole report journeys the way a
phone would (every page, CSRF token, session cookie) and send them. At the end it counts
what the database holds and prints:

    stored/sent, errors, p50/p95 of the send request and of every request, throughput

Usage (from the repository root, after `make install`):

    .venv/bin/python benchmarks/report_load.py                      # SQLite
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/report_load.py                  # PostgreSQL

Options: --reports 500 --clients 32 --port 8123 --time-limit 900. Loopback only; every
request has a timeout and the whole run a time limit. The per-client send limit is raised
for the run (all clients share 127.0.0.1), and nothing else is changed.
"""

import argparse
import http.client
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
REQUEST_TIMEOUT = 60

COMMON = [
    ("where", {"where": "Outside the shops on Marshgate", "area": "town-centre"}),
    ("when", {"when_kind": "ongoing"}),
    ("what-happened", {"description": "Load test report: a group shouting at people.",
                       "people": "Three people in dark coats"}),
    ("photos", {}),
    ("contact", {"contact_wanted": "no"}),
]
JOURNEYS = {
    "anti-social-behaviour": [
        ("danger-now", {"danger_now": "no"}),
        ("what-is-happening", {"asb_what": "groups"}),
        ("happened-before", {"repeat": "a_few_times"}),
        ("how-it-affects-you", {"effects": ["sleep"]}),
        *COMMON,
    ],
    "hate-crime": [
        ("danger-now", {"danger_now": "no"}),
        ("who-it-happened-to", {"hate_for": "victim"}),
        ("why-it-happened", {"hate_strands": ["race"]}),
        ("online-or-in-person", {"hate_online": "online"}),
        *COMMON,
    ],
    "stalking-or-harassment": [
        ("danger-now", {"danger_now": "no"}),
        ("who-it-is-happening-to", {"stalking_for": "me"}),
        ("who-is-doing-it", {"relationship": "former_partner"}),
        ("what-they-are-doing", {"behaviours": ["messages"]}),
        *COMMON,
    ],
}
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
# The reference is drawn a group a span (components/code.html): read the element's text.
REFERENCE = re.compile(r'class="app-reference">(.*?)</strong>', re.S)


class Failure(Exception):
    pass


class Phone:
    """One client: its own connection and session cookie, like one phone."""

    def __init__(self, port: int, timings: list, lock: threading.Lock):
        self.port, self.timings, self.lock = port, timings, lock
        self.cookie = None
        self.connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)

    def request(self, method: str, path: str, fields: dict | None = None):
        body, headers = None, {"User-Agent": "report-load-benchmark"}
        if fields is not None:
            pairs = [(k, v) for k, value in fields.items()
                     for v in (value if isinstance(value, list) else [value])]
            body = urlencode(pairs)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookie:
            headers["Cookie"] = self.cookie
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            self.connection = http.client.HTTPConnection(HOST, self.port,
                                                         timeout=REQUEST_TIMEOUT)
            raise Failure(f"{type(error).__name__}") from error
        elapsed = time.perf_counter() - started
        with self.lock:
            self.timings.append(elapsed)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("sosafe_session="):
                self.cookie = value.split(";", 1)[0]
        return response.status, response.getheader("Location"), text, elapsed

    def get(self, path: str) -> str:
        status, location, text, _ = self.request("GET", path)
        if status != 200:
            raise Failure(f"GET {path.rsplit('/', 1)[-1]}: {status}")
        return text

    def send_report(self, journey: str) -> tuple[str, float]:
        self.cookie = None
        page = self.get(f"/report/{journey}/danger-now")
        for step, answers in JOURNEYS[journey]:
            token = TOKEN.search(page)
            if token is None:
                raise Failure(f"no CSRF token on {step}")
            path = f"/report/{journey}/{step}"
            status, location, _, _ = self.request("POST", path,
                                                  {"csrf_token": token.group(1), **answers})
            if status != 302 or not location:
                raise Failure(f"POST {step}: {status}")
            page = self.get(urlsplit(location).path)
        token = TOKEN.search(page).group(1)
        status, _, text, elapsed = self.request(
            "POST", f"/report/{journey}/check-your-answers", {"csrf_token": token})
        found = REFERENCE.search(text)
        if status != 200 or found is None:
            raise Failure(f"send: {status}")
        return re.sub(r"<[^>]+>|\s", "", found.group(1)), elapsed


def run_clients(port: int, reports: int, clients: int, deadline: float) -> dict:
    jobs = list(range(reports))
    journeys = list(JOURNEYS)
    lock = threading.Lock()
    timings: list[float] = []
    result = {"references": [], "send_times": [], "errors": Counter(), "attempted": 0}

    def worker():
        phone = Phone(port, timings, lock)
        while time.monotonic() < deadline:
            with lock:
                if not jobs:
                    return
                number = jobs.pop()
                result["attempted"] += 1
            try:
                reference, elapsed = phone.send_report(journeys[number % len(journeys)])
            except Failure as error:
                with lock:
                    result["errors"][str(error)] += 1
                continue
            with lock:
                result["references"].append(reference)
                result["send_times"].append(elapsed)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(deadline - time.monotonic(), 0) + REQUEST_TIMEOUT)
    result["elapsed"] = time.perf_counter() - started
    result["request_times"] = timings
    result["unfinished"] = len(jobs)
    return result


# --- the database and the server -----------------------------------------------------

def fresh_database(base_url: str | None, folder: Path):
    """(url for the app, cleanup function)."""
    if not base_url:
        return f"sqlite:///{folder / 'load.db'}", lambda: None
    import psycopg

    admin = base_url.replace("postgresql+psycopg://", "postgresql://")
    name = f"sosafe_load_{secrets.token_hex(4)}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = admin.rsplit("/", 1)[0] + f"/{name}"

    def drop():
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url, drop


def stored_references(url: str) -> list[str]:
    import sqlalchemy as sa

    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        found = list(connection.execute(sa.text("SELECT reference FROM report")).scalars())
        routes = connection.execute(sa.text("SELECT count(*) FROM report_route")).scalar()
        outbox = connection.execute(sa.text("SELECT count(*) FROM outbox_message")).scalar()
    engine.dispose()
    return found, routes, outbox


def environment(database_url: str, folder: Path) -> dict:
    env = dict(os.environ)
    env.update(
        SOSAFE_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(32),
        DATABASE_URL=database_url,
        SESSION_COOKIE_SECURE="0",
        REPORT_SEND_LIMIT="1000000 per hour",
        RATELIMIT_STORAGE_URI="memory://",
        WEB_CONCURRENCY="2",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def flask(env: dict, *args: str) -> None:
    subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL)


def start_server(env: dict, port: int, log: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(BIN / "python"), "serve.py"],
        cwd=ROOT, env=env | {"BIND": f"{HOST}:{port}", "WEB_CONCURRENCY": "2"}, stdout=log.open("w"), stderr=subprocess.STDOUT,
        start_new_session=True)
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
        if server.poll() is not None:
            break
    stop_server(server)
    raise SystemExit(f"the app server did not start; see {log}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(int(fraction * len(ordered)), len(ordered) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--time-limit", type=int, default=900, help="seconds for the run")
    options = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL")
    with tempfile.TemporaryDirectory(prefix="sosafe-load-") as folder:
        folder = Path(folder)
        database_url, drop = fresh_database(base_url, folder)
        label = "PostgreSQL" if base_url else "SQLite"
        try:
            env = environment(database_url, folder)
            flask(env, "db", "upgrade")
            flask(env, "seed")
            log = folder / "app-server.log"
            server = start_server(env, options.port, log)
            try:
                result = run_clients(options.port, options.reports, options.clients,
                                     time.monotonic() + options.time_limit)
            finally:
                stop_server(server)
            access = re.findall(r'" (\d{3}) ', log.read_text())
            server_errors = sum(code.startswith("5") for code in access)
            stored, routes, outbox = stored_references(database_url)
        finally:
            drop()

    sent = result["references"]
    missing = set(sent) - set(stored)
    sends, requests = result["send_times"], result["request_times"]
    print(f"database:          {label}, granian 2 workers, {options.clients} clients")
    print(f"reports attempted: {result['attempted']} of {options.reports}"
          + (f" ({result['unfinished']} not started before the time limit)"
             if result["unfinished"] else ""))
    print(f"stored/sent:       {len(stored)}/{len(sent)}"
          f" (sent = a reference came back; missing from the database: {len(missing)})")
    print(f"routes, outbox:    {routes}, {outbox}")
    print(f"errors:            {sum(result['errors'].values())}"
          + "".join(f"\n  {count} x {what}" for what, count in result["errors"].most_common()))
    print(f"server log:        {len(access)} requests logged, {server_errors} with a 5xx status")
    print(f"send p50/p95:      {percentile(sends, .5) * 1000:.0f} ms / "
          f"{percentile(sends, .95) * 1000:.0f} ms")
    print(f"request p50/p95:   {percentile(requests, .5) * 1000:.0f} ms / "
          f"{percentile(requests, .95) * 1000:.0f} ms  ({len(requests)} requests, "
          f"mean {statistics.fmean(requests) * 1000 if requests else 0:.0f} ms)")
    print(f"elapsed:           {result['elapsed']:.1f} s, "
          f"{len(sent) / result['elapsed']:.1f} reports/s")
    ok = (not missing and len(stored) == len(sent) == options.reports
          and not result["errors"] and not server_errors)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
