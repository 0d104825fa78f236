"""The outbox: messages are stored in the same transaction as what caused them, and sent
later by `flask --app wsgi outbox send`, so a mail failure can never undo a report.

Messages never carry report content. Each template below is fixed text; the only values
a message may carry are a reference, a priority and a link (``enqueue`` refuses anything
else), so an answer, a description or a reporter's details cannot reach an email even by
mistake.

Delivery (``deliver_due``) claims one due message at a time (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so two senders never take the same message), sends it, and commits. A failure
is recorded on the message and retried later, the wait doubling each time
(``OUTBOX_RETRY_BASE_SECONDS``, capped at ``OUTBOX_RETRY_MAX_SECONDS``) until
``OUTBOX_MAX_ATTEMPTS``; then, or at once for a permanent refusal (an SMTP 5xx, a Notify
400/403), the message is marked ``failed`` with the reason. Delivery is at least once: if
the process dies after the mail server accepted a message but before the commit, that
message is sent again.
"""

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

from app.core import clock
from app.core.models import OutboxMessage
from app.extensions import db

log = logging.getLogger(__name__)

ALLOWED_FIELDS = ("reference", "priority", "link")
MAX_FIELD_LENGTH = 300

SIGN_OFF = ("\n\nThis email does not contain the report, on purpose. Do not reply to it."
            "\n\nSo Safe Stevenage")
TEMPLATES = {
    "new_report": (
        "New report waiting in your So Safe inbox ({priority} priority)",
        "A new report is waiting in your team's So Safe inbox.\n\n"
        "Reference: {reference}\nPriority: {priority}\n\n"
        "Sign in to read it: {link}" + SIGN_OFF,
    ),
    "forwarded_report": (
        "Report forwarded to your So Safe inbox ({priority} priority)",
        "Another team has forwarded a report to your team's So Safe inbox.\n\n"
        "Reference: {reference}\nPriority: {priority}\n\n"
        "Sign in to read it: {link}" + SIGN_OFF,
    ),
    "update_from_reporter": (
        "New information on a report in your So Safe inbox",
        "The person who made a report has added information to it.\n\n"
        "Reference: {reference}\n\nSign in to read it: {link}" + SIGN_OFF,
    ),
    # To a reporter who left an email address and asked to hear about updates.
    "reporter_update": (
        "There is an update on your report",
        "There is an update on your report to So Safe Stevenage.\n\n"
        "To read it, go to {link} and enter your reference ({reference}) and the receipt "
        "code you were given when you sent the report.\n\n"
        "We never put updates in emails. Do not reply to this email.",
    ),
}


class TemporaryFailure(Exception):
    """Try again later."""


class PermanentFailure(Exception):
    """Trying again will not help (an address refused, a template missing)."""


def enqueue(to_address: str, template: str, **personalisation) -> OutboxMessage:
    """Add a message to the current transaction; the caller commits."""
    if template not in TEMPLATES:
        raise ValueError(f"unknown outbox template {template!r}; known: {sorted(TEMPLATES)}")
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


def _claim_next(now: datetime, skip: set[int]) -> OutboxMessage | None:
    query = (
        sa.select(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    if skip:
        query = query.where(OutboxMessage.id.not_in(skip))
    return db.session.scalar(query)


def deliver_due(config: Mapping, now: datetime | None = None, backend=None,
                limit: int = 500) -> DeliveryResult:
    """Send every message that is due (up to ``limit``), recording what happened to each.
    ``config`` is the app's settings (MAIL_*, NOTIFY_*, OUTBOX_*), passed in by the caller."""
    backend = backend or backend_for(config)
    result = DeliveryResult()
    now = now or clock.current_time()
    seen: set[int] = set()
    try:
        while len(seen) < limit:
            message = _claim_next(now, seen)
            if message is None:
                break
            seen.add(message.id)
            _attempt(message, backend, now, config, result)
            db.session.commit()
    finally:
        db.session.rollback()
        backend.close()
    return result


def _attempt(message: OutboxMessage, backend, now: datetime, config,
             result: DeliveryResult) -> None:
    message.attempts = (message.attempts or 0) + 1
    try:
        backend.send(render(message))
    except Exception as error:  # any failure is recorded, so nothing is lost
        permanent = isinstance(error, PermanentFailure)
        message.last_error = f"{type(error).__name__}: {error}"[:500]
        if permanent or message.attempts >= config["OUTBOX_MAX_ATTEMPTS"]:
            message.status = "failed"
            result.failed.append(message.id)
            log.error("outbox message %s failed for good: %s", message.id, message.last_error)
        else:
            message.next_attempt_at = now + retry_delay(message.attempts, config)
            result.retrying.append(message.id)
            log.warning("outbox message %s not sent (attempt %s): %s", message.id,
                        message.attempts, message.last_error)
        return
    message.status = "sent"
    message.sent_at = clock.current_time()
    message.last_error = None
    result.sent.append(message.id)


def run_forever(config: Mapping, poll_seconds: int, echo: Callable[[str], None],
                should_stop: Callable[[], bool] = lambda: False) -> None:
    """`outbox send --loop`: deliver what is due, wait, and again, until stopped."""
    while not should_stop():
        result = deliver_due(config)
        if result.sent or result.retrying or result.failed:
            echo(str(result))
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
