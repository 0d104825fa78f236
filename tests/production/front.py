"""The site as deployed, on loopback: granian started by serve.py, SOSAFE_ENV=production,
behind the nginx site from deploy/, with a self-signed certificate, Redis for the limiter
and the outbox sender delivering to an SMTP server here.

Everything runs as a subprocess, the way a server runs it: `flask db upgrade` and `flask
seed` first; then the commands of the deploy/systemd units (granian with 2 workers, the
outbox sender) from this virtual environment; then nginx started with `-p DIR -c CONF`
on the site rendered by deploy/render.py. The main nginx.conf here stands in for Debian's:
it keeps Debian's http-level access log (the combined format, with addresses), so the
tests show that the site's own log replaces it.
"""

import configparser
import os
import secrets
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller

from tests.core.test_outbox import Mailbox

REPO = Path(__file__).resolve().parents[2]
SITE_TEMPLATE = REPO / "deploy" / "nginx" / "sosafe.conf"
UNITS = REPO / "deploy" / "systemd"
MIME_TYPES = Path("/etc/nginx/mime.types")
# Debian's nginx.conf loads these (from modules-enabled/); with -p the path must be whole.
MODULES_DIR = Path("/usr/lib/nginx/modules")
BROTLI_MODULES = ("ngx_http_brotli_filter_module.so", "ngx_http_brotli_static_module.so")
REDIS_URL = os.environ.get("PRODUCTION_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
FOLLOW_UP_LIMIT = 5  # per 10 minutes: few attempts keep the rate-limit test short
START_TIMEOUT = 30
DISABLED_CONTROLS = "input[disabled], textarea[disabled], select[disabled], button[disabled]"

MAIN_CONF = """\
{user}
worker_processes 1;
{modules}
pid nginx.pid;
error_log logs/error.log;

events {{
    worker_connections 256;
}}

http {{
    include {mime_types};
    default_type application/octet-stream;
    access_log logs/access.log;
    client_body_temp_path temp/body;
    proxy_temp_path temp/proxy;
    fastcgi_temp_path temp/fastcgi;
    uwsgi_temp_path temp/uwsgi;
    scgi_temp_path temp/scgi;
    include sosafe.conf;
}}
"""


def which(tool: str) -> str | None:
    """Where ``tool`` is, looking in the sbin folders too (Debian puts nginx there)."""
    return shutil.which(tool, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")


def missing_tool() -> str | None:
    """Why the production tests cannot run here, naming what to install; None if they can."""
    for tool in ("nginx", "openssl"):
        if not which(tool):
            return f"production tests need {tool}: apt-get install {tool}"
    if not MIME_TYPES.exists():
        return f"production tests need {MIME_TYPES}: apt-get install nginx"
    if not all((MODULES_DIR / name).exists() for name in BROTLI_MODULES):
        return ("production tests need nginx's brotli modules: apt-get install "
                "libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static")
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return (f"production tests need Redis at {REDIS_URL}: apt-get install redis-server "
                "and start it")
    return None


def free_ports(count: int) -> list[int]:
    """``count`` different free loopback ports (all held open until all are chosen)."""
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, which the tests' clients also trust."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
         "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


@dataclass
class Front:
    """Where the running site is, and what it wrote."""

    site_url: str  # https, through nginx
    http_url: str  # plain http, through nginx (redirects only)
    app_url: str  # the app server itself, behind nginx
    prefix: Path  # nginx's -p directory
    conf: Path  # its main config, which includes the rendered deploy/ site
    certificate: Path
    app_log: Path  # the app server's output
    env: dict = field(repr=False)
    mailbox: object = field(repr=False)  # what the outbox sender sent (tests.test_outbox)

    @property
    def access_log(self) -> Path:
        return self.prefix / "logs" / "sosafe.access.log"

    def access_lines(self, since: int = 0, count: int = 0, seconds: float = 5) -> list[str]:
        """The access log's lines after the first ``since``, waiting until there are
        ``count``: nginx writes a line just after it has answered."""
        deadline = time.monotonic() + seconds
        while True:
            lines = self.access_log.read_text().splitlines()[since:]
            if len(lines) >= count or time.monotonic() > deadline:
                assert len(lines) >= count, lines
                return lines
            time.sleep(0.05)

    def settled_length(self, quiet: float = 0.3, seconds: float = 5) -> int:
        """How many lines the access log holds once the lines of requests already answered
        are in: nginx writes each just after answering, so a count taken at once can miss
        the previous test's last request and see it later as one of the next test's."""
        deadline = time.monotonic() + seconds
        length, changed = len(self.access_lines()), time.monotonic()
        while time.monotonic() < deadline and time.monotonic() - changed < quiet:
            time.sleep(0.05)
            now = len(self.access_lines())
            if now != length:
                length, changed = now, time.monotonic()
        return length

    def logs(self) -> dict[str, str]:
        """Every log nginx wrote, by file name."""
        return {path.name: path.read_text(errors="replace")
                for path in sorted((self.prefix / "logs").glob("*.log"))}

    def tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.certificate))

    def flask(self, *args: str, stdin: str | None = None) -> str:
        """Run `flask --app wsgi ARGS` as the server would, in production mode."""
        return run_flask(self.env, *args, stdin=stdin)


def run_flask(env: dict, *args: str, stdin: str | None = None) -> str:
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args],
                            cwd=REPO, env=env, input=stdin, capture_output=True, text=True,
                            timeout=120)
    if result.returncode:
        raise AssertionError(f"flask {' '.join(args)} failed ({result.returncode}):\n"
                             f"{result.stdout}\n{result.stderr}")
    return result.stdout


