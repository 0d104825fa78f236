"""The partnership manager's dashboard: one quarter's figures across every team, trends
over eight quarters, downloads (CSV and .xlsx laid out like the meeting's table), and the
partner figures typed in by hand.

Only staff whose role may ``see_figures`` (the partnership manager, administrators) reach
these pages; typing in figures needs ``enter_figures``. Every figure comes from
app/figures/; these views only choose the quarter and hand the numbers to templates.
"""

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from app.core import clock, working_days
from app.extensions import db
from app.figures import definitions, downloads, partner_figures, queries
from app.figures.dashboard import FigureSettings, days_text, percent, quarter_figures
from app.figures.quarters import Quarter, asked_for, quarter_of
from app.inbox import visibility
from app.reporting import targets as case_targets
from app.staff import audit
from app.staff.accounts import can
from app.web.auth import requires
from app.web.errors import keeps_answers_on_csrf_failure
from app.web.form_errors import error_summary
from app.web.forms.figures import (
    QuarterForm,
    figure_field_name,
    figure_value,
    partner_figures_form,
    quarter_choices,
)

bp = Blueprint("dashboard", __name__, url_prefix="/staff/dashboard")

@bp.record_once
def add_template_helpers(state) -> None:
    state.app.jinja_env.globals.update({"can": can, "percent": percent,
                                        "days_text": days_text})


def figure_settings() -> FigureSettings:
    return FigureSettings(visibility.local_zone(), frozenset(working_days.non_working_days(
                              current_app.config["NON_WORKING_DAYS"])),
                          current_app.config["CONTENT_DIR"])


def chosen_quarter(settings: FigureSettings) -> tuple[Quarter, Quarter]:
    """(the quarter asked for, the quarter we are in)."""
    this_quarter = quarter_of(clock.current_time(), settings.zone)
    return asked_for(request.args.get("quarter"), this_quarter), this_quarter


@bp.get("/")
@requires("see_figures")
def index():
    settings = figure_settings()
    quarter, this_quarter = chosen_quarter(settings)
    form = QuarterForm(formdata=None, data={"quarter": quarter.key})
    form.quarter.choices = quarter_choices(this_quarter)
    return render_template(
        "dashboard/index.html", figures=quarter_figures(quarter, settings, clock.current_time()),
        quarter=quarter, this_quarter=this_quarter, form=form, kinds=queries.KINDS,
        outcomes=queries.OUTCOME_LABELS, targets=case_targets.targets(settings.content_dir),
        source_text=lambda line: downloads.source_text(line, settings.zone),
    )


def _download(kind: str, body, mimetype: str, quarter: Quarter) -> Response:
    audit.record(current_user, "figures_downloaded", quarter.key, format=kind)
    db.session.commit()
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="so-safe-referrals-{quarter.key}.{kind}"'
    })


@bp.get("/referrals.csv")
@requires("see_figures")
def referrals_csv():
    settings = figure_settings()
    quarter, _ = chosen_quarter(settings)
    figures = quarter_figures(quarter, settings, clock.current_time())
    return _download("csv", downloads.meeting_csv(figures.meeting, settings.zone), "text/csv",
                     quarter)


@bp.get("/referrals.xlsx")
@requires("see_figures")
def referrals_xlsx():
    settings = figure_settings()
    quarter, _ = chosen_quarter(settings)
    figures = quarter_figures(quarter, settings, clock.current_time())
    return _download("xlsx", downloads.meeting_xlsx(figures.meeting, figures.teams, quarter,
                                                    settings.zone), downloads.XLSX, quarter)


@bp.route("/partner-figures", methods=["GET", "POST"])
@requires("enter_figures")
@keeps_answers_on_csrf_failure
def partner_figures_view():
    settings = figure_settings()
    quarter, _ = chosen_quarter(settings)
    measures = definitions.meeting_table(settings.content_dir).measures
    entered = partner_figures.for_quarter(quarter)
    form = partner_figures_form(measures, data={
        figure_field_name(m.slug): str(entered[m.slug].value)
        for m in measures if m.slug in entered})
    if form.validate_on_submit():
        now = clock.current_time()
        changed = [partner_figures.save(current_user, quarter, m,
                                        figure_value(form[figure_field_name(m.slug)]), now)
                   for m in measures]
        db.session.commit()
        flash("Figures saved." if any(changed) else "No figure changed.", "success")
        return redirect(url_for(".index", quarter=quarter.key, _anchor="partner-figures"))
    return render_template(
        "dashboard/partner_figures.html", form=form, quarter=quarter, measures=measures,
        entered=entered, field_name=figure_field_name, errors=error_summary(form),
    ), 400 if form.errors else 200
