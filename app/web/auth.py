"""Staff sign-in plumbing for Flask-Login, and ``requires`` for views by permission.

The session cookie carries the account's ``session_token`` (Flask-Login's "alternative
id"), not its id: changing the token on sign-out or when an account is disabled ends every
session of that account at once. Flask-Login's session protection is off because it keeps
a hash of the client's address and browser in the cookie; the idle timeout and the token
do that job without a fingerprint (app/routes/staff.py).
"""

from functools import wraps

import sqlalchemy as sa
from flask import abort, g
from flask_login import current_user

from app.extensions import db, login_manager
from app.staff.accounts import can
from app.staff.models import StaffUser
from app.web.errors import render_error

login_manager.login_view = "sign_in.login"
login_manager.login_message = "Sign in to see that page."
login_manager.session_protection = None


@login_manager.user_loader
def load_staff_user(session_token: str) -> StaffUser | None:
    if not session_token:
        return None
    return db.session.scalar(
        sa.select(StaffUser).filter_by(session_token=session_token, active=True)
    )


def requires(permission: str | None):
    """Views only for signed-in staff whose role has ``permission`` (see
    app.staff_accounts.PERMISSIONS; None: anyone signed in). Others are sent to sign in,
    or get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                if g.get("csrf_failed"):
                    # A view that keeps answers on a CSRF failure is called again by
                    # app/web/errors.py; for someone signed out that is simply a bad request.
                    return render_error(400)
                return login_manager.unauthorized()
            if permission and not can(current_user, permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
