"""The plain modules behind reporting, tested directly: journeys, risk scoring, references
and receipt codes, photos, the ASB Case Review threshold and retention."""

import io
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from app.core import clock, photos
from app.core.content_files import SeedError
from app.extensions import db
from app.partnership.models import Team
from app.reporting import (
    case_review,
)
from app.reporting import (
    journeys as report_journeys,
)
from app.reporting import (
    receipts as references,
)
from app.reporting import (
    risk as triage,
)
from app.reporting.journeys import CHECK
from app.reporting.models import Draft, Report, ReportEvent, ReportPhoto, ReportRoute
from app.reporting.retention import purge
from app.seeding import seed_all
from tests.reporting_helpers import make_jpeg

CONTENT = Path(__file__).resolve().parents[2] / "content"


# --- journeys ------------------------------------------------------------------------

def test_the_longest_path_of_each_journey_is_about_twelve_pages():
    """Every conditional page switched on, plus check your answers."""
    everything = {"danger_now": "yes", "asb_what": "threats", "effects": ["targeted"],
                  "hate_online": "both", "contact_wanted": "yes"}
    for kind in report_journeys.REPORT_KINDS:
        pages = report_journeys.applicable(kind, everything)
        questions = [p for p in pages if not p.info]
        assert len(questions) + 1 <= 12, (kind, [p.slug for p in pages])
        assert len(pages) + 1 <= 14, (kind, [p.slug for p in pages])


def test_next_and_previous_follow_the_answers():
    answers = {"danger_now": "no"}
    assert report_journeys.next_step("asb", "danger-now", answers) == "what-is-happening"
    answers["danger_now"] = "yes"
    assert report_journeys.next_step("asb", "danger-now", answers) == "call-999"
    answers.update(asb_what="litter")
    assert report_journeys.next_step("asb", "what-is-happening", answers) == (
        "neighbourhood-problem")
    assert report_journeys.next_step("asb", "neighbourhood-problem", answers) == "where"
    assert report_journeys.previous_step("asb", "where", answers) == "neighbourhood-problem"
    assert report_journeys.previous_step("asb", "danger-now", answers) is None


def test_changing_an_answer_returns_to_check_unless_a_new_page_opened():
    answers = {key: "x" for step in report_journeys.steps("stalking")
               for key in step.fields}
    answers.update(danger_now="no", contact_wanted="no")
    assert report_journeys.next_step("stalking", "where", answers, changing=True) == CHECK
    answers["danger_now"] = "yes"
    assert report_journeys.next_step("stalking", "danger-now", answers, changing=True) == (
        "call-999")
    assert report_journeys.next_step("stalking", "call-999", answers, changing=True) == CHECK


def test_a_page_is_only_shown_once_the_pages_before_it_are_answered():
    assert report_journeys.may_show("hate", "danger-now", {})
    assert not report_journeys.may_show("hate", "where", {"danger_now": "no"})
    assert not report_journeys.may_show("hate", "call-999", {"danger_now": "no"})
    assert report_journeys.first_unanswered("hate", {"danger_now": "no"}) == (
        "who-it-happened-to")


def test_answers_to_pages_that_no_longer_apply_are_dropped():
    answers = {"danger_now": "no", "asb_what": "threats", "repeat": "often",
               "effects": ["none"], "contact_wanted": "no", "email": "old@example.org"}
    assert "email" not in report_journeys.prune("asb", answers)
    answers["asb_what"] = "litter"
    pruned = report_journeys.prune("asb", answers)
    assert "repeat" not in pruned and "effects" not in pruned


def test_asb_facts():
    facts = report_journeys.facts("asb", {"asb_what": "neighbour", "repeat": "often",
                                          "effects": ["unsafe_at_home"]},
                                  triage.model(CONTENT).assess)
    assert facts.as_dict() == {"category": "gnmp", "counts_as_asb": False, "risk": "high"}
    assert report_journeys.facts("asb", {"asb_what": "vandalism"}).as_dict() == {
        "category": "environmental", "counts_as_asb": False, "risk": None}
    assert report_journeys.facts("hate", {}).counts_as_asb is False


def test_every_question_with_choices_has_plain_labels():
    for question in report_journeys.QUESTIONS.values():
        for choice in question.choices:
            assert choice.label and choice.label[0].isupper(), choice


