"""The help directory: services that support victims and residents, from
content/help_services.yaml, and the needs people can filter them by.

Every phone number and opening time comes from docs/sources.md with a source. An entry marked
``status: to-be-confirmed`` is loaded (so the partnership can see what is waiting) but is
never shown.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from app.core.content_files import SeedError, load_yaml
from app.extensions import db
from app.partnership.models import HelpService

SERVICES_FILE = "help_services.yaml"

# What people can filter the directory by, in the order the filter shows them.
NEEDS = {
    "domestic-abuse": "Domestic abuse",
    "stalking": "Stalking and harassment",
    "hate": "Hate crime",
    "exploitation": "Exploitation and county lines",
    "fraud": "Fraud and scams",
    "homeless": "Homelessness and rough sleeping",
    "victims": "Support after a crime",
    "children": "Children and young people",
    "mental-health": "Someone to talk to",
    "emergency": "Emergencies and the police",
}
STATUSES = ("verified", "to-be-confirmed")
DETAIL_KEYS = ("what", "phone", "text", "web", "email", "hours", "who_for", "free", "source",
               "status")
KNOWN_KEYS = {"slug", "name", "tags", "order", *DETAIL_KEYS}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
NUMBER = re.compile(r"^\+?[0-9][0-9 ]*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def dialling_digits(number: str) -> str:
    """'01438 242666' -> '01438242666', for a tel: link."""
    return re.sub(r"[^0-9+]", "", number)


def for_reading(number: str) -> str:
    """The number as written in the content file, spaced for reading, on one line."""
    return " ".join(number.split())


@dataclass(frozen=True)
class Service:
    slug: str
    name: str
    tags: tuple[str, ...]
    what: str
    phone: str | None = None
    text: str | None = None
    web: str | None = None
    email: str | None = None
    hours: str | None = None
    who_for: str | None = None
    free: bool = False

    @property
    def phone_for_reading(self) -> str | None:
        return for_reading(self.phone) if self.phone else None

    @property
    def phone_for_dialling(self) -> str | None:
        return dialling_digits(self.phone) if self.phone else None

    @property
    def text_for_reading(self) -> str | None:
        return for_reading(self.text) if self.text else None

    @property
    def web_label(self) -> str | None:
        """The address without https:// and a trailing slash, as people say it."""
        if not self.web:
            return None
        return re.sub(r"^https?://(www\.)?", "", self.web).rstrip("/")


# --- loading ---------------------------------------------------------------------------------

def load_help_services(content_dir: Path) -> None:
    """Seed loader: content/help_services.yaml becomes the HelpService rows."""
    path = Path(content_dir) / SERVICES_FILE
    if not path.exists():
        return
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("services"), list):
        raise SeedError(path, 1, "expected a 'services:' list")
    entries = [_check(path, item) for item in data["services"]]
    seen: set[str] = set()
    for line, values in entries:
        if values["slug"] in seen:
            raise SeedError(path, line, f"service '{values['slug']}' appears twice")
        seen.add(values["slug"])

    existing = {s.slug: s for s in db.session.scalars(sa.select(HelpService))}
    for _line, values in entries:
        row = existing.get(values["slug"])
        if row is None:
            db.session.add(HelpService(**values))
            continue
        for key, value in values.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
    for slug, row in existing.items():
        if slug not in seen:  # taken out of the file: no longer in the directory
            db.session.delete(row)
    db.session.flush()


def _check(path: Path, item) -> tuple[int, dict]:
    line = getattr(item, "line", None)
    if not isinstance(item, dict):
        raise SeedError(path, line, "each service should be a mapping of 'key: value' lines")

    def fail(message: str):
        raise SeedError(path, line, f"service '{item.get('slug', '?')}': {message}")

    unknown = sorted(set(item) - KNOWN_KEYS)
    if unknown:
        fail(f"unknown key '{unknown[0]}'")
    for key in ("slug", "name", "what", "source", "status"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            fail(f"'{key}' is missing")
    if not SLUG.match(item["slug"]):
        fail("slug should be lower case words joined by '-'")
    if item["status"] not in STATUSES:
        fail(f"status should be one of {', '.join(STATUSES)}")
    for key in ("phone", "text"):
        value = item.get(key)
        if value is not None and not (isinstance(value, str) and NUMBER.match(value)):
            fail(f"'{key}' should be a number in quotes, such as \"01438 242666\"")
    for key in ("hours", "who_for"):
        if item.get(key) is not None and not isinstance(item[key], str):
            fail(f"'{key}' should be text")
    web = item.get("web")
    if web is not None and not (isinstance(web, str) and re.match(r"^https?://[^\s]+$", web)):
        fail("'web' should be an address starting https://")
    email = item.get("email")
    if email is not None and not (isinstance(email, str) and EMAIL.match(email)):
        fail("'email' should be an email address")
    if item.get("free") is not None and not isinstance(item["free"], bool):
        fail("'free' should be true or false")
    order = item.get("order", 100)
    if not isinstance(order, int) or isinstance(order, bool):
        fail("'order' should be a whole number")
    tags = item.get("tags")
    if not isinstance(tags, list) or not tags:
        fail("'tags' should be a list of needs, such as [domestic-abuse]")
    for tag in tags:
        if not isinstance(tag, str) or tag not in NEEDS:
            fail(f"unknown tag {tag!r}: use one of {', '.join(NEEDS)}")

    details = {key: item[key] for key in DETAIL_KEYS if item.get(key) is not None}
    return line, {
        "slug": item["slug"],
        "name": item["name"].strip(),
        "sort_order": order,
        "tags": list(tags),
        "details": details,
        "shown": item["status"] == "verified",
    }


# --- what the public sees --------------------------------------------------------------------

def _service(row: HelpService) -> Service:
    details = row.details or {}
    return Service(
        slug=row.slug, name=row.name, tags=tuple(row.tags or ()),
        what=details.get("what", ""), phone=details.get("phone"), text=details.get("text"),
        web=details.get("web"), email=details.get("email"), hours=details.get("hours"),
        who_for=details.get("who_for"), free=bool(details.get("free")),
    )


def shown_services(needs: list[str] | None = None) -> list[Service]:
    """Verified services in directory order; with needs, only those tagged with any of them."""
    rows = db.session.scalars(
        sa.select(HelpService).where(HelpService.shown.is_(True))
        .order_by(HelpService.sort_order, HelpService.name)
    )
    services = [_service(row) for row in rows]
    if needs:
        wanted = set(needs)
        services = [s for s in services if wanted & set(s.tags)]
    return services


def shown_by_slug() -> dict[str, Service]:
    """Every verified service by slug, in one query."""
    return {service.slug: service for service in shown_services()}


def shown_service(slug: str) -> Service | None:
    row = db.session.scalar(sa.select(HelpService).filter_by(slug=slug, shown=True))
    return _service(row) if row else None


def chosen_needs(values: list[str]) -> list[str]:
    """The needs asked for in a query string, known ones only, in the filter's order."""
    asked = set(values)
    return [need for need in NEEDS if need in asked]


def version(services: list[Service | None]) -> str:
    """What the directory's HTML depends on, for an ETag."""
    text = json.dumps([s.__dict__ if s else None for s in services], sort_keys=True,
                      default=list)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