def production_env(database_url: str, site_url: str, app_port: int, smtp_port: int) -> dict:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("SOSAFE_", "TEST_DATABASE", "DATABASE_", "RATELIMIT_"))}
    return env | {
        "SOSAFE_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": database_url,
        "PROXY_COUNT": "1",
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "SITE_URL": site_url,
        "BIND": f"127.0.0.1:{app_port}",
        "WEB_CONCURRENCY": "2",
        "FOLLOW_UP_LIMIT": f"{FOLLOW_UP_LIMIT} per 10 minutes",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "OUTBOX_POLL_SECONDS": "1",
        "PYTHONUNBUFFERED": "1",
    }


def render_nginx(prefix: Path, front_values: dict) -> Path:
    """deploy/ nginx rendered into ``prefix`` (with deploy/render.py), and its main conf."""
    for name in ("logs", "temp", "acme"):
        (prefix / name).mkdir()
    values = [f"{name}={value}" for name, value in front_values.items()]
    rendered = subprocess.run([sys.executable, str(REPO / "deploy" / "render.py"),
                               str(SITE_TEMPLATE), *values], capture_output=True, text=True)
    assert rendered.returncode == 0, rendered.stderr
    site = rendered.stdout
    (prefix / "sosafe.conf").write_text(site)
    # nginx's workers run as "nobody" under root: they could not read the checkout or
    # write their temporary files here.
    user = "user root;" if os.geteuid() == 0 else ""
    main = prefix / "nginx.conf"
    main.write_text(MAIN_CONF.format(user=user, mime_types=MIME_TYPES, modules="\n".join(
        f"load_module {MODULES_DIR / name};" for name in BROTLI_MODULES)))
    return main


def nginx_test(prefix: Path, conf: Path) -> subprocess.CompletedProcess:
    """`nginx -t` on the rendered config."""
    return subprocess.run([which("nginx"), "-t", "-p", f"{prefix}/", "-c", str(conf)],
                          capture_output=True, text=True, timeout=30)


def unit_command(unit: str, replace: dict[str, str]) -> list[str]:
    """The ExecStart of a deploy/systemd unit, run from this virtual environment instead of
    the server's, with the paths in ``replace`` swapped."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(UNITS / unit)
    program, *arguments = shlex.split(parser["Service"]["ExecStart"])
    local = Path(sys.executable).parent / Path(program).name
    return [str(local), *(replace.get(argument, argument) for argument in arguments)]


def answers(url: str, tls: ssl.SSLContext | None = None):
    """A readiness check: ``url`` answers 200."""
    def check(log: Path) -> bool:
        try:
            with urllib.request.urlopen(url, timeout=2, context=tls) as response:
                return response.status == 200
        except OSError:
            return False
    check.what = url
    return check


def logs_line(text: str):
    """A readiness check: the service has written ``text`` to its log."""
    def check(log: Path) -> bool:
        return text in log.read_text()
    check.what = f"a log line {text!r}"
    return check


@contextmanager
def service(command: list[str], log: Path, ready, env: dict | None = None):
    """Start ``command`` with its output in ``log``, wait until ``ready(log)``, and stop it
    (its whole process group) on the way out."""
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=output,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not ready(log):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{Path(command[0]).name}: no {ready.what} (exit "
                                   f"{process.poll()}):\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


@contextmanager
def running_front(directory: Path, database_url: str):
    """The whole production stack on free loopback ports, torn down on the way out. The
    outbox sender mails an SMTP server here, which keeps what it is sent (front.mailbox)."""
    ports = dict(zip(("app", "https", "http", "smtp"), free_ports(4), strict=True))
    site_url = f"https://127.0.0.1:{ports['https']}"
    env = production_env(database_url, site_url, ports["app"], ports["smtp"])
    run_flask(env, "db", "upgrade")
    run_flask(env, "seed")
    prefix = directory / "nginx"
    prefix.mkdir()
    certificate, key = make_certificate(directory)
    conf = render_nginx(prefix, {
        "SITE_URL": site_url,
        "HTTP_LISTEN": f"127.0.0.1:{ports['http']}",
        "HTTPS_LISTEN": f"127.0.0.1:{ports['https']}",
        "TLS_CERTIFICATE": str(certificate),
        "TLS_CERTIFICATE_KEY": str(key),
        "ACME_ROOT": str(prefix / "acme"),
        "APP_ROOT": str(REPO),
        "APP_ADDRESS": f"127.0.0.1:{ports['app']}",
        "LOG_DIR": str(prefix / "logs"),
        "CACHE_DIR": str(prefix / "cache"),
    })
    mailbox = Mailbox()
    front = Front(site_url=site_url, http_url=f"http://127.0.0.1:{ports['http']}",
                  app_url=f"http://127.0.0.1:{ports['app']}", prefix=prefix, conf=conf,
                  certificate=certificate, app_log=directory / "app.log", env=env,
                  mailbox=mailbox)
    web = unit_command("sosafe-web.service", {})
    outbox = unit_command("sosafe-outbox.service", {})
    nginx = [which("nginx"), "-p", f"{prefix}/", "-c", str(conf), "-g", "daemon off;"]
    with ExitStack() as stack:
        mail_server = Controller(mailbox, hostname="127.0.0.1", port=ports["smtp"])
        mail_server.start()
        stack.callback(mail_server.stop)
        stack.enter_context(service(web, front.app_log, logs_line("Started worker-2"), env))
        stack.enter_context(service(outbox, directory / "outbox.log",
                                    logs_line("Sending the outbox"), env))
        stack.enter_context(service(nginx, directory / "nginx.out",
                                    answers(f"{site_url}/healthz", front.tls_context())))
        yield front
