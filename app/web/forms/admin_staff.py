"""The administrators' staff account forms, and the form behind an invitation link."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import PasswordField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length

from app.staff.models import ROLES
from app.web.forms.publishing import choices

ROLE_HINTS = {
    "officer": "Works the reports of their own team",
    "comms": "Publishes pages, the alert banner and the public figures",
    "manager": "Sees the partnership's figures for every team, never the reports",
    "admin": "Everything, for every team, and these administration pages",
}


def role_choices():
    """Every role there is (a role added to ROLES shows up here, with its name)."""
    return choices((role, role.replace("_", " ").capitalize()) for role in ROLES)


class InviteForm(FlaskForm):
    email = StringField("Email address", widget=GovTextInput(), validators=[
        InputRequired("Enter their email address"),
        Length(max=320, message="The address must be 320 characters or fewer")])
    team = SelectField("Team", widget=GovSelect(), validate_choice=True)
    role = RadioField("Role", widget=GovRadioInput(), validators=[
        InputRequired("Choose what they may do")])
    submit = SubmitField("Send the invitation", widget=GovSubmitInput())

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.team.choices = choices(teams)
        self.role.choices = role_choices()


class RoleForm(FlaskForm):
    role = SelectField("Role", widget=GovSelect(), validate_choice=True)
    submit = SubmitField("Change role", widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()


class ChoosePasswordForm(FlaskForm):
    password = PasswordField("Choose a password", widget=GovPasswordInput(),
                             description="At least 12 characters. A few unrelated words "
                                         "make a good one.",
                             validators=[InputRequired("Enter a password")])
    confirm = PasswordField("Type it again", widget=GovPasswordInput(), validators=[
        InputRequired("Type the password again"),
        EqualTo("password", "The two passwords are not the same")])
    submit = SubmitField("Save password", widget=GovSubmitInput())
