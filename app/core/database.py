"""Database set-up that is not a model: SQLite pragmas for concurrent requests, and which
errors mean the database could not be reached (rather than that a query was wrong)."""

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError

# A restart, a failover, a network fault: the same work can succeed once the database is
# back (app/web/retry.py, app/core/outbox.py).
CONNECTION_ERRORS = (OperationalError, InterfaceError, DisconnectionError)

SQLITE_BUSY_TIMEOUT_MS = 30_000


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    # WAL lets readers carry on while one writer commits; the busy timeout makes a second
    # writer wait its turn instead of failing with "database is locked".
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def rollback(session) -> None:
    """Forget a failed transaction. On a connection that died unnoticed the first rollback
    raises (and so marks the connection dead); the second succeeds."""
    try:
        session.rollback()
    except CONNECTION_ERRORS:
        session.rollback()


def cause(error: Exception) -> str:
    """The driver's name for what went wrong (``AdminShutdown``), for a log line that holds
    nothing about a request."""
    return type(getattr(error, "orig", None) or error).__name__
