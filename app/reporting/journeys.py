"""The report journeys as data: which questions there are, what the answers may be, and
which page comes next given the answers so far. The views stay thin: they ask this module
where to go, and the forms take their choices from here.

A journey is a list of steps. Each step is one page; it applies or not depending on the
answers given so far (for example the emergency advice only follows "yes, someone is in
danger now"). The next page is the next step that applies; the check-your-answers page
comes after the last one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from app.reporting.questions import ASB_CATEGORY, NOT_COUNTED_AS_ASB, QUESTIONS

KINDS = ("asb", "hate", "stalking", "case_review")
# Journeys a person starts from /report (the Case Review has its own start).
REPORT_KINDS = ("asb", "hate", "stalking")
CHECK = "check-your-answers"


# Answers that are contact details: kept apart from the report's answers when it is saved.
CONTACT_KEYS = ("name", "email", "phone", "address", "safe_times", "contact_ways",
                "email_updates")

# Facts worked out from the answers, which routing rules may use too.
DERIVED_KEYS = {"category": {"personal", "nuisance", "environmental", "gnmp", "other"},
                "counts_as_asb": {True, False},
                "risk": {"standard", "medium", "high"}}


def _always(answers: dict) -> bool:
    return True


@dataclass(frozen=True)
class Step:
    """One page. ``fields`` are the answer keys it writes; an ``info`` page has none."""

    slug: str
    title: str
    fields: tuple[str, ...] = ()
    applies: Callable[[dict], bool] = _always
    info: bool = False
    optional: bool = False  # may be left without an answer (photos)


def always_asked(step: Step) -> bool:
    """Whether the page is on every path through its journey (whatever the answers)."""
    return step.applies is _always


def category(answers: dict) -> str | None:
    return ASB_CATEGORY.get(answers.get("asb_what"))


def asks_about_harm(answers: dict) -> bool:
    return category(answers) not in (None, "environmental")


SAFETY = (
    Step("danger-now", "Is anyone in danger now, or is a crime happening now?", ("danger_now",)),
    Step("call-999", "Call 999 if someone is in danger now", info=True,
         applies=lambda a: a.get("danger_now") == "yes"),
)
ASB_STEPS = (
    Step("what-is-happening", "What is happening?", ("asb_what",)),
    Step("neighbourhood-problem", "The council deals with this", info=True,
         applies=lambda a: category(a) in NOT_COUNTED_AS_ASB),
    Step("happened-before", "Has this happened before?", ("repeat",), applies=asks_about_harm),
    Step("how-it-affects-you", "Which of these are true for you?", ("effects",),
         applies=asks_about_harm),
    Step("hate-crime", "This might be a hate crime or hate incident", ("hate_offer",),
         applies=lambda a: asks_about_harm(a) and "targeted" in (a.get("effects") or [])),
)
HATE_STEPS = (
    Step("who-it-happened-to", "Who did it happen to?", ("hate_for",)),
    Step("why-it-happened", "Why do you think it happened?", ("hate_strands",)),
    Step("online-or-in-person", "Did it happen online or in person?", ("hate_online",)),
    Step("asylum-housing",
         "Did it happen at or near a hotel or other housing for people seeking asylum?",
         ("near_asylum_accommodation",),
         applies=lambda a: a.get("hate_online") in ("in_person", "both")),
)
STALKING_STEPS = (
    Step("who-it-is-happening-to", "Stalking and harassment", ("stalking_for",)),
    Step("who-is-doing-it", "Who is doing it?", ("relationship",)),
    Step("what-they-are-doing", "What are they doing?", ("behaviours",)),
)
COMMON_STEPS = (
    Step("where", "Where did it happen?", ("where", "area")),
    Step("when", "When did it happen?", ("when_kind", "when_date", "when_time")),
    Step("what-happened", "What happened?", ("description", "people")),
    Step("photos", "Photos", optional=True),
    Step("contact", "Can we contact you about this?", ("contact_wanted",)),
    Step("contact-details", "Your contact details",
         ("name", "email", "phone", "address", "safe_times", "contact_ways", "email_updates"),
         applies=lambda a: a.get("contact_wanted") == "yes"),
)
CASE_REVIEW_STEPS = (
    Step("earlier-reports", "Your earlier reports", ("earlier_references",)),
    Step("your-details", "Your contact details",
         ("name", "email", "phone", "address", "safe_times", "contact_ways")),
)

JOURNEYS: dict[str, tuple[Step, ...]] = {
    "asb": SAFETY + ASB_STEPS + COMMON_STEPS,
    "hate": SAFETY + HATE_STEPS + COMMON_STEPS,
    "stalking": SAFETY + STALKING_STEPS + COMMON_STEPS,
    "case_review": CASE_REVIEW_STEPS,
}

JOURNEY_NAMES = {
    "asb": "Report anti-social behaviour",
    "hate": "Report a hate crime or hate incident",
    "stalking": "Report stalking or harassment",
    "case_review": "Ask for an ASB Case Review",
}

# Journeys in the URL: /report/<url name>/<step>
URL_NAMES = {"asb": "anti-social-behaviour", "hate": "hate-crime",
             "stalking": "stalking-or-harassment", "case_review": "case-review"}
KIND_FOR_URL = {url: kind for kind, url in URL_NAMES.items()}


def steps(kind: str) -> tuple[Step, ...]:
    return JOURNEYS[kind]


def step(kind: str, slug: str) -> Step | None:
    return next((s for s in JOURNEYS[kind] if s.slug == slug), None)


def applicable(kind: str, answers: dict) -> list[Step]:
    return [s for s in JOURNEYS[kind] if s.applies(answers)]


def is_answered(s: Step, answers: dict) -> bool:
    """Information pages and optional pages never hold the person up."""
    if s.info or s.optional:
        return True
    return all(key in answers for key in s.fields)


def first_unanswered(kind: str, answers: dict) -> str:
    """The first page that still needs an answer, or the check-your-answers page."""
    for s in applicable(kind, answers):
        if not is_answered(s, answers):
            return s.slug
    return CHECK


def next_step(kind: str, current: str, answers: dict, changing: bool = False) -> str:
    """Where to go after ``current`` is answered.

    Normally the next page that applies. When the person is changing an answer from the
    check-your-answers page, back there, unless the new answer opened a page they must see:
    advice that follows it directly (say the 999 page) or a question still unanswered.
    """
    pages = applicable(kind, answers)
    slugs = [s.slug for s in pages]
    if current not in slugs:
        return first_unanswered(kind, answers)
    position = slugs.index(current)
    following = pages[position + 1] if position + 1 < len(pages) else None
    if not changing:
        return following.slug if following else CHECK
    if following is not None and following.info and not pages[position].info:
        return following.slug
    return first_unanswered(kind, answers)


def previous_step(kind: str, current: str, answers: dict) -> str | None:
    """The page before ``current`` (None on the first page)."""
    slugs = [s.slug for s in applicable(kind, answers)]
    if current == CHECK:
        return slugs[-1] if slugs else None
    if current not in slugs:
        return None
    position = slugs.index(current)
    return slugs[position - 1] if position > 0 else None


def may_show(kind: str, slug: str, answers: dict) -> bool:
    """A page may be shown once every page before it has been answered (so nobody reaches
    the check page, or sends, with a gap in the answers)."""
    for s in applicable(kind, answers):
        if s.slug == slug:
            return True
        if not is_answered(s, answers):
            return False
    return slug == CHECK


def prune(kind: str, answers: dict) -> dict:
    """Drop answers to pages that no longer apply (an answer was changed), so what is sent
    is what the person saw on check-your-answers."""
    keys = {key for s in applicable(kind, answers) for key in s.fields}
    return {key: value for key, value in answers.items() if key in keys}


def switch_to_hate(answers: dict) -> dict:
    """From ASB to the hate crime journey: keep the answers both journeys share."""
    shared = {key for s in SAFETY + COMMON_STEPS for key in s.fields}
    return {key: value for key, value in answers.items() if key in shared}


def transition(kind: str, answers: dict) -> tuple[str, dict]:
    """The journey may change on an answer: ASB "targeted for who you are" -> hate crime."""
    if kind == "asb" and answers.get("hate_offer") == "hate":
        return "hate", switch_to_hate(answers)
    return kind, answers


@dataclass
class Facts:
    """What the answers add up to: the ASB category, whether it counts as ASB, the risk."""

    category: str | None = None
    counts_as_asb: bool = False
    risk: str | None = None
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"category": self.category, "counts_as_asb": self.counts_as_asb,
                "risk": self.risk}


def facts(kind: str, answers: dict, risk_of: Callable[[dict], str] | None = None) -> Facts:
    """Derived facts for routing and the inbox. ``risk_of`` scores the harm answers
    (app.triage.assess); it is passed in so this module stays free of file loading."""
    if kind != "asb":
        return Facts()
    cat = category(answers)
    risk = risk_of(answers) if risk_of and asks_about_harm(answers) else None
    return Facts(category=cat, counts_as_asb=cat not in NOT_COUNTED_AS_ASB and cat is not None,
                 risk=risk)


def incident_date(answers: dict) -> date | None:
    value = answers.get("when_date")
    if answers.get("when_kind") != "date" or not value:
        return None
    return date.fromisoformat(value)


def when_text(answers: dict) -> str:
    if answers.get("when_kind") != "date":
        return QUESTIONS["when_kind"].label_for(answers.get("when_kind"))
    text = date.fromisoformat(answers["when_date"]).strftime("%-d %B %Y")
    return f"{text}, {answers['when_time']}" if answers.get("when_time") else text


def answer_rows(kind: str, answers: dict) -> list[tuple[Step, str, str]]:
    """(step, question label, answer text) for every answered question, in journey order:
    for check-your-answers and for staff reading a report. Each ticked box of a "select
    all that apply" question is a line of its own."""
    rows = []
    for s in applicable(kind, answers):
        for key in s.fields:
            if key not in answers or answers[key] in (None, "", []):
                continue
            value = answers[key]
            if key in ("when_date", "when_time"):
                continue
            if key == "when_kind":
                text = when_text(answers)
            elif key == "earlier_references":
                text = ", ".join(item["reference"] for item in value)
            else:
                text = QUESTIONS[key].label_for(value)
            rows.append((s, QUESTIONS[key].label, text))
    return rows
