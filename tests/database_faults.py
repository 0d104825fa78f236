"""Making the database go away in-process: every statement (or the next few, or those with
some text) fails the way a dropped connection fails, through the real driver's error
class."""

import sqlalchemy as sa

from app.extensions import db


def engine_of(app):
    """The app's engine, to use outside an app context (a request pushes its own)."""
    with app.app_context():
        return db.engine


class database_away:  # noqa: N801 - used like a function, as a context manager
    """While started (or inside ``with``), statements fail as on a dead connection: all of
    them, the next ``failures``, or (``only``) those containing that text. ``tried`` lists
    the statements that were tried meanwhile."""

    def __init__(self, engine, failures: int | None = None, only: str | None = None):
        self.engine, self.failures, self.only = engine, failures, only
        self.tried: list[str] = []
        self.error = engine.dialect.loaded_dbapi.OperationalError

    def _fail(self, conn, cursor, statement, parameters, context, executemany):
        if self.only is not None and self.only not in statement:
            return
        self.tried.append(statement)
        if self.failures is None or len(self.tried) <= self.failures:
            raise self.error("server closed the connection unexpectedly")

    def start(self) -> "database_away":
        sa.event.listen(self.engine, "before_cursor_execute", self._fail)
        return self

    def stop(self) -> None:
        if sa.event.contains(self.engine, "before_cursor_execute", self._fail):
            sa.event.remove(self.engine, "before_cursor_execute", self._fail)

    def __enter__(self) -> list[str]:
        self.start()
        return self.tried

    def __exit__(self, *exc) -> None:
        self.stop()
