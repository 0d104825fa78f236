"""Case work's settings from the app's configuration and content files, for the views that
need them (the inbox, the case-work pages, follow-up); the one way a view turns the photos
a person chose into cleaned ones or a message next to the field; and the repeat check
when a report is sent."""

from flask import current_app

from app.casework import escalation
from app.casework.settings import Settings
from app.core import photos
from app.core.working_days import non_working_days
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
        return photos.clean_uploads(chosen,
                                    photos.DecodeRules.from_config(current_app.config))
    except photos.PhotoError as error:
        field.errors = [str(error)]
        return None


def escalate_repeats(report: Report) -> None:
    """Raise a high-harm repeat's priority (app/casework/escalation.py). Sending runs this
    in the report's own transaction, so a stored report is confirmed without asking the
    database anything more."""
    escalation.escalate(report, window_days=current_app.config["REPEAT_WINDOW_DAYS"],
                        site_url=current_app.config["SITE_URL"])
