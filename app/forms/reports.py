"""One form per report page. Choices come from app/report_journeys.py so the routing rules,
the risk file and the pages agree on every answer. Every text field is length-limited."""

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    MultipleFileField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from app import references
from app.forms.fields import GovDateField
from app.report_journeys import QUESTIONS

DESCRIPTION_MAX = 5000
SHORT_TEXT_MAX = 500


def choices(key: str) -> list[SelectChoice]:
    return [SelectChoice(c.value, c.label) for c in QUESTIONS[key].choices]


def radio(key: str, label: str, message: str, **kwargs) -> RadioField:
    return RadioField(label, choices=choices(key), widget=GovRadioInput(),
                      validators=[InputRequired(message)], **kwargs)


def checkboxes(key: str, label: str, message: str, extra=(), **kwargs) -> SelectMultipleField:
    return SelectMultipleField(label, choices=choices(key), widget=GovCheckboxesInput(),
                               validators=[DataRequired(message), *extra], **kwargs)


def text(label: str, max_length: int = SHORT_TEXT_MAX, message: str | None = None,
         too_long: str | None = None, textarea: bool = False, counted: bool = False,
         **kwargs):
    required = [DataRequired(message)] if message else [Optional()]
    widget = GovCharacterCount() if counted else GovTextArea() if textarea else GovTextInput()
    field = TextAreaField if textarea or counted else StringField
    return field(label, widget=widget, filters=[_strip],
                 validators=[*required, Length(max=max_length, message=too_long or
                                               f"{label} must be {max_length} characters "
                                               "or fewer")], **kwargs)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ExclusiveNone:
    """'None of these' cannot be ticked with anything else."""

    def __call__(self, form, field):
        if field.data and "none" in field.data and len(field.data) > 1:
            raise ValueError("Select 'None of these' on its own, or untick it")


class ReportForm(FlaskForm):
    """A report page: its answers are the fields named in the journey step."""

    def answers(self, keys) -> dict:
        return {key: _stored(getattr(self, key).data) for key in keys if key in self._fields}

    @classmethod
    def from_answers(cls, answers: dict, keys, **kwargs):
        data = {}
        for key in keys:
            if key in answers and key in cls.__dict__:
                data[key] = _loaded(key, answers[key])
        return cls(data=data, **kwargs)


