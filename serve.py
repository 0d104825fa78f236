"""Serve So Safe in production with granian: `python serve.py` (deploy/systemd/sosafe-web.service).

granian, a WSGI server written in Rust, was chosen by measurement over gunicorn (sync and
threaded workers) on this app: benchmarks/front_load.py, figures in docs/performance.md.

Settings come from the environment, as the app's do:

    BIND              address:port to listen on             127.0.0.1:8000
    WEB_CONCURRENCY   worker processes                      2
    WEB_THREADS       threads per worker running requests   4

The access log leaves out the client address and user agent: no IP address or device
fingerprint is written to logs (docs/product.md, the promises to people who report).
SIGHUP starts new workers and retires the old ones (`systemctl reload sosafe-web`); a
worker that dies is replaced.
"""

import os
import sys

ACCESS_LOG_FORMAT = '"%(method)s %(path)s %(protocol)s" %(status)d %(dt_ms).1fms'


def settings(environ=os.environ) -> dict:
    """granian's settings from the environment (the keywords granian.Granian takes)."""
    host, _, port = environ.get("BIND", "127.0.0.1:8000").rpartition(":")
    threads = int(environ.get("WEB_THREADS", "4"))
    return {
        "target": "wsgi:app",
        "address": host or "127.0.0.1",
        "port": int(port),
        "interface": "wsgi",
        "workers": int(environ.get("WEB_CONCURRENCY", "2")),
        "blocking_threads": threads,
        # Requests waiting for a thread queue in granian rather than in the database pool.
        "backpressure": threads * 16,
        "websockets": False,
        "log_access": True,
        "log_access_format": ACCESS_LOG_FORMAT,
        "respawn_failed_workers": True,
        "respawn_interval": 1.0,
        "workers_kill_timeout": 30,
    }


def startup_problem(environ=os.environ) -> str | None:
    """Why the workers must not start (rate limits that would not be shared), or None."""
    from app.config import limiter_storage_problem

    return limiter_storage_problem(
        environ.get("SOSAFE_ENV", "production"),
        environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        settings(environ)["workers"],
    )


def main() -> int:
    problem = startup_problem()
    if problem:
        print(f"So Safe will not start: {problem}", file=sys.stderr)
        return 1
    from granian import Granian
    from granian.constants import Interfaces

    options = settings() | {"interface": Interfaces.WSGI}
    Granian(**options).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
