import pytest
from flask import render_template_string
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovDateInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from jinja2 import UndefinedError
from wtforms import (
    DateField,
    FileField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice


def test_a_misspelt_variable_fails_loudly(app):
    with app.test_request_context("/"), pytest.raises(UndefinedError):
        render_template_string("{{ no_such_variable }}")


def test_a_misspelt_attribute_of_our_objects_fails_loudly(app):
    class Thing:
        name = "x"

    with app.test_request_context("/"), pytest.raises(UndefinedError):
        render_template_string("{{ thing.nmae }}", thing=Thing())


def test_optional_macro_params_stay_quiet(app):
    with app.test_request_context("/"):
        html = render_template_string(
            '{% from "govuk_frontend_jinja/components/button/macro.html" import govukButton %}'
            '{{ govukButton({"text": "Continue"}) }}'
        )
    assert "Continue" in html


class EveryWidget(FlaskForm):
    text = StringField("Text", widget=GovTextInput())
    area = TextAreaField("Area", widget=GovTextArea())
    counted = TextAreaField("Counted", widget=GovCharacterCount())
    radio = RadioField("Radio", choices=[SelectChoice("a", "A"), SelectChoice("b", "B")],
                       widget=GovRadioInput())
    boxes = SelectMultipleField("Boxes", choices=[SelectChoice("a", "A")],
                                widget=GovCheckboxesInput())
    select = SelectField("Select", choices=[SelectChoice("a", "A")], widget=GovSelect())
    date = DateField("Date", widget=GovDateInput())
    photo = FileField("Photo", widget=GovFileInput())
    submit = SubmitField("Continue", widget=GovSubmitInput())


def test_every_govuk_frontend_wtf_widget_we_use_renders(app):
    with app.test_request_context("/"):
        form = EveryWidget()
        html = render_template_string(
            "{% for field in form if field.name != 'csrf_token' %}{{ field() }}{% endfor %}",
            form=form,
        )
    for css_class in ("govuk-input", "govuk-textarea", "govuk-character-count", "govuk-radios",
                      "govuk-checkboxes", "govuk-select", "govuk-date-input",
                      "govuk-file-upload", "govuk-button"):
        assert css_class in html, css_class
