"""What the fault tests and benchmarks/faults.py run against, all on loopback and all their
own: a PostgreSQL cluster (initdb into a temporary folder, so restarting it touches nothing
else), a Redis, the app server (serve.py), `outbox send --loop` senders and a mail server
(aiosmtpd).

PostgreSQL refuses to run as root, so as root its programs run as the ``postgres`` user
(``runuser``) in a folder that user owns. ``missing()`` says what to install when any of it
is not there, for the tests to skip with.
"""

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SECRET_KEY = "fault-test-secret-key-shared-by-every-server-0123456789"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bin() -> Path | None:
    """The folder holding initdb and pg_ctl (Debian keeps them out of PATH)."""
    found = shutil.which("initdb")
    candidates = [Path(found).parent] if found else []
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def postgres_user() -> str | None:
    """Who runs PostgreSQL's programs: ourselves, or as root the ``postgres`` user."""
    if os.geteuid() != 0:
        return None
    return "postgres"


def missing() -> str | None:
    """Why the fault suite cannot run here, naming what to install; None when it can."""
    if postgres_bin() is None:
        return ("needs PostgreSQL's initdb and pg_ctl (Debian: apt-get install postgresql, "
                "they live in /usr/lib/postgresql/<version>/bin)")
    if shutil.which("redis-server") is None:
        return "needs redis-server: apt-get install redis-server"
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            return "runs PostgreSQL as the postgres user through runuser: install util-linux"
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return ("PostgreSQL will not run as root and there is no 'postgres' user: "
                    "apt-get install postgresql (or run the tests as an ordinary user)")
    return None


def wait_for(check, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
        except Exception:  # noqa: BLE001 - not up yet, whatever the error
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not happen within {timeout} s")
        time.sleep(interval)


# --- PostgreSQL -----------------------------------------------------------------------------

class PostgresCluster:
    """A cluster of our own on a loopback port, in a temporary folder."""

    def __init__(self):
        self.bin = postgres_bin()
        self.user = postgres_user()
        self.folder = Path(tempfile.mkdtemp(prefix="sosafe-faults-pg-"))
        if self.user:
            shutil.chown(self.folder, self.user, self.user)
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self.port = free_port()

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=180, cwd="/")

    def init(self) -> "PostgresCluster":
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--no-instructions")
        self.start()
        return self

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   "-c max_connections=200")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "120",
                  "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "120", "stop")

    def restart(self, down_seconds: float) -> float:
        """Stop (closing every connection), stay down, start again: seconds it was down."""
        stopped = time.monotonic()
        self.stop()
        time.sleep(down_seconds)
        self.start()
        return time.monotonic() - stopped

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str, database: str = "postgres", autocommit: bool = True):
        import psycopg

        with psycopg.connect(self.url(database), autocommit=autocommit) as connection:
            cursor = connection.execute(sql)
            return cursor.fetchall() if cursor.description else None

    def new_database(self, name: str) -> str:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def destroy(self) -> None:
        try:
            self.stop("immediate")
        except subprocess.SubprocessError:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


# --- Redis ----------------------------------------------------------------------------------

class RedisServer:
    """A Redis of our own: nothing saved to disk, gone when stopped."""

    def __init__(self):
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="sosafe-faults-redis-"))
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self._ping, 30, "redis-server answering")

    def _ping(self) -> bool:
        with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)


# --- the mail server ------------------------------------------------------------------------

class MailSink:
    """An SMTP server on loopback that keeps what it receives; it can go down and come back
    on the same port."""

    def __init__(self):
        self.port = free_port()
        self.received: list[tuple[str, str]] = []  # (recipient, the message's reference)
        self.controller = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                body = envelope.content.decode("utf-8", "replace")
                reference = next((line.split(":", 1)[1].strip() for line in body.splitlines()
                                  if line.startswith("Reference:")), "")
                for recipient in envelope.rcpt_tos:
                    sink.received.append((recipient, reference))
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


# --- the app --------------------------------------------------------------------------------

def app_environment(database_url: str, redis_url: str, mail_port: int, **extra) -> dict:
    """Production mode, as the README runs it, with loopback addresses."""
    env = dict(os.environ)
    for name in ("TEST_DATABASE_URL", "SOSAFE_ENV", "FLASK_APP"):
        env.pop(name, None)
    env.update(
        SOSAFE_ENV="production",
        SECRET_KEY=SECRET_KEY,
        DATABASE_URL=database_url,
        RATELIMIT_STORAGE_URI=redis_url,
        SESSION_COOKIE_SECURE="0",
        SITE_URL="http://127.0.0.1",
        REPORT_SEND_LIMIT="100000 per hour",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(mail_port),
        MAIL_TIMEOUT_SECONDS="5",
        OUTBOX_POLL_SECONDS="1",
        OUTBOX_RETRY_BASE_SECONDS="1",
        OUTBOX_RETRY_MAX_SECONDS="2",
        # A claim whose commit went through unseen (the database restarting) holds its
        # message this long before it is sent after all.
        OUTBOX_LEASE_SECONDS="30",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update({name: str(value) for name, value in extra.items()})
    return env


def flask(env: dict, *args: str) -> str:
    done = subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True, timeout=300)
    return done.stdout


