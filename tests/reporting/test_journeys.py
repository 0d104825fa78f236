"""The journeys as data: which page comes next, what is pruned, what the answers mean."""

from pathlib import Path

from app.reporting import (
    journeys as report_journeys,
)
from app.reporting import (
    risk as triage,
)
from app.reporting.journeys import CHECK

CONTENT = Path(__file__).resolve().parents[2] / "content"



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
                                  triage.file_model(CONTENT).assess)
    assert facts.as_dict() == {"category": "gnmp", "counts_as_asb": False, "risk": "high"}
    assert report_journeys.facts("asb", {"asb_what": "vandalism"}).as_dict() == {
        "category": "environmental", "counts_as_asb": False, "risk": None}
    assert report_journeys.facts("hate", {}).counts_as_asb is False


def test_every_question_with_choices_has_plain_labels():
    for question in report_journeys.QUESTIONS.values():
        for choice in question.choices:
            assert choice.label and choice.label[0].isupper(), choice
