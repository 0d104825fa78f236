"""The outbox: messages are stored in the same transaction as what caused them, and sent
later by `flask --app wsgi outbox send`, so a mail failure can never undo a report.

Messages never carry report content. Each template below is fixed text; the only values
a message may carry are a reference, a priority and a link (``enqueue`` refuses anything
else), so an answer, a description or a reporter's details cannot reach an email at all.

Delivery (``deliver_due``) claims one due message at a time and commits the claim before
sending: one UPDATE moves the message's next attempt to the end of a lease
(``OUTBOX_LEASE_SECONDS``), choosing it with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so
any number of senders, on any number of machines, never take the same message, even if a
sender's database connection drops while it sends. Then it sends, and records what
happened; while the database is away it keeps trying to record it (as long as the lease
lasts), so a message that went is not sent again. A failure is recorded on the message and
retried later, the wait doubling each time (``OUTBOX_RETRY_BASE_SECONDS``, capped at
``OUTBOX_RETRY_MAX_SECONDS``) until ``OUTBOX_MAX_ATTEMPTS``; then, or at once for a
permanent refusal (an SMTP 5xx, a Notify 400/403), the message is marked ``failed`` with
the reason.

Not every message is an email. A team whose reports also go to its own case system gets a
``case_system_report`` message too, whose ``to_address`` is the team's slug; the delivery
method for it (``app/open311/delivery.py``, one module per method, as FixMyStreet's
SendReport does) reads the report when it sends, so the message itself still carries only
the reference. Such methods are passed to ``deliver_due`` as ``methods``; a sender without
a method for a message leaves it waiting rather than failing it. Retries, the lease and
failure reporting are the same for every method. Delivery is at least once: if a sender
dies after the mail server (or case system) accepted a message but before it recorded so,
the lease runs out and it is sent again."""

import logging
import smtplib
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid

import sqlalchemy as sa

from app.core import clock, database
from app.core.database import CONNECTION_ERRORS
from app.core.email_texts import TEMPLATES
from app.core.models import OutboxMessage
from app.extensions import db

log = logging.getLogger(__name__)

ALLOWED_FIELDS = ("reference", "priority", "link")
MAX_FIELD_LENGTH = 300

# Messages delivered by a method of their own rather than as email (see the docstring).
OTHER_METHODS = ("case_system_report",)


class TemporaryFailure(Exception):
    """Try again later."""


class PermanentFailure(Exception):
    """Trying again will not help (an address refused, a template missing)."""


def enqueue(to_address: str, template: str, **personalisation) -> OutboxMessage:
    """Add a message to the current transaction; the caller commits."""
    if template not in TEMPLATES and template not in OTHER_METHODS:
        raise ValueError(f"unknown outbox template {template!r}; known: "
                         f"{sorted(TEMPLATES) + list(OTHER_METHODS)}")
    unexpected = set(personalisation) - set(ALLOWED_FIELDS)
    if unexpected:
        raise ValueError(f"outbox messages carry only {ALLOWED_FIELDS}, never report content; "
                         f"got {sorted(unexpected)}")
    for name, value in personalisation.items():
        if not isinstance(value, str) or len(value) > MAX_FIELD_LENGTH:
            raise ValueError(f"outbox field {name!r} must be a short string")
    message = OutboxMessage(to_address=to_address, template=template,
                            personalisation=personalisation)
    db.session.add(message)
    return message


@dataclass
class RenderedEmail:
    to_address: str
    subject: str
    body: str
    template: str
    personalisation: dict
    reference: str  # our id for the message, for the provider's records


def render(message: OutboxMessage) -> RenderedEmail:
    if message.template not in TEMPLATES:
        raise PermanentFailure(f"unknown template {message.template!r}")
    values = {name: "" for name in ALLOWED_FIELDS}
    values.update({k: v for k, v in (message.personalisation or {}).items()
                   if k in ALLOWED_FIELDS})
    values["priority"] = values["priority"] or "standard"
    subject, body = TEMPLATES[message.template]
    return RenderedEmail(message.to_address, subject.format_map(values),
                         body.format_map(values), message.template, dict(values),
                         f"outbox-{message.id}")


# --- backends ---------------------------------------------------------------------------

