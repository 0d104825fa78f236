"""The form behind "Bring back" on every administration page's version history."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField


class RestoreForm(FlaskForm):
    """Bring back an earlier version (of the teams, the rules, the scoring)."""

    submit = SubmitField("Bring back this version", widget=GovSubmitInput())
