"""The Open311 services: our report kinds, and their attributes taken from the journeys'
questions, so a request from another system is checked against the same questions and
allowed answers as a person's on the website.

Some GeoReport standard fields stand for our questions: ``address_string`` is "where",
``description`` is "what happened", and ``first_name``/``last_name``, ``email`` and
``phone`` are the reporter's contact details (giving any of them means "yes, you can
contact me"). Every other question is an ``attribute[...]``. A question whose page depends
on earlier answers (say "has this happened before", asked only about harm to people) is
listed as not required; ``answers_from`` then asks the journey whether anything it needs is
missing, and names it.
"""

from dataclasses import dataclass
from datetime import date

from app.core import clock
from app.reporting import journeys
from app.reporting.questions import QUESTIONS

SERVICE_KINDS = journeys.REPORT_KINDS
GROUP = "community safety"
KEYWORDS = {"asb": "anti-social behaviour,nuisance,neighbours,noise,vandalism",
            "hate": "hate crime,hate incident,prejudice",
            "stalking": "stalking,harassment"}

# Questions that the GeoReport standard fields carry, not attributes.
STANDARD_FIELDS = {"where": "address_string", "description": "description"}
CONTACT_FIELDS = ("name", "email", "phone")
DERIVED = {"contact_wanted"}
# Questions a person may leave blank on the website too.
OPTIONAL = {"people", "when_date", "when_time", "address", "safe_times", "contact_ways",
            "email_updates"}
TEXT_LIMITS = {"description": 5000, "people": 2000, "where": 500, "when_time": 50,
               "address": 500, "safe_times": 500, "name": 100, "email": 320, "phone": 30}
DATATYPE_DESCRIPTIONS = {"when_date": "a date, YYYY-MM-DD", "when_time": "a time, in words"}


class InvalidRequest(ValueError):
    """A request the spec answers with 400; the message says what is wrong."""


@dataclass(frozen=True)
class Attribute:
    code: str
    datatype: str
    description: str
    order: int
    required: bool
    values: tuple[tuple[str, str], ...] = ()  # (key, name)
    datatype_description: str = ""


def service_list() -> list[dict]:
    return [{"service_code": kind, "service_name": journeys.JOURNEY_NAMES[kind],
             "description": journeys.JOURNEY_NAMES[kind] + " in Stevenage",
             "metadata": True, "type": "realtime", "keywords": KEYWORDS[kind],
             "group": GROUP} for kind in SERVICE_KINDS]


def attributes(kind: str) -> list[Attribute]:
    found = []
    for step in journeys.steps(kind):
        for key in step.fields:
            if key in STANDARD_FIELDS or key in CONTACT_FIELDS or key in DERIVED:
                continue
            question = QUESTIONS[key]
            if question.choices:
                datatype = "multivaluelist" if question.multiple else "singlevaluelist"
            else:
                datatype = "text" if key in ("people", "address", "safe_times") else "string"
            values = tuple((c.value, c.label) for c in question.choices)
            always = journeys.always_asked(step)
            found.append(Attribute(
                code=key, datatype=datatype, description=question.label,
                order=len(found) + 1, required=always and key not in OPTIONAL, values=values,
                datatype_description=DATATYPE_DESCRIPTIONS.get(
                    key, " | ".join(v for v, _ in values))))
    return found


def definition(kind: str) -> dict:
    return {"service_code": kind, "attributes": [
        {"variable": True, "code": a.code, "datatype": a.datatype, "required": a.required,
         "datatype_description": a.datatype_description, "order": a.order,
         "description": a.description,
         **({"values": [{"key": k, "name": n} for k, n in a.values]} if a.values else {})}
        for a in attributes(kind)]}


def service_kind(code: str | None) -> str:
    if not code:
        raise InvalidRequest("service_code is required")
    if code not in SERVICE_KINDS:
        raise InvalidRequest(f"service_code {code!r} is not a service here")
    return code


