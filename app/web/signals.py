"""Signals between areas of the site, so that no blueprint imports another.

``exit_requested`` is sent by /exit (Exit this page) before the session is cleared, so each
area can delete what the session points at (for example a draft report). Receivers get
the session's contents as the keyword ``session``.
"""

from blinker import Namespace

signals = Namespace()
exit_requested = signals.signal("exit-requested")