def _stored(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _loaded(key: str, value):
    if key == "when_date" and value:
        return date.fromisoformat(value)
    if key == "email_updates":
        return value == "yes"
    return value


class DangerNowForm(ReportForm):
    danger_now = radio("danger_now", "Is anyone in danger now, or is a crime happening now?",
                       "Select yes if anyone is in danger now or a crime is happening now")


class AsbWhatForm(ReportForm):
    asb_what = radio("asb_what", "What is happening?", "Select what is happening",
                     description="Choose the one that fits best. You can tell us more later.")


class RepeatForm(ReportForm):
    repeat = radio("repeat", "Has this happened before?", "Select if this has happened before")


class EffectsForm(ReportForm):
    effects = checkboxes("effects", "Which of these are true for you?",
                         "Select all that are true, or select 'None of these'",
                         extra=(ExclusiveNone(),),
                         description="Select all that apply. This helps us see who needs "
                                     "help first.")


class HateOfferForm(ReportForm):
    hate_offer = radio("hate_offer", "How do you want to report it?",
                       "Select how you want to report it")


class HateForForm(ReportForm):
    hate_for = radio("hate_for", "Who did it happen to?", "Select who it happened to")


class HateStrandsForm(ReportForm):
    hate_strands = checkboxes(
        "hate_strands", "Why do you think it happened?",
        "Select why you think it happened",
        description="Select all that apply. You do not need proof: what matters is that you, "
                    "or someone else, think it happened because of this.")


class HateOnlineForm(ReportForm):
    hate_online = radio("hate_online", "Did it happen online or in person?",
                        "Select if it happened online or in person")


class AsylumHousingForm(ReportForm):
    near_asylum_accommodation = radio(
        "near_asylum_accommodation",
        "Did it happen at or near a hotel or other housing for people seeking asylum?",
        "Select yes, no or I do not know")


class StalkingForForm(ReportForm):
    stalking_for = radio("stalking_for", "Who is it happening to?",
                         "Select who it is happening to")


class RelationshipForm(ReportForm):
    relationship = radio("relationship", "Who is doing it?", "Select who is doing it")


class BehavioursForm(ReportForm):
    behaviours = checkboxes("behaviours", "What are they doing?",
                            "Select what they are doing",
                            description="Select all that apply.")


class WhereForm(ReportForm):
    where = text("Where did it happen?", max_length=SHORT_TEXT_MAX,
                 message="Enter where it happened", textarea=True,
                 description="For example a street name, a building, a park or a bus stop. "
                             "If it happened online, tell us the website or app.")
    area = SelectField("Which part of Stevenage?", widget=GovSelect(),
                       choices=[SelectChoice("", "Choose an area"), *choices("area")],
                       validators=[DataRequired("Select which part of Stevenage")])


class WhenForm(ReportForm):
    when_kind = radio("when_kind", "When did it happen?", "Select when it happened")
    when_date = GovDateField("Date", description="For example, 27 3 2026")
    when_time = text("Time (if you know it)", max_length=50,
                     description="For example, 9pm or 21:30")

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        field = self.when_date
        field.errors = []
        if self.when_kind.data == "date":
            if field.data is None:
                typed = any(part.strip() for part in field.raw_data or [])
                field.errors = ["Date must be a real date, for example 27 3 2026" if typed
                                else "Enter the date it happened, for example 27 3 2026"]
            elif field.data > date.today():
                field.errors = ["Date must be today or in the past"]
        else:
            self.when_time.errors = []
        return not self.errors

    def answers(self, keys) -> dict:
        found = super().answers(keys)
        if found.get("when_kind") != "date":
            found.update(when_date=None, when_time="")
        return found


class DescriptionForm(ReportForm):
    description = text("What happened?", max_length=DESCRIPTION_MAX,
                       message="Tell us what happened", counted=True,
                       too_long=f"What happened must be {DESCRIPTION_MAX} characters or fewer",
                       description="Tell us in your own words. Do not worry about spelling.")
    people = text("People or vehicles involved (optional)", max_length=2000, textarea=True,
                  too_long="People or vehicles must be 2000 characters or fewer",
                  description="For example what they looked like, what they wore, or a "
                              "vehicle's colour, make and number plate.")


class PhotosForm(ReportForm):
    photos = MultipleFileField("Add photos (optional)", widget=GovFileInput(multiple=True),
                               description="You can add up to 5 photos, each smaller than "
                                           "5 MB. We remove location and camera details "
                                           "from photos before we store them.")


def chosen_files(field) -> list:
    """The files actually chosen in a file field (browsers send an empty part otherwise)."""
    return [f for f in field.data or [] if f and f.filename]


class RemovePhotoForm(FlaskForm):
    """A small form on the photos page: remove one photo already added."""


class ContactForm(ReportForm):
    contact_wanted = radio("contact_wanted", "Can we contact you about this?",
                           "Select if we can contact you")


def _at_least_one_way(form) -> bool:
    if form.email.data or form.phone.data:
        return True
    message = "Enter an email address or a phone number"
    form.email.errors = [*form.email.errors, message]
    return False


EMAIL = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
               message="Enter an email address in the right format, like name@example.com")
PHONE = Regexp(r"^[0-9+() -]{6,30}$", message="Enter a phone number, like 01438 123456 "
                                              "or 07700 900 982")


class ContactDetailsForm(ReportForm):
    name = text("Your name (optional)", max_length=100)
    email = StringField("Email address", widget=GovTextInput(), filters=[_strip],
                        validators=[Optional(), Length(max=320), EMAIL])
    phone = StringField("Phone number", widget=GovTextInput(), filters=[_strip],
                        validators=[Optional(), PHONE])
    address = text("Postal address (optional)", max_length=300, textarea=True,
                   description="Only if it is safe for us to write to you.")
    safe_times = text("When is it safe to contact you? (optional)", max_length=300,
                      description="For example, weekdays between 10am and 2pm")
    contact_ways = SelectMultipleField("How else can we contact you?",
                                       choices=choices("contact_ways"),
                                       widget=GovCheckboxesInput(),
                                       description="Select all that are safe. Leave them all "
                                                   "unticked if none are.")
    email_updates = BooleanField("Email me when there is an update on my report",
                                 widget=GovCheckboxInput())

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return _at_least_one_way(self) and valid


