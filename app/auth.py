"""Staff sign-in plumbing for Flask-Login."""

from app.extensions import db, login_manager
from app.models import StaffUser

login_manager.login_view = "staff.login"
login_manager.login_message = "Sign in to see that page."


@login_manager.user_loader
def load_staff_user(user_id: str) -> StaffUser | None:
    return db.session.get(StaffUser, int(user_id))
