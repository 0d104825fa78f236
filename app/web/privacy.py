"""Keeping the sender's network and device out of storage and logs.

We promise (docs/product.md) that no IP address, user agent or other fingerprint is stored with a
report or written to logs. Rate limiting still needs a per-client key, so the limiter gets
an HMAC of the address under a secret that changes every day; the limiter's own storage
expires its counters within the day, so nothing that identifies a sender outlives it.
"""

import hashlib
import hmac
import logging
import re

from flask import current_app, request

from app.core import clock


def _hashed(*parts: str) -> str:
    day = clock.current_time().strftime("%Y-%m-%d")
    secret = f"{current_app.config['SECRET_KEY']}:rate-limit:{day}".encode()
    return hmac.new(secret, "\0".join(parts).encode(), hashlib.sha256).hexdigest()[:32]


def rate_limit_key() -> str:
    """Per client address."""
    return _hashed(request.remote_addr or "unknown")


def rate_limit_key_with(account: str) -> str:
    """Per client address and account together (sign-in attempts), hashed the same way:
    neither the address nor the account can be read back from the key."""
    return _hashed(request.remote_addr or "unknown", account)


class ClientAddressFilter(logging.Filter):
    """Blanks the client address that Werkzeug's development server puts first in each line."""

    _leading_address = re.compile(r"^\S+ - - ")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._leading_address.match(message):
            record.msg = self._leading_address.sub("- - - ", message)
            record.args = ()
        return True


def install_log_filters() -> None:
    werkzeug_logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, ClientAddressFilter) for f in werkzeug_logger.filters):
        werkzeug_logger.addFilter(ClientAddressFilter())
