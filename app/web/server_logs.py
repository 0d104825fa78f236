"""gunicorn's own logs without the client's address or what the client sent.

Our access log format leaves out the address and user agent (gunicorn.conf.py), but
gunicorn also writes to its error log when a request is malformed: "Invalid request from
ip=203.0.113.7: Invalid HTTP Header: ...", with the address and a piece of what was sent
(a header, a request line). The promise that no address is logged (docs/product.md) must
hold there too, and behind nginx the address is the front's anyway, so it helps nobody.

``PrivateLogger`` (gunicorn.conf.py's ``logger_class``) adds a filter to the error log
that rewrites that line as "Invalid request: Invalid HTTP Header", and blanks any other
IP address in a message unless it is one the server itself listens on ("Listening at:
http://127.0.0.1:8000" stays).
"""

import logging
import re

from gunicorn.glogging import Logger

INVALID_REQUEST = re.compile(r"^Invalid request from ip=.*?: (?P<kind>[^:'\"]*)")
IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
IPV6 = re.compile(r"(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}"
                  r"(?![0-9A-Fa-f:])")
TIME_OF_DAY = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")


class ClientAddressFilter(logging.Filter):
    def __init__(self, own_addresses: frozenset[str] = frozenset()):
        super().__init__()
        self.own_addresses = own_addresses

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self.clean(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True

    def clean(self, message: str) -> str:
        invalid = INVALID_REQUEST.match(message)
        if invalid:
            return f"Invalid request: {invalid['kind'].strip() or 'unreadable'}"
        for pattern in (IPV4, IPV6):
            message = pattern.sub(self._blank, message)
        return message

    def _blank(self, found: re.Match) -> str:
        text = found.group()
        if text in self.own_addresses or TIME_OF_DAY.match(text):
            return text
        return "[address]"


class PrivateLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        own = frozenset(address.rsplit(":", 1)[0].strip("[]") for address in cfg.bind)
        if not any(isinstance(f, ClientAddressFilter) for f in self.error_log.filters):
            self.error_log.addFilter(ClientAddressFilter(own))
