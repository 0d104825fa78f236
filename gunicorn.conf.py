"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.

The access log leaves out the client address and user agent (DESIGN.md promises that no
IP address or device fingerprint is written to logs).
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30
accesslog = "-"
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    # Move everything loaded at start-up out of the garbage collector's view, so its
    # full collections stay short and do not show up as slow requests.
    import gc

    gc.collect()
    gc.freeze()
