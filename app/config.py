"""Settings, read from the environment so production needs no code change."""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    ENVIRONMENT = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    # A pooled connection is tested as it is checked out, so one that died while idle (the
    # database restarted) is replaced, not used. See also app/web/retry.py.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # Seconds to wait for PostgreSQL to accept a connection, and for a free pooled one: a
    # database that is away makes a quick friendly 503, well inside the app server's timeout.
    DB_CONNECT_TIMEOUT = int(os.environ.get("DB_CONNECT_TIMEOUT", "5"))
    DB_POOL_TIMEOUT = int(os.environ.get("DB_POOL_TIMEOUT", "10"))
    # The pause before a request that lost its connection is tried once more (app/web/
    # retry.py): long enough for a restarted database to answer, short for a worker.
    DB_RETRY_PAUSE_SECONDS = float(os.environ.get("DB_RETRY_PAUSE_SECONDS", "1"))

    # Where "Exit this page" sends people: a neutral, busy site.
    EXIT_URL = os.environ.get("EXIT_URL", "https://www.bbc.co.uk/weather")
    # How many reverse proxies sit in front of us and may set X-Forwarded-For and
    # X-Forwarded-Proto. The address is used only for a hashed rate-limit key, never stored.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    # Host names the site answers to (comma-separated). In production, unset means the host
    # of SITE_URL alone; any other Host header gets a 400, so no redirect can point elsewhere.
    TRUSTED_HOSTS = [h.strip() for h in os.environ["TRUSTED_HOSTS"].split(",") if h.strip()] \
        if os.environ.get("TRUSTED_HOSTS") else None

    SESSION_COOKIE_NAME = "sosafe_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    PERMANENT_SESSION_LIFETIME = 60 * 60  # seconds; drafts expire after 60 idle minutes

    WTF_CSRF_TIME_LIMIT = None  # the session lifetime already bounds the token
    # Flask-WTF's strict HTTPS check wants a Referer, and our Referrer-Policy (no-referrer)
    # means browsers send none, so every POST over HTTPS would fail. The session-bound token
    # with SameSite=Lax cookies is the defence, and app/web/security.py refuses POSTs that the
    # browser labels cross-site (Sec-Fetch-Site), which needs no Referer.
    WTF_CSRF_SSL_STRICT = False
    MAX_CONTENT_LENGTH = 26 * 1024 * 1024  # 5 photos of up to 5 MB plus the form

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # While the shared store (Redis) is unreachable, each worker counts on its own instead
    # of every limited page failing; the shared counts resume when it is back.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)  # off only for local load benchmarks
    RATELIMIT_HEADERS_ENABLED = False
    # Per client (keyed by a daily-rotating hash of the address, never the address itself).
    # Generous, because many phones share one address behind a mobile network.
    REPORT_SEND_LIMIT = os.environ.get("REPORT_SEND_LIMIT", "20 per hour")
    FOLLOW_UP_LIMIT = os.environ.get("FOLLOW_UP_LIMIT", "10 per 10 minutes")

    # Photo uploads (report photos, follow-up photos) per client, counted as requests.
    PHOTO_UPLOAD_LIMIT = os.environ.get("PHOTO_UPLOAD_LIMIT", "30 per hour")
    # Decoding pictures (app/core/photos.py): the most pixels one may decode to, how many a
    # process decodes at once, and how long an upload waits for its turn before "try again".
    PHOTO_MAX_PIXELS = int(os.environ.get("PHOTO_MAX_PIXELS", "25000000"))
    PHOTO_DECODES_AT_ONCE = int(os.environ.get("PHOTO_DECODES_AT_ONCE", "2"))
    PHOTO_DECODE_WAIT_SECONDS = float(os.environ.get("PHOTO_DECODE_WAIT_SECONDS", "20"))

    DRAFT_IDLE_MINUTES = int(os.environ.get("DRAFT_IDLE_MINUTES", "60"))

    # ASB Case Review: the statutory default is three qualifying complaints in six months.
    CASE_REVIEW_THRESHOLD = int(os.environ.get("CASE_REVIEW_THRESHOLD", "3"))
    CASE_REVIEW_WINDOW_DAYS = int(os.environ.get("CASE_REVIEW_WINDOW_DAYS", "183"))
    # Repeats (docs/casework.md): reports of one kind about one area link when they arrive
    # within this many days of each other. A starting point for the partnership to confirm.
    REPEAT_WINDOW_DAYS = int(os.environ.get("REPEAT_WINDOW_DAYS", "28"))

    # Outgoing mail: "smtp" (default) or "notify" (GOV.UK Notify).
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "127.0.0.1")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_FROM = os.environ.get("MAIL_FROM", "no-reply@sosafe.example.invalid")
    NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY")
    # Absolute address of the site, used in links inside emails.
    SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:5000")

    # Delivery of the outbox: attempts before a message is marked failed, and the backoff
    # (doubling from the base, never longer than the cap) between attempts.
    OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "8"))
    OUTBOX_RETRY_BASE_SECONDS = int(os.environ.get("OUTBOX_RETRY_BASE_SECONDS", "60"))
    OUTBOX_RETRY_MAX_SECONDS = int(os.environ.get("OUTBOX_RETRY_MAX_SECONDS", "3600"))
    OUTBOX_POLL_SECONDS = int(os.environ.get("OUTBOX_POLL_SECONDS", "10"))
    # How long a sender holds a message it took: longer than any one send can take. A
    # sender that dies holding one leaves it to be sent again when this runs out.
    OUTBOX_LEASE_SECONDS = int(os.environ.get("OUTBOX_LEASE_SECONDS", "300"))
    MAIL_TIMEOUT_SECONDS = int(os.environ.get("MAIL_TIMEOUT_SECONDS", "20"))
    # GOV.UK Notify template ids, one per outbox template: "new_report=<uuid>,...".
    NOTIFY_TEMPLATE_IDS = os.environ.get("NOTIFY_TEMPLATE_IDS", "")
    # Open311: the key each team's own case system gave us ("sbc-asb=KEY,..."), and how
    # long to wait for a case system to answer (docs/open311.md).
    OPEN311_CASE_SYSTEM_KEYS = os.environ.get("OPEN311_CASE_SYSTEM_KEYS", "")
    OPEN311_TIMEOUT_SECONDS = int(os.environ.get("OPEN311_TIMEOUT_SECONDS", "20"))
    # Reports and updates one Open311 client may POST (a front end such as FixMyStreet
    # sends for many residents, so far more than one person's REPORT_SEND_LIMIT).
    OPEN311_POST_LIMIT = os.environ.get("OPEN311_POST_LIMIT", "300 per hour")
    NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")

    # Staff area. Argon2id password hashing: None keeps argon2-cffi's defaults (RFC 9106).
    ARGON2_TIME_COST: int | None = None
    ARGON2_MEMORY_COST: int | None = None
    STAFF_IDLE_MINUTES = int(os.environ.get("STAFF_IDLE_MINUTES", "30"))
    # However active, a staff session ends this long after signing in.
    STAFF_SESSION_MAX_HOURS = int(os.environ.get("STAFF_SESSION_MAX_HOURS", "12"))
    # Failed sign-ins in a row before an account is locked, and for how long.
    STAFF_LOCKOUT_ATTEMPTS = int(os.environ.get("STAFF_LOCKOUT_ATTEMPTS", "5"))
    STAFF_LOCKOUT_MINUTES = int(os.environ.get("STAFF_LOCKOUT_MINUTES", "15"))
    # Sign-in attempts (keyed by a daily-rotating hash, app/web/privacy.py): per client address
    # and account together, and a much higher ceiling per address alone, so that a whole
    # office behind one address can sign in on a Monday morning.
    STAFF_LOGIN_RATE_LIMIT = os.environ.get("STAFF_LOGIN_RATE_LIMIT", "10 per minute;60 per hour")
    STAFF_LOGIN_ADDRESS_LIMIT = os.environ.get("STAFF_LOGIN_ADDRESS_LIMIT",
                                               "100 per minute;1000 per hour")
    INBOX_PAGE_SIZE = int(os.environ.get("INBOX_PAGE_SIZE", "25"))
    # Working days for overdue flags: Monday to Friday in UK time (app/core/clock.py), minus
    # these dates (comma-separated YYYY-MM-DD, e.g. bank holidays).
    NON_WORKING_DAYS = os.environ.get("NON_WORKING_DAYS", "")

    # The longest page text comms staff may save or preview, in characters: about three
    # times our longest page. Rendering stays well under a second up to this size.
    PAGE_BODY_MAX_CHARS = int(os.environ.get("PAGE_BODY_MAX_CHARS", "20000"))

    # Longest a worker serves a stored public page before asking the database whether it
    # changed (app/web/page_store.py). A change made through the same worker shows at once.
    PUBLIC_PAGE_RECHECK_SECONDS = float(os.environ.get("PUBLIC_PAGE_RECHECK_SECONDS", "1"))
    CONTENT_DIR = os.environ.get(
        "CONTENT_DIR", str(Path(__file__).resolve().parent.parent / "content")
    )


