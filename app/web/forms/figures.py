"""Forms of the partnership's figures: choosing a quarter, the partner figures the manager
types in, and what comms staff publish on "Stevenage in numbers"."""

import re

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from app.figures.definitions import PartnerMeasure
from app.figures.partner_figures import MAX_VALUE
from app.figures.quarters import Quarter

WHOLE_NUMBER = re.compile(r"^\d{1,7}$")
YOU_SAID_MAX = 1000


def quarter_choices(latest: Quarter, count: int = 12) -> list[SelectChoice]:
    return [SelectChoice(q.key, q.label) for q in reversed(latest.last(count))]


class QuarterForm(FlaskForm):
    """Sent with GET, so a quarter's dashboard has its own address."""

    class Meta:
        csrf = False

    quarter = SelectField("Quarter", widget=GovSelect(), validate_choice=False)
    submit = SubmitField("Show this quarter", widget=GovSubmitInput())


def figure_field_name(slug: str) -> str:
    return "figure_" + slug.replace("-", "_")


def _whole_number(label: str):
    def check(form, field):
        text = (field.data or "").strip().replace(",", "")
        if text and (not WHOLE_NUMBER.match(text) or int(text) > MAX_VALUE):
            raise ValidationError(f"{label} must be a whole number from 0 to {MAX_VALUE:,}, "
                                  "like 16")

    return check


def partner_figures_form(measures: tuple[PartnerMeasure, ...], **kwargs) -> FlaskForm:
    """A field a partner figure: a whole number, or empty for "not known"."""

    class PartnerFiguresForm(FlaskForm):
        submit = SubmitField("Save these figures", widget=GovSubmitInput())

    for measure in measures:
        setattr(PartnerFiguresForm, figure_field_name(measure.slug), StringField(
            measure.label, widget=GovTextInput(), description=measure.hint,
            validators=[_whole_number(measure.label)]))
    return PartnerFiguresForm(**kwargs)


def figure_value(field) -> int | None:
    text = (field.data or "").strip().replace(",", "")
    return int(text) if text else None


class PublishForm(FlaskForm):
    quarter = SelectField("Quarter to publish", widget=GovSelect(), validate_choice=True)
    submit = SubmitField("Publish these figures", widget=GovSubmitInput())


class WithdrawForm(FlaskForm):
    submit = SubmitField("Withdraw", widget=GovSubmitInput())


class YouSaidForm(FlaskForm):
    you_said = TextAreaField(
        "You said", widget=GovTextArea(),
        description="What residents told the partnership, in their words or close to them.",
        validators=[DataRequired("Enter what residents said"),
                    Length(max=YOU_SAID_MAX, message="What residents said must be "
                           f"{YOU_SAID_MAX} characters or fewer")])
    we_did = TextAreaField(
        "We did", widget=GovTextArea(), description="What the partnership did about it.",
        validators=[DataRequired("Enter what the partnership did"),
                    Length(max=YOU_SAID_MAX, message="What the partnership did must be "
                           f"{YOU_SAID_MAX} characters or fewer")])
    submit = SubmitField("Add to the page", widget=GovSubmitInput())


class CampaignLinkForm(FlaskForm):
    page = SelectField("Campaign", widget=GovSelect(), validate_choice=True,
                       validators=[DataRequired("Select a campaign")])
    submit = SubmitField("Link this campaign", widget=GovSubmitInput())

    def set_pages(self, pages) -> None:
        self.page.choices = [SelectChoice("", "Select a campaign"),
                             *(SelectChoice(str(p.id), page_title(p)) for p in pages)]


class RemoveForm(FlaskForm):
    submit = SubmitField("Remove", widget=GovSubmitInput())


def page_title(page) -> str:
    return page.latest_revision.title if page.latest_revision else page.slug
