"""The outbox: messages are stored in the same transaction as what caused them, and sent
later by `flask --app wsgi outbox send`, so a mail failure can never undo a report.

Messages never carry report content: only what the fixed templates need (a reference,
a priority, a link).
"""

from app.extensions import db
from app.models import OutboxMessage


def enqueue(to_address: str, template: str, **personalisation) -> OutboxMessage:
    """Add a message to the current transaction; the caller commits."""
    message = OutboxMessage(to_address=to_address, template=template,
                            personalisation=personalisation)
    db.session.add(message)
    return message