def _attribute_values(params: dict[str, list[str]]) -> dict[str, list[str]]:
    """``attribute[code]`` and ``attribute[code][]`` (repeated for a multivaluelist)."""
    given: dict[str, list[str]] = {}
    for name, values in params.items():
        if name.startswith("attribute[") and name.endswith("]"):
            inner = name[len("attribute["):]
            code = inner.removesuffix("][]") if inner.endswith("][]") else inner[:-1]
            given.setdefault(code, []).extend(v for v in values if v != "")
    return given


def _checked_text(key: str, value: str, field: str) -> str:
    value = value.strip()
    limit = TEXT_LIMITS.get(key)
    if limit and len(value) > limit:
        raise InvalidRequest(f"{field} must be {limit} characters or fewer")
    return value


def _attribute_answers(kind: str, params: dict[str, list[str]]) -> dict:
    known = {a.code: a for a in attributes(kind)}
    answers = {}
    for code, values in _attribute_values(params).items():
        attribute = known.get(code)
        if attribute is None:
            raise InvalidRequest(f"attribute[{code}] is not an attribute of {kind}")
        if not values:
            continue
        if attribute.values:
            allowed = {k for k, _ in attribute.values}
            wrong = [v for v in values if v not in allowed]
            if wrong:
                raise InvalidRequest(f"attribute[{code}]: {wrong[0]!r} is not one of "
                                     f"{attribute.datatype_description}")
            if attribute.datatype == "singlevaluelist" and len(values) > 1:
                raise InvalidRequest(f"attribute[{code}] takes one value")
            answers[code] = values if attribute.datatype == "multivaluelist" else values[0]
        else:
            answers[code] = _checked_text(code, values[-1], f"attribute[{code}]")
    if "when_date" in answers:
        try:
            if date.fromisoformat(answers["when_date"]) > clock.today():
                raise InvalidRequest("attribute[when_date] is in the future")
        except ValueError as error:
            if isinstance(error, InvalidRequest):
                raise
            raise InvalidRequest("attribute[when_date] must be a date, YYYY-MM-DD") from None
    return answers


def _one(params: dict[str, list[str]], name: str) -> str:
    values = params.get(name) or [""]
    return values[-1].strip()


def _contact_answers(params: dict[str, list[str]]) -> dict:
    name = " ".join(p for p in (_one(params, "first_name"), _one(params, "last_name")) if p)
    contact = {"name": _checked_text("name", name, "first_name and last_name"),
               "email": _checked_text("email", _one(params, "email"), "email"),
               "phone": _checked_text("phone", _one(params, "phone"), "phone")}
    if not any(contact.values()):
        return {"contact_wanted": "no"}
    if contact["email"] and ("@" not in contact["email"] or " " in contact["email"]):
        raise InvalidRequest("email is not an email address")
    # The contact details page is answered as a whole, as on the website.
    return {"contact_wanted": "yes", "address": "", "safe_times": "", "contact_ways": [],
            "email_updates": "no", **contact}


def answers_from(kind: str, params: dict[str, list[str]]) -> tuple[str, dict]:
    """The journey and answers a POST requests stands for, as the website would store them;
    InvalidRequest if anything is missing or not allowed."""
    answers = _attribute_answers(kind, params)
    for key, field in STANDARD_FIELDS.items():
        value = _checked_text(key, _one(params, field), field)
        if value:
            answers[key] = value
    answers.setdefault("people", "")
    answers.setdefault("when_time", "")
    answers.setdefault("when_date", "")
    # The contact page's other answers (safe times, ways) come as attributes, if at all.
    answers = {**_contact_answers(params), **answers}
    kind, answers = journeys.transition(kind, answers)
    missing = journeys.first_unanswered(kind, answers)
    if missing != journeys.CHECK:
        step = journeys.step(kind, missing)
        names = [STANDARD_FIELDS.get(k, f"attribute[{k}]") for k in step.fields
                 if k not in answers]
        raise InvalidRequest(f"{', '.join(names)} is required for this request")
    if answers.get("when_kind") == "date" and not answers.get("when_date"):
        raise InvalidRequest("attribute[when_date] is required when attribute[when_kind] "
                             "is date")
    return kind, journeys.prune(kind, answers)
