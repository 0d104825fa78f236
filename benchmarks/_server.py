"""What the benchmarks share: starting a WSGI server (granian as serve.py runs it, or
gunicorn for comparison) on a loopback port, waiting for it, stopping it, and running wrk.
"""

import contextlib
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

import serve  # noqa: E402 - serve.py at the repository root

# The servers compared, each with 2 workers on this 2-core machine.
SERVERS = ("granian", "gunicorn-gthread", "gunicorn-sync")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_command(kind: str, port: int, target: str) -> list[str]:
    """The command for ``kind`` serving ``target`` (module:app). granian gets exactly the
    settings serve.py gives it in production."""
    if kind == "granian":
        settings = serve.settings({"BIND": f"127.0.0.1:{port}"})
        return [
            str(BIN / "granian"),
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(settings["workers"]),
            "--blocking-threads",
            str(settings["blocking_threads"]),
            "--backpressure",
            str(settings["backpressure"]),
            "--no-ws",
            target,
        ]
    gunicorn = [
        str(BIN / "gunicorn"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--access-logfile",
        "/dev/null",
        "--log-level",
        "warning",
    ]
    if kind == "gunicorn-gthread":
        return [*gunicorn, "--threads", "4", target]
    if kind == "gunicorn-sync":
        return [*gunicorn, "--worker-class", "sync", target]
    raise ValueError(kind)


@contextlib.contextmanager
def running(
    command: list[str],
    env: dict,
    log: Path,
    ready_url: str,
    cwd: Path = ROOT,
    tls: ssl.SSLContext | None = None,
    timeout: float = 60,
):
    """Start ``command``, wait until ``ready_url`` answers 200, stop its process group after."""
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(ready_url, timeout=2, context=tls) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"{Path(command[0]).name} did not start; see {log}:\n" + log.read_text()[-2000:]
                )
            time.sleep(0.2)
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@dataclass
class Load:
    """What wrk measured."""

    rps: float
    p50_ms: float
    p99_ms: float
    errors: int

    def row(self) -> str:
        return f"{self.rps:>9,.0f} req/s  p50 {self.p50_ms:7.2f} ms  p99 {self.p99_ms:7.2f} ms"


def to_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, seconds: int, connections: int, threads: int = 2) -> Load:
    """wrk --latency against ``url``; non-2xx/3xx answers and socket errors are counted."""
    result = subprocess.run(
        ["wrk", "--latency", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    output = result.stdout
    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.M))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), "
        r"timeout (\d+)",
        output,
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return Load(rps, to_ms(percentiles["50"]), to_ms(percentiles["99"]), errors)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])
