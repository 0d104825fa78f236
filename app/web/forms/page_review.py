"""Forms of the second pair of eyes on publishing: sending a version for approval, and
the answer of the person who checks it (app/routes/page_review.py)."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea
from wtforms import HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from app.web.forms.publishing import choices

PUBLISH = "publish"
APPROVE = "approve"
SEND_BACK = "send_back"


class SubmitForm(FlaskForm):
    # The version the person saw when they pressed the button.
    base_revision = HiddenField()
    submit = SubmitField("Send for approval", widget=GovSubmitInput())


class DecisionForm(FlaskForm):
    decision = RadioField(
        "Your answer",
        widget=GovRadioInput(),
        choices=choices(
            [
                (PUBLISH, "Approve it and publish it now"),
                (APPROVE, "Approve it, to be published later or on a date"),
                (SEND_BACK, "Send it back to change"),
            ]
        ),
        validators=[InputRequired("Select your answer")],
    )
    comment = TextAreaField(
        "Comment",
        widget=GovTextArea(),
        description="The author sees this in the page's history. If you send it back, say "
        "what needs to change.",
        validators=[Length(max=2000, message="The comment must be 2,000 characters or fewer")],
    )
    submit = SubmitField("Send your answer", widget=GovSubmitInput())
