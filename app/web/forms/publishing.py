"""Forms of the comms pages: the page editor, scheduling, rollback, images and the alert
banner. Dates and times are UK time; app/routes/publishing.py turns them into UTC."""

import re
from datetime import date, datetime, time, timedelta

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.core.clock import LONDON
from app.pages import alerts, campaign_parts, publishing
from app.web.forms.fields import GovDateField

SECTION_LABELS = {
    "campaign": "Campaign (listed under Campaigns, address /campaigns/…)",
    "help": "Help page (under Get help, always has Exit this page)",
    "info": "Information page (such as the privacy notice, address /…)",
}
ALERT_LEVEL_HINTS = {
    "info": "Important: news people should know, such as a change to a service",
    "warning": "Warning: a risk to people, such as a scam going round",
}
TIME = re.compile(r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>am|pm)?$")


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def date_field(label: str, hint: str) -> GovDateField:
    return GovDateField(label, description=hint)


def parse_time(text: str) -> time | None:
    """'9am', '9:30', '21.30', '9:30pm' -> a time; '' -> None; nonsense -> ValueError."""
    text = text.strip().lower().replace(" ", "")
    if not text:
        return None
    match = TIME.match(text)
    if not match:
        raise ValueError(text)
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if match["half"]:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if match["half"] == "pm" else 0)
    return time(hour, minute)  # raises ValueError past 23:59


def uk_moment(day: date | None, at: time | None, end: bool) -> datetime | None:
    """A UK date and optional time as an aware datetime. Without a time, a start is the
    beginning of that day and an end is the end of it (as in the content files)."""
    if day is None:
        return None
    if at is None:
        day, at = (day + timedelta(days=1), time(0)) if end else (day, time(0))
    return datetime.combine(day, at, tzinfo=LONDON)


def _time_field(label: str) -> StringField:
    return StringField(label, widget=GovTextInput(), validators=[Optional(), Length(max=10)],
                       description="Optional. For example, 9am or 17:30")


def _check_time(form, field):
    try:
        parse_time(field.data or "")
    except ValueError as error:
        raise ValidationError("Enter a time like 9am or 17:30") from error


class PageForm(FlaskForm):
    """Creating a page, and editing one (then ``section`` is left out)."""

    section = RadioField("What kind of page is it?", widget=GovRadioInput(),
                         choices=choices(SECTION_LABELS.items()),
                         validators=[InputRequired("Select what kind of page it is")])
    title = StringField("Title", widget=GovTextInput(),
                        validators=[DataRequired("Enter a title"),
                                    Length(max=200, message="The title must be 200 characters "
                                           "or fewer")])
    summary = TextAreaField("Summary", widget=GovTextArea(),
                            description="One or two sentences, shown in lists and search "
                                        "results.",
                            validators=[DataRequired("Enter a summary"),
                                        Length(max=600, message="The summary must be 600 "
                                               "characters or fewer")])
    slug = StringField("Web address", widget=GovTextInput(),
                       description="The end of the page's address: lower case words joined by "
                                   "hyphens, like safer-routes. Changing it breaks links people "
                                   "have saved.",
                       validators=[DataRequired("Enter the web address"), Length(max=100)])
    runs_from = date_field("Campaign starts (optional)", "For example, 25 11 2026")
    runs_until = date_field("Campaign ends (optional)", "For example, 10 12 2026")
    exit_this_page = BooleanField("Show the Exit this page button", widget=GovCheckboxInput(),
                                  description="For pages someone may need to leave quickly, "
                                              "such as domestic abuse.")
    lead_image = RadioField("Lead image (optional)", widget=GovRadioInput(), choices=[],
                            description="Shown at the top of a campaign page. To add one, "
                                        "upload it on this page's Images page first.",
                            validators=[Optional()])
    lead_image_alt = StringField("Describe the lead image", widget=GovTextInput(),
                                 description="For people who cannot see it. Leave it empty "
                                             "to use the description you gave when you "
                                             "uploaded it.",
                                 validators=[Optional(), Length(max=250, message="The "
                                             "description must be 250 characters or fewer")])
    body = TextAreaField("Page text", widget=GovTextArea(),
                         description="Written in markdown: ## for a heading, - for a list, "
                                     "**bold**, [link text](https://…), and "
                                     "![describe the image](/media/1.jpg) for an image you "
                                     "uploaded.",
                         validators=[DataRequired("Enter the page text")])
    base_revision = HiddenField()
    preview = SubmitField("Preview", widget=GovSubmitInput())
    save = SubmitField("Save", widget=GovSubmitInput())

    def offer_lead_images(self, images: list | None, current: dict | None, fill: bool):
        """Offer a campaign's uploaded images (``images``; None for other pages, which
        have no lead image) and return what saving should store as its lead image."""
        if images is None:
            del self.lead_image, self.lead_image_alt
            return lambda: current
        self.lead_image.choices = choices(campaign_parts.lead_image_choices(images, current))
        if fill:
            self.lead_image.data = campaign_parts.chosen_value(images, current)
            self.lead_image_alt.data = current["alt"] if current else ""
        return lambda: campaign_parts.from_choice(self.lead_image.data,
                                                  self.lead_image_alt.data, images, current)

    def validate_slug(self, field):
        if not publishing.valid_slug((field.data or "").strip()):
            raise ValidationError(publishing.SLUG_MESSAGE)

    def validate_runs_until(self, field):
        if field.data and self.runs_from.data and field.data < self.runs_from.data:
            raise ValidationError("The campaign must end on or after the day it starts")


