"""Case work's settings from the app's configuration and content files, for the views that
need them (the inbox, the case-work pages, follow-up); the one way a view turns the photos
a person chose into cleaned ones or a message next to the field; and the repeat check
after a report is sent."""

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from app.casework import escalation
from app.casework.flags import Settings
from app.core import photos
from app.core.working_days import non_working_days
from app.extensions import db
from app.reporting import targets
from app.reporting.models import Report
from app.web.forms.reports import chosen_files


def settings() -> Settings:
    config = current_app.config
    return Settings(
        levels=targets.targets(config["CONTENT_DIR"]),
        holidays=frozenset(non_working_days(config["NON_WORKING_DAYS"])),
        repeat_window_days=config["REPEAT_WINDOW_DAYS"],
        case_review_threshold=config["CASE_REVIEW_THRESHOLD"],
        case_review_window_days=config["CASE_REVIEW_WINDOW_DAYS"])


def cleaned_photos(field) -> list[photos.CleanPhoto] | None:
    """The chosen photos with their metadata removed; None (with the field's error set) when
    there are too many or one cannot be read. Nothing else the person typed is lost."""
    chosen = chosen_files(field)
    if len(chosen) > photos.MAX_PHOTOS:
        field.errors = [f"You can add up to {photos.MAX_PHOTOS} photos at a time"]
        return None
    try:
        return photos.clean_uploads(chosen)
    except photos.PhotoError as error:
        field.errors = [str(error)]
        return None


def escalate_after_sending(reference: str) -> None:
    """Raise a high-harm repeat's priority once a new report is stored. The report and its
    confirmation do not depend on this: if the database fails here, the check is logged
    and the next report or diary entry of the repeat makes it again."""
    try:
        report = db.session.scalar(sa.select(Report).filter_by(reference=reference))
        escalation.escalate(report, window_days=current_app.config["REPEAT_WINDOW_DAYS"],
                            site_url=current_app.config["SITE_URL"])
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("The repeat check after a new report failed")
