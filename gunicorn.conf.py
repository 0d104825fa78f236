"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.

The access log leaves out the client address and user agent, and the error log's own
lines about malformed requests lose the address and what was sent (app/web/server_logs.py):
no IP address or device fingerprint is written to logs (docs/product.md, the promises to
people who report).
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30
accesslog = "-"
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
logger_class = "app.web.server_logs.PrivateLogger"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    """Refuse to start workers whose rate limits would not be shared (app/config.py)."""
    from app.config import limiter_storage_problem

    problem = limiter_storage_problem(
        os.environ.get("SOSAFE_ENV", "production"),
        os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        server.cfg.workers,
    )
    if problem:
        raise SystemExit(f"So Safe will not start: {problem}")


def post_worker_init(worker):
    # Move everything loaded at start-up out of the garbage collector's view, so its
    # full collections stay short and do not show up as slow requests.
    import gc

    gc.collect()
    gc.freeze()