class SMTPBackend:
    """Sends through the SMTP server in the MAIL_* settings, one connection per batch."""

    def __init__(self, config):
        self.config = config
        self.connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        if self.connection is None:
            config = self.config
            connection = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"],
                                      timeout=config["MAIL_TIMEOUT_SECONDS"])
            if config["MAIL_USE_TLS"]:
                connection.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            self.connection = connection
        return self.connection

    def send(self, email: RenderedEmail) -> None:
        message = EmailMessage()
        message["From"] = self.config["MAIL_FROM"]
        message["To"] = email.to_address
        message["Subject"] = email.subject
        message["Message-ID"] = make_msgid(domain=self.config["MAIL_FROM"].rsplit("@", 1)[-1])
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(email.body)
        try:
            self._connect().send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            failure = PermanentFailure if all(c >= 500 for c in codes) else TemporaryFailure
            raise failure(f"recipient refused ({', '.join(map(str, codes))})") from error
        except smtplib.SMTPResponseException as error:
            self.close()
            failure = PermanentFailure if error.smtp_code >= 500 else TemporaryFailure
            raise failure(f"SMTP {error.smtp_code}") from error
        except (smtplib.SMTPException, OSError) as error:
            self.close()
            raise TemporaryFailure(f"{type(error).__name__}: {error}") from error

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self.connection = None


def notify_template_ids(text: str) -> dict[str, str]:
    """"new_report=uuid,reporter_update=uuid" -> {"new_report": "uuid", ...}"""
    pairs = (item.split("=", 1) for item in text.split(",") if "=" in item)
    return {name.strip(): value.strip() for name, value in pairs}


class NotifyBackend:
    """Sends through GOV.UK Notify. Each outbox template needs a Notify template with the
    same wording and the placeholders ((reference)), ((priority)) and ((link))."""

    def __init__(self, config, client=None):
        from notifications_python_client.notifications import NotificationsAPIClient

        self.template_ids = notify_template_ids(config["NOTIFY_TEMPLATE_IDS"])
        self.client = client or NotificationsAPIClient(
            config["NOTIFY_API_KEY"], base_url=config["NOTIFY_BASE_URL"],
            timeout=config["MAIL_TIMEOUT_SECONDS"],
        )

    def send(self, email: RenderedEmail) -> None:
        from notifications_python_client.errors import APIError

        template_id = self.template_ids.get(email.template)
        if not template_id:
            raise PermanentFailure(f"no Notify template id for {email.template!r}: "
                                   "set NOTIFY_TEMPLATE_IDS")
        try:
            self.client.send_email_notification(
                email_address=email.to_address, template_id=template_id,
                personalisation=email.personalisation, reference=email.reference,
            )
        except APIError as error:
            status = error.status_code
            failure = PermanentFailure if status in (400, 403) else TemporaryFailure
            raise failure(f"Notify {status}: {error.message}") from error

    def close(self) -> None:
        pass


def backend_for(config):
    if config["MAIL_BACKEND"] == "notify":
        return NotifyBackend(config)
    if config["MAIL_BACKEND"] == "smtp":
        return SMTPBackend(config)
    raise ValueError(f"MAIL_BACKEND must be 'smtp' or 'notify', not {config['MAIL_BACKEND']!r}")


# --- delivery ---------------------------------------------------------------------------

@dataclass
class DeliveryResult:
    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"Sent {len(self.sent)}, will retry {len(self.retrying)}, "
                f"failed {len(self.failed)}.")


def retry_delay(attempts: int, config) -> timedelta:
    seconds = config["OUTBOX_RETRY_BASE_SECONDS"] * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, config["OUTBOX_RETRY_MAX_SECONDS"]))


def _claim_next(now: datetime, lease_until: datetime, templates: list[str] | None = None
                ) -> OutboxMessage | None:
    """Take the next due message for this sender, in one committed UPDATE: until the lease
    ends no other sender sees it as due. If this sender dies, the lease runs out and the
    message is due again. Only messages this sender has a method for (``templates``: the
    emails unless told otherwise)."""
    due = (OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now,
           OutboxMessage.template.in_(templates or list(TEMPLATES)))
    candidate = (
        sa.select(OutboxMessage.id).where(*due)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(1).with_for_update(skip_locked=True).scalar_subquery()
    )
    claimed = db.session.execute(
        sa.update(OutboxMessage).where(OutboxMessage.id == candidate, *due)
        .values(next_attempt_at=lease_until, attempts=OutboxMessage.attempts + 1)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).scalar()
    db.session.commit()
    return db.session.get(OutboxMessage, claimed) if claimed is not None else None


