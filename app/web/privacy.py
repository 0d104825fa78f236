"""Keeping the sender's network and device out of the logs.

We promise (docs/product.md) that no IP address, user agent or other fingerprint is stored
with a report or written to logs. The rate limiter's key is an HMAC, not the address (see
app/extensions.py); this module blanks the address the development server logs.
"""

import logging
import re


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
