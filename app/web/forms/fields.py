"""Fields shared by the forms of every area."""

from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import DateField, IntegerField
from wtforms.validators import ValidationError

# Dates people type here (when something happened, an export range, a publishing date)
# fall well inside these years; outside them the date arithmetic (the day after, the UK
# day in UTC) could run off the calendar.
FIRST_YEAR, LAST_YEAR = 1900, 2100
YEAR_PROBLEM = f"The year must be between {FIRST_YEAR} and {LAST_YEAR}"


def year_in_range(form, field) -> None:
    """A validator for a date field other than GovDateField (which checks it itself)."""
    if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(YEAR_PROBLEM)


class GovDateField(DateField):
    """A date in GOV.UK's three boxes (day, month, year): every date a person types here.

    The boxes post three values under one name, and the widget draws exactly three. A
    crafted post can send any number, so that is settled here, once for every date field:
    no boxes, or empty boxes, are no date; a wrong number of parts, a day that does not
    exist or a year out of range is an error on the field, with what was typed kept in the
    boxes. Use no ``Optional()``: it looks only at the day box, so "  / 3 / 2026" would pass
    as empty.
    """

    widget = GovDateInput()

    def __init__(self, label=None, validators=None, format="%d %m %Y", **kwargs):
        super().__init__(label, validators, format=format, **kwargs)

    def process(self, formdata, *args, **kwargs):
        super().process(formdata, *args, **kwargs)
        if not self.raw_data:
            self.raw_data = None  # nothing posted: the boxes show the field's data
        else:
            self.raw_data = (list(self.raw_data) + ["", "", ""])[:3]

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        parts = [part.strip() for part in valuelist]
        if not any(parts):
            self.data = None
            return
        name = self.label.text.removesuffix(" (optional)")
        if len(parts) != 3:
            self.data = None
            raise ValueError(f"{name} must be a real date")
        try:
            super().process_formdata(parts)
        except ValueError as error:
            raise ValueError(f"{name} must be a real date") from error
        if not FIRST_YEAR <= self.data.year <= LAST_YEAR:
            self.data = None
            raise ValueError(YEAR_PROBLEM)


class WholeNumberField(IntegerField):
    """A number box whose "not a number" message says which box, the GOV.UK way."""

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip():
            try:
                self.data = int(valuelist[0].strip())
            except ValueError as error:
                self.data = None
                name = self.label.text.removesuffix(" (optional)")
                raise ValueError(f"{name} must be a whole number") from error
        else:
            self.data = None
class DatePickerField(DateField):
    """A date chosen in the browser's date picker (``type="date"``: it posts 2026-04-01),
    where a person scanning the inbox or exporting wants a calendar rather than three boxes.
    The inbox's filter and the export use the same one, so they look and behave alike."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        self.raw_data = valuelist[:1]  # one picker, one value: a crafted second one goes
        name = self.label.text
        try:
            super().process_formdata([valuelist[0].strip()])
        except ValueError as error:
            raise ValueError(f"{name} must be a real date, like 2026-04-01") from error
        if not FIRST_YEAR <= self.data.year <= LAST_YEAR:
            self.data = None
            raise ValueError(YEAR_PROBLEM)