# --- risk ----------------------------------------------------------------------------

def test_risk_bands_and_triggers():
    model = triage.model(CONTENT)
    assert model.assess({"repeat": "first_time", "effects": ["none"]}) == "standard"
    assert model.assess({"repeat": "a_few_times", "effects": ["health"]}) == "medium"
    assert model.assess({"repeat": "often", "effects": ["health", "sleep",
                                                       "vulnerable_household"]}) == "high"
    # Triggers: afraid at home with someone more at risk is high whatever the score.
    assert model.score({"effects": ["unsafe_at_home", "vulnerable_household"]}) < model.high
    assert model.assess({"repeat": "first_time",
                         "effects": ["unsafe_at_home", "vulnerable_household"]}) == "high"


def test_the_risk_file_says_the_partnership_must_confirm_it():
    text = (CONTENT / "risk.yaml").read_text()
    assert "MUST CONFIRM" in text and "FACTS.md §2" in text


@pytest.mark.parametrize("find, replace, message", [
    ("    often: 2", "    oftn: 2", "'oftn' is not an answer to 'repeat'"),
    ("  high: 6", "  high: 2", "medium must be above 0 and below high"),
    ("    level: high\n    answers:\n      repeat", "    level: urgent\n    answers:\n      repeat",
     "level must be medium or high"),
])
def test_a_broken_risk_file_stops_the_seed(app, tmp_path, find, replace, message):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / "risk.yaml"
    assert find in path.read_text()
    path.write_text(path.read_text().replace(find, replace))
    with app.app_context(), pytest.raises(SeedError, match=message) as raised:
        seed_all(content)
    assert raised.value.path.name == "risk.yaml" and raised.value.line
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Team.id))) == 0


# --- references and receipts ---------------------------------------------------------

def test_references_avoid_characters_that_look_alike():
    for _ in range(200):
        reference = references.new_reference()
        assert len(reference) == 9 and reference[4] == "-"
        assert not set(reference.replace("-", "")) & set("0O1IL2Z5S8BUV")


def test_receipt_codes_carry_at_least_80_bits():
    assert references.RECEIPT_BITS >= 80
    codes = {references.new_receipt_code() for _ in range(1000)}
    assert len(codes) == 1000
    assert all(len(code.replace("-", "")) == references.RECEIPT_LENGTH for code in codes)


def test_receipts_are_stored_as_argon2_and_checked_forgivingly():
    code = references.new_receipt_code()
    stored = references.hash_receipt(code)
    assert stored.startswith("$argon2id$") and code not in stored
    assert references.verify_receipt(stored, code.lower().replace("-", " "))
    assert not references.verify_receipt(stored, references.new_receipt_code())
    assert not references.verify_receipt(None, code)
    assert not references.verify_receipt("not a hash", code)


# --- photos --------------------------------------------------------------------------

def test_photos_are_sniffed_from_content_not_the_name():
    png = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(png, "PNG")
    assert photos.sniff(png.getvalue()) == "PNG"
    assert photos.sniff(make_jpeg()) == "JPEG"
    assert photos.sniff(b"<html>") is None
    cleaned = photos.clean(png.getvalue(), name="photo.jpg")
    assert cleaned.content_type == "image/jpeg"
    assert Image.open(io.BytesIO(cleaned.data)).getpixel((0, 0)) == (255, 255, 255)


def test_photos_too_big_heic_or_broken_are_refused():
    with pytest.raises(photos.PhotoError, match="smaller than 5 MB"):
        photos.clean(b"\xff\xd8\xff" + b"0" * photos.MAX_BYTES)
    with pytest.raises(photos.PhotoError, match="HEIC"):
        photos.clean(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 32)
    with pytest.raises(photos.PhotoError, match="could not be opened"):
        photos.clean(make_jpeg()[:40])
    with pytest.raises(photos.PhotoError, match="empty"):
        photos.clean(b"")


def test_huge_pictures_are_shrunk():
    big = io.BytesIO()
    Image.new("RGB", (4000, 3000), (10, 120, 10)).save(big, "JPEG")
    cleaned = photos.clean(big.getvalue())
    assert max(cleaned.width, cleaned.height) == photos.MAX_SIDE