def prepare_database(env: dict) -> None:
    flask(env, "db", "upgrade")
    flask(env, "seed")


class AppServer:
    """The app server as production runs it (serve.py) on a loopback port; its log goes to a
    file."""

    def __init__(self, env: dict, log: Path, workers: int = 2, threads: int = 4):
        self.port = free_port()
        self.log = log
        self.base = f"http://127.0.0.1:{self.port}"
        with log.open("w") as out:
            self.process = subprocess.Popen(
                [str(BIN / "python"), "serve.py"],
                cwd=ROOT, env=env | {"BIND": f"127.0.0.1:{self.port}",
                                     "WEB_CONCURRENCY": str(workers),
                                     "WEB_THREADS": str(threads)},
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(self._healthy, 60, f"the app server on {self.port} answering /healthz")

    def _healthy(self) -> bool:
        if self.process.poll() is not None:
            raise SystemExit(f"the app server stopped; see {self.log}")
        with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
            return response.status == 200

    def workers(self) -> list[int]:
        """The worker processes' ids (children of granian's main process that run wsgi)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        children = [int(pid) for pid in path.read_text().split()]
        # multiprocessing's resource tracker is a child too; it is no worker.
        return [pid for pid in children
                if b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


class OutboxSender:
    """`flask --app wsgi outbox send --loop`, as the README runs it next to the app server."""

    def __init__(self, env: dict, log: Path):
        self.log = log
        with log.open("w") as out:
            self.process = subprocess.Popen(
                [str(BIN / "flask"), "--app", "wsgi", "outbox", "send", "--loop"], cwd=ROOT,
                env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


# --- what the database holds ----------------------------------------------------------------

def _rows(database_url: str, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(database_url) as connection:
        return connection.execute(sql).fetchall()


def stored_reports(database_url: str) -> dict[str, int | None]:
    """Each stored report's reference -> the number of the person who sent it."""
    import re

    marker = re.compile(r"Fault test person (\d+)\.")
    found = {}
    for reference, answers in _rows(database_url, "SELECT reference, answers FROM report"):
        match = marker.search((answers or {}).get("description", ""))
        found[reference] = int(match.group(1)) if match else None
    return found


def incomplete_reports(database_url: str) -> list[str]:
    """References of reports stored without all of their parts: a route, the ``created``
    event, and one ``new_report`` message for each routed team that takes email."""
    expected = dict(_rows(database_url, """
        SELECT r.reference, count(t.notification_email)
        FROM report r JOIN report_route rr ON rr.report_id = r.id JOIN team t ON t.id = rr.team_id
        GROUP BY r.reference"""))
    created = {ref for (ref,) in _rows(database_url, """
        SELECT r.reference FROM report r JOIN report_event e ON e.report_id = r.id
        WHERE e.kind = 'created'""")}
    messages: dict[str, int] = {}
    for (personalisation,) in _rows(
            database_url, "SELECT personalisation FROM outbox_message "
                          "WHERE template = 'new_report'"):
        reference = personalisation.get("reference")
        messages[reference] = messages.get(reference, 0) + 1
    references = [ref for (ref,) in _rows(database_url, "SELECT reference FROM report")]
    return sorted(ref for ref in references
                  if ref not in expected or ref not in created
                  or messages.get(ref, 0) != expected[ref])


def outbox_counts(database_url: str) -> dict[str, int]:
    return dict(_rows(database_url, "SELECT status, count(*) FROM outbox_message GROUP BY status"))


def wait_for_outbox_sent(database_url: str, count: int, senders, timeout: float = 180):
    """Wait until all ``count`` messages are sent; say where things stand if they are not."""
    try:
        wait_for(lambda: outbox_counts(database_url) == {"sent": count}, timeout,
                 "every message sent")
    except RuntimeError as error:
        logs = "\n".join(sender.log.read_text()[-2000:] for sender in senders)
        raise AssertionError(f"{error}: {outbox_counts(database_url)}\n{logs}") from None


def outbox_expected(database_url: str) -> list[tuple[str, str]]:
    """(recipient, reference) of every message the outbox holds."""
    return [(to, personalisation.get("reference", "")) for to, personalisation in _rows(
        database_url, "SELECT to_address, personalisation FROM outbox_message")]
