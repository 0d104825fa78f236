"""Forms of the staff area: signing in, the inbox filters, and the actions on a report.

The action forms share the report page, so each has a prefix: field ids (and the CSRF
field's) stay unique on the page.
"""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.inbox.actions import (
    CLASSES,
    CONTACT_METHODS,
    MAX_TEXT,
    NEXT_STATUSES,
    OUTCOMES,
    STATUS_LABELS,
)
from app.reporting.models import RISK_LEVELS
from app.reporting.questions import area_name
from app.web.forms.fields import DatePickerField

KIND_LABELS = {
    "asb": "Anti-social behaviour",
    "hate": "Hate crime or hate incident",
    "stalking": "Stalking or harassment",
    "case_review": "ASB Case Review",
}
RISK_LABELS = {"high": "High", "medium": "Medium", "standard": "Standard"}


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


# --- signing in --------------------------------------------------------------------------

class LoginForm(FlaskForm):
    email = StringField("Email address", widget=GovTextInput(),
                        validators=[DataRequired("Enter your email address"), Length(max=320)])
    password = PasswordField("Password", widget=GovPasswordInput(),
                             validators=[DataRequired("Enter your password"), Length(max=256)])
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class CodeForm(FlaskForm):
    code = StringField(
        "Code from your authenticator app", widget=GovTextInput(),
        description="The 6-digit code your app shows for So Safe Stevenage.",
        validators=[DataRequired("Enter the 6-digit code from your authenticator app"),
                    Length(max=20)],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class SignOutForm(FlaskForm):
    submit = SubmitField("Sign out", widget=GovSubmitInput())


# --- the inbox -----------------------------------------------------------------------------

class InboxFilterForm(FlaskForm):
    """Sent with GET, so links to a filtered inbox can be shared within a team."""

    class Meta:
        csrf = False

    reference = StringField("Reference", widget=GovTextInput(),
                            validators=[Optional(), Length(max=32)])
    status = SelectField("Status", widget=GovSelect(), default="open", choices=choices(
        [("open", "Open (not closed)"), *STATUS_LABELS.items(), ("all", "Any status")]))
    kind = SelectField("Kind of report", widget=GovSelect(), default="",
                       choices=choices([("", "Any kind"), *KIND_LABELS.items()]))
    risk = SelectField("Risk", widget=GovSelect(), default="",
                       choices=choices([("", "Any risk"),
                                        *((r, RISK_LABELS[r]) for r in reversed(RISK_LEVELS))]))
    area = SelectField("Area", widget=GovSelect(), default="", validate_choice=False)
    team = SelectField("Team", widget=GovSelect(), default="", validate_choice=False)
    assigned = SelectField("Assigned", widget=GovSelect(), default="", choices=choices(
        [("", "Anyone or no one"), ("me", "Assigned to me"), ("unassigned", "Unassigned")]))
    received_from = DatePickerField("Received on or after", widget=GovTextInput(),
                                    validators=[Optional()])
    received_to = DatePickerField("Received on or before", widget=GovTextInput(),
                                  validators=[Optional()])
    due = SelectField("Due", widget=GovSelect(), default="", choices=choices(
        [("", "Overdue or not"), ("overdue", "Overdue: first contact or risk review")]))
    sort = SelectField("Order", widget=GovSelect(), default="risk", choices=choices(
        [("risk", "Highest risk first, then waiting longest"), ("newest", "Newest first"),
         ("due", "Soonest due first (first contact or risk review)")]))
    submit = SubmitField("Show reports", widget=GovSubmitInput())

    def set_areas(self, areas: list[str]) -> None:
        self.area.choices = choices([("", "Any area"), *((a, area_name(a)) for a in areas)])

    def set_teams(self, teams) -> None:
        self.team.choices = choices([("", "Any team"), *((t.slug, t.name) for t in teams)])


# --- actions on a report ---------------------------------------------------------------------

class AcknowledgeForm(FlaskForm):
    submit = SubmitField("Acknowledge", widget=GovSubmitInput())


class AssignForm(FlaskForm):
    assignee = SelectField("Assign to", widget=GovSelect(), validate_choice=True,
                           validators=[InputRequired("Select who to assign the report to")])
    submit = SubmitField("Assign", widget=GovSubmitInput())

    def set_people(self, people) -> None:
        self.assignee.choices = choices(
            [("", "No one (unassign)"), *((str(p.id), p.email) for p in people)]
        )


class AssignToMeForm(FlaskForm):
    submit = SubmitField("Assign to me", widget=GovSubmitInput())


class StatusForm(FlaskForm):
    """A status other than closed: closing asks for the outcome (CloseForm)."""

    status = RadioField("New status", widget=GovRadioInput(),
                        validators=[InputRequired("Select the new status")])
    submit = SubmitField("Change status", widget=GovSubmitInput())

    def set_current(self, status: str) -> None:
        self.status.choices = choices((s, STATUS_LABELS[s]) for s in NEXT_STATUSES[status]
                                      if s != "closed")


class CloseForm(FlaskForm):
    outcome = RadioField("What was the outcome?", widget=GovRadioInput(),
                         choices=choices(OUTCOMES.items()),
                         validators=[InputRequired("Select the outcome")])
    submit = SubmitField("Close the report", widget=GovSubmitInput())


class ContactForm(FlaskForm):
    how = RadioField("How did you contact them?", widget=GovRadioInput(),
                     choices=choices(CONTACT_METHODS.items()),
                     validators=[InputRequired("Select how you contacted them")])
    note = TextAreaField("What was said (optional)", widget=GovTextArea(),
                         description="An internal note: only staff working this report see it.",
                         validators=[Optional(), Length(max=MAX_TEXT, message="The note must "
                                     f"be {MAX_TEXT} characters or fewer")])
    submit = SubmitField("Record contact", widget=GovSubmitInput())


class ReclassifyForm(FlaskForm):
    to = RadioField("Class this report as", widget=GovRadioInput(),
                    choices=choices(CLASSES.items()),
                    validators=[InputRequired("Select how the report should be classed")])
    reason = TextAreaField("Why are you changing it?", widget=GovTextArea(),
                           description="Only staff working this report see this.",
                           validators=[DataRequired("Enter why you are changing it"),
                                       Length(max=MAX_TEXT)])
    submit = SubmitField("Change how it is classed", widget=GovSubmitInput())


class NoteForm(FlaskForm):
    text = TextAreaField("Internal note", widget=GovTextArea(),
                         description="Only staff working this report see notes.",
                         validators=[DataRequired("Enter the note"),
                                     Length(max=MAX_TEXT, message="The note must be "
                                            f"{MAX_TEXT} characters or fewer")])
    submit = SubmitField("Add note", widget=GovSubmitInput())


class PublicUpdateForm(FlaskForm):
    text = TextAreaField(
        "Update for the person who reported it", widget=GovTextArea(),
        description="They read this when they follow up with their reference and receipt "
                    "code. Do not include anything that could put them or anyone else at risk.",
        validators=[DataRequired("Enter the update"),
                    Length(max=MAX_TEXT, message=f"The update must be {MAX_TEXT} characters "
                           "or fewer")],
    )
    submit = SubmitField("Post update", widget=GovSubmitInput())


class ForwardForm(FlaskForm):
    team = SelectField("Team to forward to", widget=GovSelect(), validate_choice=True,
                       validators=[DataRequired("Select the team to forward the report to")])
    reason = TextAreaField("Why are you forwarding it?", widget=GovTextArea(),
                           validators=[DataRequired("Enter why you are forwarding it"),
                                       Length(max=MAX_TEXT)])
    keep_read_access = RadioField(
        "Should your team still be able to read it?", widget=GovRadioInput(),
        description="Say yes only if your team needs it for joint work. Your team will not "
                    "be able to change it.",
        choices=choices([("no", "No"), ("yes", "Yes, read only")]),
        validators=[InputRequired("Select whether your team should still be able to read it")],
    )
    submit = SubmitField("Forward", widget=GovSubmitInput())

    def set_teams(self, teams) -> None:
        self.team.choices = choices([("", "Select a team"), *((t.slug, t.name) for t in teams)])


class RedactPhotoForm(FlaskForm):
    submit = SubmitField("Remove this photo", widget=GovSubmitInput())


class RedactPassageForm(FlaskForm):
    field = SelectField("Answer", widget=GovSelect(), validate_choice=True,
                        validators=[DataRequired("Select the answer the passage is in")])
    passage = TextAreaField("Words to remove, exactly as they appear", widget=GovTextArea(),
                            validators=[DataRequired("Enter the words to remove"),
                                        Length(max=MAX_TEXT)])
    submit = SubmitField("Remove these words", widget=GovSubmitInput())

    def set_fields(self, labels: dict[str, str]) -> None:
        self.field.choices = choices([("", "Select an answer"), *labels.items()])


# --- export and summary ------------------------------------------------------------------------

class SaveFilterForm(FlaskForm):
    name = StringField("Name these filters", widget=GovTextInput(),
                       description="For example, high risk in Bedwell. Only you see it.",
                       validators=[DataRequired("Enter a name for these filters"),
                                   Length(max=80, message="The name must be 80 characters "
                                          "or fewer")])
    submit = SubmitField("Save these filters", widget=GovSubmitInput())


class StartCallForm(FlaskForm):
    """A journey's button on the phone page: only its CSRF token is checked."""


class DeleteFilterForm(FlaskForm):
    submit = SubmitField("Delete", widget=GovSubmitInput())


class ExportForm(FlaskForm):
    """The same date pickers as the inbox's filter; the view fills in the last quarter."""

    class Meta:
        csrf = False

    received_from = DatePickerField("Received on or after", widget=GovTextInput(),
                                    validators=[InputRequired("Enter the first date")])
    received_to = DatePickerField("Received on or before", widget=GovTextInput(),
                                  validators=[InputRequired("Enter the last date")])
    include_contact = BooleanField("Include reporters' contact details", widget=GovCheckboxInput())
    submit = SubmitField("Download CSV", widget=GovSubmitInput())

    def validate_received_to(self, field):
        if self.received_from.data and field.data and field.data < self.received_from.data:
            raise ValidationError("The last date must be the same as or after the first date")



# --- response templates --------------------------------------------------------------------

class TemplateForm(FlaskForm):
    title = StringField("Name", widget=GovTextInput(),
                        description="What officers see when they choose it.",
                        validators=[DataRequired("Enter a name for the template"),
                                    Length(max=120, message="The name must be 120 "
                                           "characters or fewer")])
    purpose = RadioField("What is it for?", widget=GovRadioInput(), default="update",
                         choices=choices([("update", "An update for the person who reported"),
                                          ("question", "A question to the person who "
                                           "reported")]),
                         validators=[InputRequired("Select what the template is for")])
    status = SelectField(
        "Post it by itself when a report reaches", widget=GovSelect(), default="",
        description="For example an acknowledgement, posted when a report is acknowledged.",
        choices=choices([("", "No status: officers choose it"),
                         *((s, STATUS_LABELS[s]) for s in ("acknowledged", "in_progress",
                                                           "closed"))]))
    body = TextAreaField(
        "Text", widget=GovTextArea(),
        description="You can use {reference} for the report's reference and {team} for "
                    "your team's name. Nothing else from the report can go in a template.",
        validators=[DataRequired("Enter the template's text"),
                    Length(max=MAX_TEXT, message=f"The text must be {MAX_TEXT} characters "
                           "or fewer")])
    submit = SubmitField("Save template", widget=GovSubmitInput())


class DeleteTemplateForm(FlaskForm):
    submit = SubmitField("Delete this template", widget=GovSubmitInput())