# --- ASB Case Review -----------------------------------------------------------------

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def complaint(reference, days_ago, incident_days_before=0, **changes):
    made = NOW - timedelta(days=days_ago)
    values = {"reference": reference, "kind": "asb", "counts_as_asb": True,
              "anonymous": False, "made_at": made,
              "incident_on": (made - timedelta(days=incident_days_before)).date()}
    return case_review.Complaint(**{**values, **changes})


def test_three_qualifying_complaints_in_six_months_meet_the_threshold():
    result = case_review.assess([complaint("A", 10), complaint("B", 40), complaint("C", 170)],
                                NOW, threshold=3, window_days=183)
    assert result.met and [c.reference for c in result.qualifying] == ["C", "B", "A"]


def test_what_does_not_count_and_why():
    result = case_review.assess([
        complaint("OLD", 200),
        complaint("LATE", 20, incident_days_before=40),
        complaint("ANON", 30, anonymous=True),
        complaint("GNMP", 30, counts_as_asb=False),
        complaint("HATE", 30, kind="hate"),
        complaint("GOING", 5, incident_on=None),
    ], NOW, threshold=3, window_days=183)
    assert not result.met and result.still_needed == 2
    reasons = {c.reference: why for c, why in result.not_counted}
    assert "before" in reasons["OLD"]
    assert "more than a month after" in reasons["LATE"]
    assert "anonymous" in reasons["ANON"]
    assert "not counted as anti-social behaviour" in reasons["GNMP"]
    assert "not a report of anti-social behaviour" in reasons["HATE"]
    assert [c.reference for c in result.qualifying] == ["GOING"]


def test_two_reports_in_six_months_bring_the_explanation():
    one = case_review.assess([complaint("A", 5)], NOW, 3, 183)
    two = case_review.assess([complaint("A", 5), complaint("B", 9, anonymous=True)],
                             NOW, 3, 183)
    assert not one.explain and two.explain and not two.met


def test_the_threshold_is_a_setting():
    complaints = [complaint("A", 5), complaint("B", 9)]
    assert case_review.assess(complaints, NOW, threshold=2, window_days=183).met


def test_one_month_after_handles_short_months():
    assert case_review.one_month_after(date(2026, 1, 31)) == date(2026, 2, 28)
    assert case_review.one_month_after(date(2026, 12, 15)) == date(2027, 1, 15)


# --- retention -----------------------------------------------------------------------

def test_retention_purges_idle_drafts_and_old_closed_reports(seeded_app):
    now = clock.current_time()
    with seeded_app.app_context():
        team = db.session.scalars(sa.select(Team)).first()
        idle = Draft(id="idle", kind="asb", answers={},
                     updated_at=now - timedelta(minutes=61))
        fresh = Draft(id="fresh", kind="asb", answers={}, updated_at=now)
        db.session.add_all([idle, fresh, ReportPhoto(draft_id="idle", content_type="image/jpeg",
                                                     data=b"x")])

        def report(reference, status, closed_days_ago=None):
            r = Report(reference=reference, receipt_hash="h", kind="asb", status=status,
                       closed_at=now - timedelta(days=closed_days_ago)
                       if closed_days_ago is not None else None)
            r.routes.append(ReportRoute(team=team, rule_id="asb"))
            r.events.append(ReportEvent(kind="created"))
            r.photos.append(ReportPhoto(content_type="image/jpeg", data=b"y"))
            db.session.add(r)

        report("OLD-CLOSED", "closed", 400)
        report("NEW-CLOSED", "closed", 30)
        report("OLD-OPEN", "in_progress")
        db.session.commit()
        result = purge(draft_idle_minutes=60, retention_days=365, now=now)
        assert (result.drafts, result.reports) == (1, 1)
        assert [d.id for d in db.session.scalars(sa.select(Draft))] == ["fresh"]
        assert sorted(db.session.scalars(sa.select(Report.reference))) == [
            "NEW-CLOSED", "OLD-OPEN"]
        for model in (ReportPhoto, ReportEvent, ReportRoute):
            assert db.session.scalar(sa.select(sa.func.count(model.id))) == 2


def test_retention_purge_command(seeded_app):
    result = seeded_app.test_cli_runner().invoke(args=["retention", "purge"])
    assert result.exit_code == 0, result.output
    assert "Deleted 0 idle drafts and 0 reports closed more than 365 days ago" in result.output
