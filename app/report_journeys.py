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

KINDS = ("asb", "hate", "stalking", "case_review")
# Journeys a person starts from /report (the Case Review has its own start).
REPORT_KINDS = ("asb", "hate", "stalking")
CHECK = "check-your-answers"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    hint: str | None = None


@dataclass(frozen=True)
class Question:
    """One answer key: its wording on the check-your-answers page and its allowed values."""

    key: str
    label: str
    choices: tuple[Choice, ...] = ()
    multiple: bool = False

    def label_for(self, value) -> str:
        if not self.choices:
            return "" if value is None else str(value)
        labels = {choice.value: choice.label for choice in self.choices}
        if isinstance(value, list):
            return "\n".join(labels.get(v, v) for v in value)
        return labels.get(value, "" if value is None else str(value))

    @property
    def values(self) -> set[str]:
        return {choice.value for choice in self.choices}


def _choices(*items) -> tuple[Choice, ...]:
    return tuple(Choice(*item) if isinstance(item, tuple) else item for item in items)


YES_NO = _choices(("yes", "Yes"), ("no", "No"))

# ASB: what is happening, and the police category each choice belongs to (FACTS.md §1.2:
# personal, nuisance, environmental). Neighbour disputes are Good Neighbourhood Management
# (gnmp); environmental problems and gnmp go to the council's neighbourhood team and are
# not counted as ASB (DESIGN.md).
ASB_WHAT = _choices(
    ("drugs", "Drug dealing or drug use"),
    ("threats", "Threats, intimidation or harassment aimed at me or my family"),
    ("groups", "Groups causing trouble"),
    ("vehicles", "Vehicle nuisance or e-scooters",
     "For example dangerous or noisy driving, or vehicles used to cause trouble"),
    ("noise", "Noise that keeps happening", "For example loud music, parties or shouting"),
    ("neighbour", "A dispute with a neighbour",
     "For example about parking, boundaries, hedges or everyday noise"),
    ("vandalism", "Vandalism or graffiti"),
    ("litter", "Fly-tipping or litter"),
    ("other", "Something else"),
)
ASB_CATEGORY = {
    "drugs": "nuisance",
    "threats": "personal",
    "groups": "nuisance",
    "vehicles": "nuisance",
    "noise": "nuisance",
    "neighbour": "gnmp",
    "vandalism": "environmental",
    "litter": "environmental",
    "other": "other",
}
NOT_COUNTED_AS_ASB = ("environmental", "gnmp")

