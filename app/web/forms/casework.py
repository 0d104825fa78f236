"""Forms of case work: the staff's risk review, links and questions (each on a page of its
own), and the reporter's answer and diary entry at /follow-up."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    MultipleFileField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.casework.reviews import HARM_QUESTIONS
from app.core import clock
from app.core.working_days import local_date
from app.inbox.actions import MAX_TEXT
from app.reporting.models import RISK_LEVELS
from app.web.forms.fields import GovDateField
from app.web.forms.staff import RISK_LABELS, choices

REPEAT, EFFECTS = HARM_QUESTIONS
REPORTER_TEXT_MAX = 5000


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


def _text(label: str, missing: str, what: str, **kwargs) -> TextAreaField:
    return TextAreaField(label, widget=GovTextArea(), filters=[_stripped], validators=[
        DataRequired(missing),
        Length(max=MAX_TEXT, message=f"{what} must be {MAX_TEXT} characters or fewer")],
        **kwargs)


# --- staff ---------------------------------------------------------------------------------

class ReviewForm(FlaskForm):
    repeat = RadioField("Has it happened before?", widget=GovRadioInput(),
                        choices=choices((c.value, c.label) for c in REPEAT.choices),
                        validators=[InputRequired("Select whether it has happened before")])
    effects = SelectMultipleField(
        "Which of these are true for them now?", widget=GovCheckboxesInput(),
        choices=choices((c.value, c.label) for c in EFFECTS.choices),
        validators=[DataRequired("Select which of these are true, or \u201cNone of these\u201d")])
    level = RadioField(
        "Risk level", widget=GovRadioInput(), default="",
        description="The answers give a level by the same scoring as the report's first one. "
                    "Choose another only if your judgement differs, and say why below.",
        choices=choices([("", "The level the answers give"),
                         *((r, RISK_LABELS[r]) for r in reversed(RISK_LEVELS))]),
        validators=[Optional()])
    reason = _text("Why this level?", "Enter why you set this level", "Why",
                   description="What you found when you looked again. Only staff working "
                               "this report see this.")
    submit = SubmitField("Save the review", widget=GovSubmitInput())


class LinkForm(FlaskForm):
    reference = StringField("Reference of the other report", widget=GovTextInput(),
                            filters=[_stripped],
                            validators=[DataRequired("Enter the other report's reference"),
                                        Length(max=32)])
    how = RadioField("How are they related?", widget=GovRadioInput(),
                     choices=choices([("linked", "The same person or the same problem"),
                                      ("duplicate", "This report is a duplicate of that one")]),
                     validators=[InputRequired("Select how the reports are related")])
    reason = _text("Why?", "Enter why these reports belong together", "Why")
    submit = SubmitField("Link the reports", widget=GovSubmitInput())


class UnlinkForm(FlaskForm):
    reason = _text("Why do they not belong together?",
                   "Enter why these reports do not belong together", "Why")
    submit = SubmitField("Unlink", widget=GovSubmitInput())


class QuestionForm(FlaskForm):
    text = _text("Your question", "Enter your question", "Your question",
                 description="The person who reported it reads this when they follow up with "
                             "their reference and receipt code, and can answer there. Do not "
                             "include anything that could put them or anyone else at risk.")
    submit = SubmitField("Send the question", widget=GovSubmitInput())


# --- the reporter ----------------------------------------------------------------------------

def _reporter_text(label: str, **kwargs) -> TextAreaField:
    return TextAreaField(label, widget=GovCharacterCount(), filters=[_stripped], validators=[
        Optional(), Length(max=REPORTER_TEXT_MAX, message=f"{label.removesuffix(' (optional)')} "
                                                          f"must be {REPORTER_TEXT_MAX} "
                                                          "characters or fewer")], **kwargs)


PHOTOS_HINT = ("Up to 5 photos, each smaller than 5 MB. We remove location and camera details "
               "before we store them.")


class AnswerForm(FlaskForm):
    answer = _reporter_text("Your answer")
    photos = MultipleFileField("Add photos (optional)", widget=GovFileInput(multiple=True),
                               description=PHOTOS_HINT)


def not_in_the_future(form, field) -> None:
    if field.data and field.data > local_date(clock.current_time()):
        raise ValidationError("The date it happened must be today or in the past")


class DiaryEntryForm(FlaskForm):
    happened_on = GovDateField("Date it happened", description="For example, 27 11 2026",
                               validators=[InputRequired("Enter the date it happened"),
                                           not_in_the_future])
    time_of_day = StringField("What time? (optional)", widget=GovTextInput(),
                              filters=[_stripped], description="For example, about 11pm",
                              validators=[Optional(), Length(max=64, message="The time must "
                                                             "be 64 characters or fewer")])
    what_happened = TextAreaField(
        "What happened?", widget=GovCharacterCount(), filters=[_stripped], validators=[
            DataRequired("Enter what happened"),
            Length(max=REPORTER_TEXT_MAX,
                   message=f"What happened must be {REPORTER_TEXT_MAX} characters or fewer")])
    how_it_affected = _reporter_text("How did it affect you? (optional)")
    photos = MultipleFileField("Add photos (optional)", widget=GovFileInput(multiple=True),
                               description=PHOTOS_HINT)
