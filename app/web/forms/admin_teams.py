"""The administrators' team form. Each yes-or-no team setting is one entry of
``SWITCH_LABELS`` (the domain's list is app/partnership/team_settings.SWITCHES), so a new
setting adds one line here and no template change."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from app.partnership.team_settings import SWITCHES

SWITCH_LABELS = {
    "requires_totp": ("Staff must use a sign-in code",
                      "Everyone in the team sets up an authenticator app at their next sign-in"),
    "pages_need_approval": ("Pages need a second pair of eyes",
                            "Another member of staff who may publish approves each version "
                            "of a page before it goes live"),
}
assert set(SWITCH_LABELS) == set(SWITCHES), "every team switch needs a label"


class TeamForm(FlaskForm):
    slug = StringField("Short name", widget=GovTextInput(),
                       description="Lower-case letters, digits and dashes, like "
                                   "sbc-resettlement. It cannot be changed later.",
                       validators=[Length(max=64, message="Short name must be 64 characters "
                                                          "or fewer")])
    name = StringField("Team name", widget=GovTextInput(), validators=[
        InputRequired("Enter the team's name"),
        Length(max=200, message="Team name must be 200 characters or fewer")])
    partner = SelectField("Partner", widget=GovSelect(), validate_choice=True)
    notification_email = StringField(
        "Notification address (optional)", widget=GovTextInput(),
        description="The shared inbox told that a new report is waiting. Emails never "
                    "carry the report.",
        validators=[Length(max=320, message="The address must be 320 characters or fewer")])
    fallback = BooleanField("Fallback team", widget=GovCheckboxInput(),
                            description="Gets every report no routing rule matches")
    public_response_text = TextAreaField(
        "What reporters are told about when to expect contact (optional)",
        widget=GovTextArea(), validators=[Length(max=1000, message="Keep it to 1000 "
                                                                   "characters or fewer")])
    submit = SubmitField("Save team", widget=GovSubmitInput())

    def switch_fields(self):
        return [self[name] for name in SWITCHES]


for _name, (_label, _hint) in SWITCH_LABELS.items():
    setattr(TeamForm, _name, BooleanField(_label, widget=GovCheckboxInput(), description=_hint))
