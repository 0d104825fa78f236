"""The one clock of the whole app: every "now" comes from ``current_time``.

Column defaults, the live-page check, schedules, lock-outs, overdue flags, retention and
the outbox's retries all read it, so a test that moves the clock
(``monkeypatch.setattr(clock, "current_time", ...)``) moves all of them together. Code
calls ``clock.current_time()`` through the module, never a copy of the function, so the
moved clock reaches it. Session ages and TOTP steps use ``time.time()`` instead: they
measure real elapsed seconds for security, which moving the app's calendar must not bend.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def current_time() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date where the partnership is (Stevenage): what people mean by "today"."""
    return current_time().astimezone(LONDON).date()


def column_default() -> datetime:
    """For ``default=`` and ``onupdate=`` on columns: SQLAlchemy keeps the function it is
    given, so this one looks up ``current_time`` afresh on every call."""
    return current_time()