class CaseReviewDetailsForm(ContactDetailsForm):
    name = text("Your full name", max_length=100, message="Enter your full name")
    email_updates = None


def _reference(value):
    return references.normalise(value) if value else value


class EarlierReportForm(Form):
    reference = StringField("Reference", widget=GovTextInput(), filters=[_reference],
                            validators=[Optional(), Length(max=20)])
    receipt = StringField("Receipt code", widget=GovTextInput(), filters=[_reference],
                          validators=[Optional(), Length(max=40)])


class EarlierReportsForm(ReportForm):
    reports = FieldList(FormField(EarlierReportForm), min_entries=5, max_entries=5)

    def pairs(self) -> list[tuple[int, str, str]]:
        return [(i, entry.reference.data or "", entry.receipt.data or "")
                for i, entry in enumerate(self.reports) if entry.reference.data
                or entry.receipt.data]


class SendForm(FlaskForm):
    """The send button on check-your-answers, with a field only robots fill in."""

    fax_number = StringField("Leave this empty", widget=GovTextInput())


STEP_FORMS: dict[str, type[ReportForm]] = {
    "danger-now": DangerNowForm,
    "what-is-happening": AsbWhatForm,
    "happened-before": RepeatForm,
    "how-it-affects-you": EffectsForm,
    "hate-crime": HateOfferForm,
    "who-it-happened-to": HateForForm,
    "why-it-happened": HateStrandsForm,
    "online-or-in-person": HateOnlineForm,
    "asylum-housing": AsylumHousingForm,
    "who-it-is-happening-to": StalkingForForm,
    "who-is-doing-it": RelationshipForm,
    "what-they-are-doing": BehavioursForm,
    "where": WhereForm,
    "when": WhenForm,
    "what-happened": DescriptionForm,
    "photos": PhotosForm,
    "contact": ContactForm,
    "contact-details": ContactDetailsForm,
    "earlier-reports": EarlierReportsForm,
    "your-details": CaseReviewDetailsForm,
}


def error_list(form) -> list[dict]:
    """The error summary's links, each to the field (the first box of a date)."""
    items = []
    for name, field in form._fields.items():
        if isinstance(field, FieldList):
            for entry in field:
                for sub in entry.form:
                    if sub.errors:
                        items.append({"text": sub.errors[0], "href": f"#{sub.id}"})
            continue
        if not field.errors:
            continue
        anchor = f"{field.name}-day" if isinstance(field, DateField) else field.id
        if name == "csrf_token":
            items.append({"text": "This page timed out. Check your answers and select the "
                                  "button again.", "href": "#main-content"})
            continue
        items.append({"text": field.errors[0], "href": f"#{anchor}"})
    return items


def question_params(field, heading: bool = True, size: str = "l", **extra) -> dict:
    """govuk-frontend-wtf params for a field: its label (or legend) as the page heading,
    the hints of its choices, and answers kept out of the browser's autofill memory."""
    params: dict = {}
    text = field.label.text
    if field.type in ("RadioField", "SelectMultipleField"):
        legend = {"text": text}
        if heading:
            legend.update(isPageHeading=True, classes=f"govuk-fieldset__legend--{size}")
        else:
            legend.update(classes="govuk-fieldset__legend--m")
        params["fieldset"] = {"legend": legend}
        question = QUESTIONS.get(field.name)
        if question is not None:
            params["items"] = [
                {**({"hint": {"text": c.hint}} if c.hint else {}),
                 **({"behaviour": "exclusive"} if c.value == "none" else {})}
                for c in question.choices
            ]
    elif isinstance(field, DateField):
        params["fieldset"] = {"legend": {"text": text, "classes": "govuk-fieldset__legend--s"}}
    else:
        label = {"text": text}
        if heading:
            label.update(isPageHeading=True, classes=f"govuk-label--{size}")
        else:
            label.update(classes="govuk-label--s")
        params["label"] = label
        if field.type != "MultipleFileField":
            params.setdefault("attributes", {})["autocomplete"] = "off"
    params.update(extra)
    return params
