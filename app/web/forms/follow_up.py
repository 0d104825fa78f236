"""Forms for /follow-up: opening a report with its reference and receipt code, and adding
information to it."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovFileInput, GovTextInput
from wtforms import MultipleFileField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.reporting import receipts

ADDITION_MAX = 5000


def _code(value):
    return receipts.normalise(value) if value else value


class OpenReportForm(FlaskForm):
    reference = StringField("Reference", widget=GovTextInput(), filters=[_code],
                            description="For example, K7MP-3QXA",
                            validators=[DataRequired("Enter your reference"), Length(max=20)])
    receipt = StringField("Receipt code", widget=GovTextInput(), filters=[_code],
                          description="For example, TRW4HE-CYP93M-XK7DAQ",
                          validators=[DataRequired("Enter your receipt code"),
                                      Length(max=40)])


class AddInformationForm(FlaskForm):
    information = TextAreaField(
        "What do you want to add?", widget=GovCharacterCount(),
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[Optional(), Length(max=ADDITION_MAX, message="What you add must be "
                                                                 f"{ADDITION_MAX} characters "
                                                                 "or fewer")],
        description="For example, something new that has happened, or something you "
                    "remembered.")
    photos = MultipleFileField("Add photos (optional)", widget=GovFileInput(multiple=True),
                               description="Up to 5 photos, each smaller than 5 MB. We remove "
                                           "location and camera details before we store them.")
