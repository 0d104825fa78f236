"""The questions of the report journeys and the answers each may take: the words people
read, and the values stored. The journeys (app/reporting/journeys.py) put them in order;
the forms (app/web/forms/reports.py) and routing rules take their choices from here.
"""

from dataclasses import dataclass


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

# ASB: what is happening, and the police category each choice belongs to (docs/sources.md §1.2:
# personal, nuisance, environmental). Neighbour disputes are Good Neighbourhood Management
# (gnmp); environmental problems and gnmp go to the council's neighbourhood team and are
# not counted as ASB (docs/product.md).
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
# The five strands police monitor (docs/sources.md §3), and something else.
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


def area_name(slug: str | None) -> str:
    """An area as people read it ("Pin Green"), never its stored slug ("pin-green")."""
    if not slug:
        return ""
    return QUESTIONS["area"].label_for(slug)
