"""The administrators' forms for routing rules and their dry run, the risk scoring, and
the retention period. The questions a dry run offers come from the journeys, so a new
question appears here by itself."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length

from app.reporting import journeys
from app.reporting.journeys import KINDS
from app.reporting.questions import QUESTIONS
from app.reporting.retention import MAX_MONTHS, MIN_MONTHS
from app.reporting.risk_editing import weight_field
from app.reporting.routing import PRIORITIES
from app.web.forms.fields import WholeNumberField
from app.web.forms.publishing import choices

KIND_CHOICES = choices((kind, journeys.JOURNEY_NAMES[kind]) for kind in KINDS)
NOT_ANSWERED = ""


class RuleForm(FlaskForm):
    rule_id = StringField("Rule name", widget=GovTextInput(),
                          description="Lower-case letters, digits and dashes, like "
                                      "hate-asylum-accommodation. Kept with every report the "
                                      "rule sends.",
                          validators=[InputRequired("Enter a name for the rule")])
    kind = SelectField("Kind of report", widget=GovSelect(), choices=KIND_CHOICES,
                       validate_choice=True)
    conditions = TextAreaField(
        "Conditions (optional)", widget=GovTextArea(),
        description="One a line: an answer, a colon and its values, like "
                    "near_asylum_accommodation: yes. All must hold. Leave empty for every "
                    "report of this kind.",
        validators=[Length(max=2000, message="Keep the conditions to 2000 characters")])
    teams = SelectMultipleField("Teams that get the report", widget=GovCheckboxesInput(),
                                validate_choice=True)
    priority = RadioField("Priority", widget=GovRadioInput(), default="standard",
                          choices=choices((p, p.capitalize()) for p in PRIORITIES),
                          validators=[InputRequired("Choose a priority")])
    description = TextAreaField("What the rule is for (optional)", widget=GovTextArea(),
                                validators=[Length(max=500, message="Keep it to 500 "
                                                                    "characters")])
    enabled = BooleanField("Switched on", widget=GovCheckboxInput(), default=True)
    answers = TextAreaField(
        "Answers to try (optional)", widget=GovTextArea(),
        description="For the dry run, in the same form as the conditions. Empty: the "
                    "rule's own conditions.",
        validators=[Length(max=2000, message="Keep the answers to 2000 characters")])
    try_it = SubmitField("Try it (dry run)", widget=GovSubmitInput())
    submit = SubmitField("Save rule", widget=GovSubmitInput())

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.teams.choices = choices(teams)


def questions_of(kind: str) -> list:
    """The questions with set answers a report of ``kind`` asks (contact details apart)."""
    found = []
    for step in journeys.steps(kind):
        for key in step.fields:
            question = QUESTIONS.get(key)
            if question and question.choices and key not in journeys.CONTACT_KEYS:
                found.append(question)
    return found


def answers_form(questions) -> type[FlaskForm]:
    """The dry run's form (a GET: it changes nothing, so it needs no CSRF token)."""

    class AnswersForm(FlaskForm):
        class Meta:
            csrf = False

    add_answer_fields(AnswersForm, questions)
    return AnswersForm


def add_answer_fields(form_class, questions, prefix: str = "") -> None:
    """One box a question: a select, or checkboxes for a tick-all-that-apply one."""
    for question in questions:
        answers = [(choice.value, choice.label) for choice in question.choices]
        if question.multiple:
            field = SelectMultipleField(question.label, widget=GovCheckboxesInput(),
                                        choices=choices(answers))
        else:
            field = SelectField(question.label, widget=GovSelect(), default=NOT_ANSWERED,
                                choices=choices([(NOT_ANSWERED, "Not answered"), *answers]))
        setattr(form_class, prefix + question.key, field)


def given_answers(form, questions, prefix: str = "") -> dict:
    answers = {}
    for question in questions:
        value = form[prefix + question.key].data
        if value not in (None, NOT_ANSWERED, []):
            answers[question.key] = value
    return answers


def risk_form(weights: dict, harm_questions) -> type[FlaskForm]:
    """Weights per answer and the two bands, then the answers of a dry run."""

    class RiskForm(FlaskForm):
        medium = WholeNumberField("Medium risk from a score of", widget=GovTextInput(),
                                  validators=[InputRequired("Enter the medium band")])
        high = WholeNumberField("High risk from a score of", widget=GovTextInput(),
                                validators=[InputRequired("Enter the high band")])
        try_it = SubmitField("Try it (dry run)", widget=GovSubmitInput())
        submit = SubmitField("Save scoring", widget=GovSubmitInput())

    add_answer_fields(RiskForm, harm_questions, prefix="try-")
    for key, table in weights.items():
        question = QUESTIONS[key]
        for value in table:
            setattr(RiskForm, weight_field(key, value), WholeNumberField(
                f"{question.label}: {question.label_for(value)}", widget=GovTextInput(),
                validators=[InputRequired("Enter a weight (0 or more)")]))
    return RiskForm


class RetentionForm(FlaskForm):
    months = WholeNumberField(
        "Months after a report is closed", widget=GovTextInput(),
        description=f"From {MIN_MONTHS} to {MAX_MONTHS}. The privacy notice says this number, "
                    "and the daily purge deletes reports closed longer ago.",
        validators=[InputRequired("Enter the number of months")])
    submit = SubmitField("Save", widget=GovSubmitInput())
