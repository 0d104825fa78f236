"""Requests that meet a database connection that died (a restart, a failover) heal.

- ``pool_pre_ping`` (app/config.py) tests a pooled connection as it is checked out, so one
  that died while idle in the pool is replaced, not used.
- A connection can still die while a request is using it. The view then runs once more,
  after a short pause, when that is safe: no change of this request has been committed, and
  the request is a GET or HEAD or the view is marked ``retry_safe`` (a question page's
  answer save: saving the same answers twice leaves the same draft). Otherwise, or when the
  second try fails too, the error reaches app/web/errors.py and the person is shown the
  friendly 503 page, which says to try again in a minute.
- Closing the request's session on a connection that died raises once. The teardown here
  closes it again, so that error never escapes to the WSGI server (gunicorn would answer it
  with its own bare "Internal Server Error").
"""

import time
from functools import wraps

from flask import Flask, current_app, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.core import database
from app.core.database import CONNECTION_ERRORS
from app.extensions import db

SAFE_METHODS = frozenset({"GET", "HEAD"})
COMMITTED = "committed_a_change"
WROTE = "wrote"


# --- did this request change anything? -----------------------------------------------------

@event.listens_for(Session, "after_flush")
def _flushed(session, flush_context):
    session.info[WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state):
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[WROTE] = True


@event.listens_for(Session, "after_commit")
def _committed(session):
    if session.info.pop(WROTE, False):
        session.info[COMMITTED] = True


@event.listens_for(Session, "after_rollback")
def _rolled_back(session):
    session.info.pop(WROTE, None)


def committed_a_change() -> bool:
    """True once a transaction of the current request has committed a write."""
    return bool(db.session.info.get(COMMITTED))


# --- running a view again ------------------------------------------------------------------

def retry_safe(view=None, *, unless=None):
    """Mark a view whose POST may run again after a lost connection. ``unless`` is a
    function of the request saying when it may not (a file upload, whose stream is read)."""

    def mark(function):
        function.retry_safe = unless or (lambda: False)
        return function

    return mark(view) if view is not None else mark


def _may_retry(view) -> bool:
    if request.method in SAFE_METHODS:
        return True
    refused = getattr(view, "retry_safe", None)
    return refused is not None and not refused()


def rollback() -> None:
    """Forget the request's failed transaction, even on a connection that died."""
    database.rollback(db.session)


def once(work, may_retry=lambda: True):
    """``work()``, and after a lost connection once more, when ``may_retry()`` and no
    change of this request has been committed."""
    try:
        return work()
    except CONNECTION_ERRORS as error:
        rollback()
        if committed_a_change() or not may_retry():
            raise
        current_app.logger.warning("Database connection lost on %s (%s); trying once more",
                                   request.endpoint, database.cause(error))
        time.sleep(current_app.config["DB_RETRY_PAUSE_SECONDS"])
        return work()


def retrying(view):
    @wraps(view)
    def run(*args, **kwargs):
        return once(lambda: current_app.ensure_sync(view)(*args, **kwargs),
                    lambda: _may_retry(view))

    return run


def close_session(exception=None) -> None:
    """Teardown: close the request's session even if its connection died meanwhile."""
    try:
        db.session.remove()
    except CONNECTION_ERRORS:
        db.session.remove()


def init_app(app: Flask) -> None:
    """Call after every blueprint is registered: it wraps the views they added."""
    for endpoint, view in list(app.view_functions.items()):
        if endpoint != "static":
            app.view_functions[endpoint] = retrying(view)
    # Teardown functions run last-registered first, so this closes the session before
    # Flask-SQLAlchemy's own teardown (which then finds nothing left to close).
    app.teardown_appcontext(close_session)