class ScheduleForm(FlaskForm):
    publish_on = date_field("Publish on", "Leave empty to publish now. For example, 25 11 2026")
    publish_time = _time_field("Publish at")
    unpublish_on = date_field("Take down after",
                              "Optional. The page is shown until the end of this day. "
                              "For example, 10 12 2026")
    unpublish_time = _time_field("Take down at")
    submit = SubmitField("Schedule", widget=GovSubmitInput())

    validate_publish_time = _check_time
    validate_unpublish_time = _check_time

    def moments(self) -> tuple[datetime | None, datetime | None]:
        return (uk_moment(self.publish_on.data, parse_time(self.publish_time.data or ""), False),
                uk_moment(self.unpublish_on.data, parse_time(self.unpublish_time.data or ""),
                          True))


class RollbackForm(FlaskForm):
    base_revision = HiddenField()
    publish = RadioField("Publish it now?", widget=GovRadioInput(),
                         choices=choices([("yes", "Yes, readers see this version at once"),
                                          ("no", "No, keep it as a draft to check first")]),
                         validators=[InputRequired("Select whether to publish it now")])
    submit = SubmitField("Restore this version", widget=GovSubmitInput())


class ImageForm(FlaskForm):
    image = FileField("Image", widget=GovFileInput(),
                      description="A JPG, PNG, GIF or WEBP picture, up to 5 MB. We remove "
                                  "hidden details such as where it was taken.")
    alt = TextAreaField("Describe the image", widget=GovTextArea(),
                        description="For people who cannot see it. Say what it shows and why "
                                    "it matters, for example 'New street lights on Julians "
                                    "Road'.",
                        validators=[DataRequired("Describe the image"),
                                    Length(max=250, message="The description must be 250 "
                                           "characters or fewer")])
    submit = SubmitField("Upload image", widget=GovSubmitInput())

    def validate_image(self, field):
        if not field.data or not getattr(field.data, "filename", ""):
            raise ValidationError("Choose an image")


class DeleteImageForm(FlaskForm):
    """The button under each uploaded image: only the CSRF token is checked."""


class AlertForm(FlaskForm):
    message = TextAreaField("Message", widget=GovCharacterCount(),
                            validators=[DataRequired("Enter the message to show"),
                                        Length(max=alerts.MAX_MESSAGE_LENGTH,
                                               message="The message must be "
                                               f"{alerts.MAX_MESSAGE_LENGTH} characters or "
                                               "fewer")])
    level = RadioField("How important is it?", widget=GovRadioInput(),
                       choices=choices(ALERT_LEVEL_HINTS.items()),
                       validators=[InputRequired("Select how important the message is")])
    ends_on = date_field("Show it until (optional)",
                         "Shown until the end of this day. For example, 31 1 2027")
    submit = SubmitField("Show this message", widget=GovSubmitInput())