def deliver_due(config: Mapping, now: datetime | None = None, backend=None,
                limit: int = 500, methods: Mapping | None = None) -> DeliveryResult:
    """Send every message that is due (up to ``limit``), recording what happened to each.
    ``config`` is the app's settings (MAIL_*, NOTIFY_*, OUTBOX_*), passed in by the caller;
    ``methods`` maps each non-email message (OTHER_METHODS) to what delivers it: an object
    whose ``deliver(message)`` raises TemporaryFailure or PermanentFailure."""
    backend = backend or backend_for(config)
    methods = dict(methods or {})
    templates = [*TEMPLATES, *methods]
    result = DeliveryResult()
    now = now or clock.current_time()
    lease = timedelta(seconds=config["OUTBOX_LEASE_SECONDS"])
    try:
        for _ in range(limit):
            message = _claim_next(now, max(now, clock.current_time()) + lease, templates)
            if message is None:
                break
            outcome = _forget_secrets(message, _attempt(
                message, methods.get(message.template), backend, now, config, result))
            _record(message.id, outcome, time.monotonic() + lease.total_seconds() / 2)
    finally:
        database.rollback(db.session)
        backend.close()
    return result


def _record(message_id: int, outcome: dict, give_up_at: float) -> None:
    """Write what happened to a message. While the database is away keep trying, for half
    the lease, so that a message that was sent is recorded as sent."""
    while True:
        try:
            db.session.execute(sa.update(OutboxMessage).where(OutboxMessage.id == message_id)
                               .values(**outcome)
                               .execution_options(synchronize_session=False))
            db.session.commit()
            return
        except CONNECTION_ERRORS:
            database.rollback(db.session)
            if time.monotonic() > give_up_at:
                raise
            log.warning("outbox message %s: the database is away; recording again soon",
                        message_id)
            time.sleep(1)


# Fields holding a secret (a one-time sign-in link), forgotten once the message is done.
SECRET_FIELDS = {"staff_invitation": ("link",)}


def _forget_secrets(message: OutboxMessage, outcome: dict) -> dict:
    secrets = SECRET_FIELDS.get(message.template, ())
    if outcome.get("status") in ("sent", "failed") and secrets:
        kept = {k: v for k, v in (message.personalisation or {}).items() if k not in secrets}
        outcome = outcome | {"personalisation": kept}
    return outcome


def _attempt(message: OutboxMessage, method, backend, now: datetime, config,
             result: DeliveryResult) -> dict:
    """Send one message (by its own method, or as an email); what to record on it."""
    try:
        if method is not None:
            method.deliver(message)
        else:
            backend.send(render(message))
    except Exception as error:  # any failure is recorded, so nothing is lost
        permanent = isinstance(error, PermanentFailure)
        last_error = f"{type(error).__name__}: {error}"[:500]
        if permanent or message.attempts >= config["OUTBOX_MAX_ATTEMPTS"]:
            result.failed.append(message.id)
            log.error("outbox message %s failed for good: %s", message.id, last_error)
            return {"status": "failed", "last_error": last_error}
        result.retrying.append(message.id)
        log.warning("outbox message %s not sent (attempt %s): %s", message.id,
                    message.attempts, last_error)
        return {"last_error": last_error,
                "next_attempt_at": now + retry_delay(message.attempts, config)}
    result.sent.append(message.id)
    return {"status": "sent", "sent_at": clock.current_time(), "last_error": None}


def run_forever(config: Mapping, poll_seconds: int, echo: Callable[[str], None],
                should_stop: Callable[[], bool] = lambda: False,
                methods: Mapping | None = None) -> None:
    """`outbox send --loop`: deliver what is due, wait, and again, until stopped."""
    while not should_stop():
        try:
            result = deliver_due(config, methods=methods)
        except CONNECTION_ERRORS as error:
            # The database is away (a restart): nothing is lost, try again next round.
            log.warning("outbox: the database is unreachable (%s); trying again in %s s",
                        database.cause(error), poll_seconds)
        else:
            if result.sent or result.retrying or result.failed:
                echo(str(result))
        try:
            db.session.remove()
        except CONNECTION_ERRORS:
            db.session.remove()
        time.sleep(poll_seconds)


def counts() -> dict[str, int]:
    rows = db.session.execute(
        sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
    )
    return dict(rows.all())


def failed_messages(limit: int = 50) -> list[OutboxMessage]:
    return list(db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.status == "failed")
        .order_by(OutboxMessage.id.desc()).limit(limit)
    ))