class DevelopmentConfig(Config):
    ENVIRONMENT = "development"
    SESSION_COOKIE_SECURE = False


class TestingConfig(Config):
    ENVIRONMENT = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
    SESSION_COOKIE_SECURE = False
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    RATELIMIT_STORAGE_URI = "memory://"
    DB_RETRY_PAUSE_SECONDS = 0
    # Tests change the database directly and expect the next request to see it; the tests
    # of app/web/page_store.py turn it on.
    PUBLIC_PAGE_RECHECK_SECONDS = 0
    # Quick password hashes, for tests only.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024


CONFIGS = {
    "production": Config,
    "development": DevelopmentConfig,
    "testing": TestingConfig,
}


def trusted_hosts(site_url: str) -> list[str]:
    """The host of the site's own address: the one name production answers to by default."""
    host = urlsplit(site_url).hostname
    return [host] if host else []


def limiter_storage_problem(environment: str, storage_uri: str, workers: int) -> str | None:
    """Why these limiter settings cannot protect a production site, or None if they can.

    With in-memory storage each worker process counts on its own, so a client gets the
    limit once per worker: "20 an hour" becomes 40 with two workers.
    """
    if environment == "production" and storage_uri.startswith("memory://") and workers > 1:
        return (
            f"RATELIMIT_STORAGE_URI is {storage_uri} with {workers} workers: each worker would "
            "count on its own and the rate limits would not hold. Set RATELIMIT_STORAGE_URI "
            "to a shared store, for example redis://127.0.0.1:6379/0."
        )
    return None


def engine_options(uri: str, options: dict, connect_timeout: int = 5,
                   pool_timeout: int = 10) -> dict:
    """SQLAlchemy engine options for ``uri``: a copy of ``options`` (pre-ping stays on for
    every database), with PostgreSQL's waits bounded."""
    options = {"pool_pre_ping": True, **options}
    if uri.startswith("postgresql"):
        options.setdefault("pool_timeout", pool_timeout)
        options["connect_args"] = {"connect_timeout": connect_timeout,
                                   **options.get("connect_args", {})}
    return options


def instance_secret_key(instance_path: str) -> str:
    """A development secret kept in instance/ so sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
