"""Forms of the Open311 admin pages: issuing a key, pointing a team at its case system."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from app.open311.keys import MAX_NAME_LENGTH
from app.open311.settings import MAX_JURISDICTION

PARTNER_SYSTEM = ""


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class IssueKeyForm(FlaskForm):
    name = StringField("Which system will use the key?", widget=GovTextInput(),
                       filters=[_strip],
                       description="For example, REACT adapter or FixMyStreet",
                       validators=[DataRequired("Enter the name of the system that will use "
                                                "the key"),
                                   Length(max=MAX_NAME_LENGTH, message="The name must be "
                                          f"{MAX_NAME_LENGTH} characters or fewer")])
    team = SelectField("Whose reports may it read?", widget=GovSelect(),
                       description="A team's key reads the reports routed to that team, as "
                       "its inbox does. A partner system's key can only hand reports in and "
                       "follow the ones it sent.")
    submit = SubmitField("Issue the key", widget=GovSubmitInput())

    def __init__(self, teams, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.team.choices = [(PARTNER_SYSTEM, "No team: a partner system that hands reports "
                              "in")] + [(t.slug, t.name) for t in teams]


class CaseSystemForm(FlaskForm):
    url = StringField("The case system's Open311 address", widget=GovTextInput(),
                      filters=[_strip],
                      description="Where its requests.xml is, for example "
                      "https://react-adapter.example.org/open311/v2")
    jurisdiction = StringField("Jurisdiction (optional)", widget=GovTextInput(),
                               filters=[_strip],
                               description="Only if the case system asks for a "
                               "jurisdiction_id",
                               validators=[Length(max=MAX_JURISDICTION,
                                                  message="The jurisdiction must be "
                                                  f"{MAX_JURISDICTION} characters or fewer")])
    public_updates = BooleanField("Show its status notes to the person who reported it",
                                  widget=GovCheckboxInput(),
                                  description="Only if the team writes them for the reporter")
    submit = SubmitField("Save", widget=GovSubmitInput())
