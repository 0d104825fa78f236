"""Start a throwaway So Safe under gunicorn for a benchmark, and stop it afterwards.

Loopback only. The database is a fresh SQLite file in a temporary folder unless
DATABASE_URL is set (then that database is migrated and seeded as it is).
"""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn_server(workers: int = 2, threads: int = 4, extra_env: dict | None = None):
    tmp = tempfile.mkdtemp(prefix="sosafe-bench-")
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.db")
    env.update({
        "SOSAFE_ENV": "production",
        "SECRET_KEY": "benchmark-only-secret-key-" + "x" * 20,
        "SESSION_COOKIE_SECURE": "false",
        "RATELIMIT_ENABLED": "false",
        **(extra_env or {}),
    })
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    subprocess.run([*flask, "seed"], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", str(threads), "--access-logfile", "/dev/null",
         "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start: " + process.stderr.read().decode())
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
