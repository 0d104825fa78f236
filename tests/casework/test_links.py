"""Which reports are linked, and team isolation: a team links and counts only what it sees."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.casework import actions, escalation, links
from app.core import clock
from app.extensions import db
from app.inbox.actions import ActionError, redact_passage
from app.inbox.visibility import visible_reports
from app.reporting.models import EarlierReference, Report
from app.reporting.retention import purge
from app.staff.accounts import by_email
from tests import factories
from tests.staff_helpers import ASB, SADA

WINDOW = 28


def why(report, scope) -> dict[str, set[str]]:
    return {item.report.reference: item.why for item in links.linked_reports(report, scope,
                                                                              WINDOW)}


def test_earlier_references_and_places_link_reports(people):
    with people.app_context():
        first = factories.report(reference="FIRST1", area="bedwell", age_days=40)
        factories.report(reference="NEAR1", area="bedwell", age_days=5)
        factories.report(reference="HATE1", kind="hate", area="bedwell", age_days=5)
        factories.report(reference="NOWHERE1", area="elsewhere", age_days=5)
        later = factories.report(reference="LATER1", area="bedwell", age_days=1, answers={
            "earlier_references": [{"reference": "FIRST1"}]})
        everything = sa.select(Report)
        assert why(later, everything) == {"FIRST1": {"earlier_reference"},
                                          "NEAR1": {"same_place"}}
        assert why(first, everything) == {"LATER1": {"earlier_reference"}}
        assert [r.reference for r in links.person_reports(later, everything)] == [
            "FIRST1"]
        assert links.reports_at_place(later, everything, WINDOW) == 2
        nowhere = db.session.scalar(sa.select(Report).filter_by(reference="NOWHERE1"))
        assert links.reports_at_place(nowhere, everything, WINDOW) == 0


def test_a_team_never_links_to_or_counts_another_teams_reports(people):
    with people.app_context():
        factories.report("sbc-sada", reference="SADA1", area="bedwell", age_days=2)
        ours = factories.report(reference="OURS1", area="bedwell", age_days=1)
        officer = by_email(ASB)
        scope = visible_reports(officer)
        assert why(ours, scope) == {}
        assert links.reports_at_place(ours, scope, WINDOW) == 1
        with pytest.raises(ActionError, match="no report with that reference"):
            actions.link(officer, ours, "SADA1", "Same household")
        sada = db.session.scalar(sa.select(Report).filter_by(reference="SADA1"))
        with pytest.raises(ActionError, match="no report with that reference"):
            actions.link(by_email(SADA), sada, "OURS1", "Same household")

def test_manual_links_duplicates_and_unlinks(people):
    with people.app_context():
        officer = by_email(ASB)
        one = factories.report(reference="ONE1", area="chells", age_days=60)
        two = factories.report(reference="TWO1", area="bedwell", age_days=1)
        actions.link(officer, two, "ONE1", "Same family")
        scope = visible_reports(officer)
        assert why(two, scope) == {"ONE1": {"manual"}}
        assert why(one, scope) == {"TWO1": {"manual"}}
        actions.mark_duplicate(officer, two, "ONE1", "Same car")
        assert links.original_of(two).reference == "ONE1" and links.original_of(one) is None
        actions.unlink(officer, two, "ONE1", "Not the same after all")
        assert why(two, scope) == {} and links.original_of(two) is None
        db.session.commit()
        assert [e.kind for e in two.events][-3:] == ["linked", "marked_duplicate", "unlinked"]


def test_only_high_harm_repeats_escalate(people):
    with people.app_context():
        low = factories.report(reference="LOW1", area="bedwell", risk="standard", age_days=2)
        other = factories.report(reference="LOW2", area="bedwell", risk="medium", age_days=1)
        assert escalation.escalate(other, window_days=WINDOW, site_url="http://t") == []
        high = factories.report(reference="HIGH1", area="bedwell", risk="high")
        raised = escalation.escalate(high, window_days=WINDOW, site_url="http://t")
        assert {r.reference for r in raised} == {"LOW1", "LOW2"}
        assert low.priority == "high"
        # Once raised, nothing more to raise.
        assert escalation.escalate(high, window_days=WINDOW, site_url="http://t") == []


def test_a_case_review_request_is_not_raised_as_a_repeat(people):
    """Its earlier references link it to the person's reports, high-risk ones too, but a
    request is not an incident: it keeps the priority its routing gave it."""
    with people.app_context():
        factories.report(reference="HIGH1", risk="high", age_days=10)
        factories.report(reference="HIGH2", risk="high", age_days=5, area="chells")
        request = factories.report(reference="CR1", kind="case_review", risk=None,
                                   area=None, answers={"earlier_references": [
                                       {"reference": "HIGH1"}, {"reference": "HIGH2"}]})
        assert escalation.escalate(request, window_days=WINDOW, site_url="http://t") == []
        assert request.priority == "standard"


def _own_count_at_place(report, seen, unlinked) -> int:
    """The repeat-location rule worked out by hand over the reports a person sees."""
    if not links.is_a_place(report.area):
        return 0
    start = report.created_at - timedelta(days=WINDOW)
    return sum(1 for other in seen if other.kind == report.kind and other.area == report.area
               and start <= other.created_at <= report.created_at
               and frozenset((report.id, other.id)) not in unlinked)


def test_a_whole_pages_flags_are_each_reports_own(people):
    """The inbox works out a page's repeat flags together: they must be what each report's
    own page shows, for a team (which never counts another team's report) and for
    everyone."""
    with people.app_context():
        officer = by_email(ASB)
        first = factories.report(reference="FIRST1", area="bedwell", age_days=40)
        ones = [factories.report(reference=f"NEAR{n}", area="bedwell", age_days=20 - n * 3)
                for n in range(5)]
        factories.report("sbc-sada", reference="SADA1", area="bedwell", age_days=6)
        request = factories.report(reference="CR1", kind="case_review", area=None, answers={
            "earlier_references": [{"reference": "FIRST1"}, {"reference": "NEAR1"}]})
        elsewhere = factories.report(reference="ELSE1", area="chells", age_days=2)
        actions.link(officer, elsewhere, "NEAR0", "Same family")
        actions.mark_duplicate(officer, ones[3], "NEAR2", "Same call")
        actions.unlink(officer, ones[4], "NEAR3", "A different problem")
        actions.unlink(officer, request, "NEAR1", "Named by mistake")
        db.session.commit()
        unlinked = {frozenset((ones[4].id, ones[3].id)), frozenset((request.id, ones[1].id))}
        page = [first, *ones, request, elsewhere]
        for scope in (visible_reports(officer), sa.select(Report)):
            seen = list(db.session.scalars(scope))
            people_of = links.people_reports(page, scope)
            places = links.place_counts(page, scope, WINDOW)
            for report in page:
                own = [item.report for item in links.linked_reports(report, scope, WINDOW)
                       if item.same_person]
                assert people_of[report.id] == own, report.reference
                assert places[report.id] == _own_count_at_place(report, seen, unlinked), (
                    report.reference)
        assert [r.reference for r in links.person_reports(request, sa.select(Report))] == [
            "FIRST1"]
        assert {r.reference for r in links.person_reports(first, sa.select(Report))} == {"CR1"}
        # NEAR0 to NEAR2 and itself; NEAR3 is unlinked, SADA1 is another team's.
        assert links.place_counts(page, visible_reports(officer), WINDOW)[ones[4].id] == 4


def test_the_earlier_reports_a_report_names_are_kept_with_its_answers(people):
    """The rows that let a report be found from the earlier ones it names change with the
    answers, and go with the report."""
    with people.app_context():
        factories.report(reference="FIRST1", age_days=30)
        factories.report(reference="FIRST2", age_days=20)
        later = factories.report(reference="LATER1", kind="case_review", answers={
            "earlier_references": [{"reference": "FIRST1"}, {"reference": "FIRST1"},
                                   {"reference": ""}, {"reference": "X" * 40}, "junk"]})
        named = sa.select(EarlierReference.reference).order_by(EarlierReference.reference)
        assert db.session.scalars(named).all() == ["FIRST1"]
        later.answers = {"earlier_references": [{"reference": "FIRST2"}]}
        db.session.commit()
        assert db.session.scalars(named).all() == ["FIRST2"]
        first2 = db.session.scalar(sa.select(Report).filter_by(reference="FIRST2"))
        assert [r.reference for r in links.person_reports(first2, sa.select(Report))] == [
            "LATER1"]
        later.status, later.closed_at = "closed", clock.current_time() - timedelta(days=900)
        db.session.commit()
        assert purge(draft_idle_minutes=60, retention_months=12).reports == 1
        assert db.session.scalars(named).all() == []


def test_setting_the_same_earlier_reports_again_keeps_their_rows(people):
    """Redacting a passage sets the answers again, earlier reports and all: the rows stay."""
    with people.app_context():
        factories.report(reference="FIRST1", age_days=30)
        later = factories.report(reference="LATER1", answers={
            "what_happened": "Again, and my name is Sam", "earlier_references": [
                {"reference": "FIRST1"}]})
        redact_passage(by_email(ASB), later, "what_happened", "my name is Sam")
        db.session.commit()
        assert db.session.scalars(sa.select(EarlierReference.reference)).all() == ["FIRST1"]
        assert "Sam" not in later.answers["what_happened"]