REPEAT = _choices(
    ("first_time", "This is the first time"),
    ("a_few_times", "It has happened a few times"),
    ("often", "It happens often"),
)
EFFECTS = _choices(
    ("health", "It is affecting my health, or the health of someone I live with"),
    ("sleep", "It is affecting my sleep"),
    ("work_or_school", "It is affecting my work, or my children's school"),
    ("unsafe_at_home", "I feel unsafe in my home"),
    ("vulnerable_household", "Someone in my home is more at risk",
     "For example because of a disability, a long-term illness, their age, or because "
     "they are a child"),
    ("targeted", "I think I was targeted because of who I am",
     "For example because of race, religion, sexuality, disability or being transgender"),
    ("none", "None of these"),
)
HATE_OFFER = _choices(
    ("hate", "Report it as a hate crime or hate incident"),
    ("asb", "Carry on with this anti-social behaviour report"),
)
HATE_FOR = _choices(
    ("victim", "It happened to me"),
    ("witness", "I saw it happen to someone else"),
    ("someone_else", "I am reporting for someone else",
     "For example a family member, a friend, or someone you support at work"),
)
# The five strands police monitor (FACTS.md §3), and something else.
HATE_STRANDS = _choices(
    ("race", "Race or ethnicity", "Including nationality and skin colour"),
    ("religion", "Religion or belief"),
    ("sexual_orientation", "Sexual orientation"),
    ("disability", "Disability"),
    ("transgender", "Transgender identity"),
    ("other", "Something else"),
)
HATE_ONLINE = _choices(
    ("in_person", "In person"),
    ("online", "Online", "For example on social media, in messages or in a game"),
    ("both", "Both"),
)
DONT_KNOW = Choice("dont_know", "I do not know")
ASYLUM_ACCOMMODATION = _choices(("yes", "Yes"), ("no", "No"), DONT_KNOW)
STALKING_FOR = _choices(
    ("me", "It is happening to me"),
    ("someone_else", "It is happening to someone else"),
)
RELATIONSHIP = _choices(
    ("current_partner", "My partner"),
    ("former_partner", "My ex-partner"),
    ("family", "A family member"),
    ("known", "Someone else I know", "For example a neighbour, a colleague or a friend"),
    ("stranger", "A stranger"),
    ("dont_know", "I do not know who it is"),
)
BEHAVIOURS = _choices(
    ("following", "Following me or watching me"),
    ("messages", "Calling, texting or messaging me"),
    ("turning_up", "Turning up at my home, work or other places"),
    ("online", "Doing things online", "For example posting about me, or tracking my phone "
     "or accounts"),
    ("damage", "Damaging my things"),
    ("threats", "Threatening me or people close to me"),
    ("other", "Something else"),
)
# Stevenage's neighbourhoods (the borough's wards) and the town centre. Kept short so the
# list is easy to use on a phone; "somewhere else" covers the rest.
AREAS = _choices(
    ("bandley-hill-poplars", "Bandley Hill and Poplars"),
    ("bedwell", "Bedwell"),
    ("chells", "Chells"),
    ("longmeadow", "Longmeadow"),
    ("manor", "Manor"),
    ("martins-wood", "Martins Wood"),
    ("old-town", "Old Town"),
    ("pin-green", "Pin Green"),
    ("roebuck", "Roebuck"),
    ("st-nicholas", "St Nicholas"),
    ("shephall", "Shephall"),
    ("symonds-green", "Symonds Green"),
    ("town-centre", "Town centre"),
    ("woodfield", "Woodfield"),
    ("elsewhere", "Somewhere else, or online"),
    ("dont_know", "I do not know"),
)
WHEN_KIND = _choices(
    ("ongoing", "It is still going on"),
    ("date", "It happened on a date I can give"),
)
CONTACT_WANTED = _choices(
    ("no", "No, I want to stay anonymous"),
    ("yes", "Yes, you can contact me"),
)
CONTACT_WAYS = _choices(
    ("voicemail", "You can leave a voicemail"),
    ("texts", "You can send me text messages"),
    ("letters", "You can send me letters"),
)

QUESTIONS: dict[str, Question] = {
    q.key: q
    for q in (
        Question("danger_now", "Is anyone in danger now, or is a crime happening now?", YES_NO),
        Question("asb_what", "What is happening", ASB_WHAT),
        Question("repeat", "Has it happened before", REPEAT),
        Question("effects", "How it affects you", EFFECTS, multiple=True),
        Question("hate_offer", "Report as a hate crime", HATE_OFFER),
        Question("hate_for", "Who it happened to", HATE_FOR),
        Question("hate_strands", "Why you think it happened", HATE_STRANDS, multiple=True),
        Question("hate_online", "Online or in person", HATE_ONLINE),
        Question("near_asylum_accommodation",
                 "At or near housing for people seeking asylum", ASYLUM_ACCOMMODATION),
        Question("stalking_for", "Who it is happening to", STALKING_FOR),
        Question("relationship", "Who is doing it", RELATIONSHIP),
        Question("behaviours", "What they are doing", BEHAVIOURS, multiple=True),
        Question("where", "Where"),
        Question("area", "Area of Stevenage", AREAS),
        Question("when_kind", "When", WHEN_KIND),
        Question("when_date", "Date"),
        Question("when_time", "Time"),
        Question("description", "What happened"),
        Question("people", "People or vehicles involved"),
        Question("contact_wanted", "Can we contact you", CONTACT_WANTED),
        Question("name", "Name"),
        Question("email", "Email address"),
        Question("phone", "Phone number"),
        Question("address", "Postal address"),
        Question("safe_times", "Safe times to contact you"),
        Question("contact_ways", "Other ways we can contact you", CONTACT_WAYS, multiple=True),
        Question("email_updates", "Email me when there is an update", YES_NO),
        Question("earlier_references", "Earlier reports"),
    )
}

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
