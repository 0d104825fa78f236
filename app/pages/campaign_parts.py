"""The parts of a campaign page that stand out from its text: a lead image, a key fact with
its source, the dates of events, and one primary action; and what the page says about its
film while the video is still to come.

They are front matter keys of a page file (app.pages reads the file and calls ``read``):

    lead_image: {src: the-orphan-still.jpg, alt: What the picture shows}
    key_fact: {text: One in five children ..., source: Who said it, url: https://...}
    events:
      - {date: 2026-11-25, text: The 16 Days begin}
    action: {text: Get help, href: /get-help?need=domestic-abuse}

A lead image is a file in app/static/images/ or an image comms staff uploaded for the page
(/media/<token>.<ext>); the editor offers the uploaded ones. Everything is checked when the
page is read, with the line of the key in the message, and stored in the revision's
settings; requests only read it back.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from app.pages import images as page_images

KEYS = ("lead_image", "key_fact", "events", "action")
IMAGE_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(jpg|jpeg|png|webp)$")
UPLOADED = re.compile(r"^/media/(?P<token>[A-Za-z0-9]{1,64})\.(?P<extension>[a-z]{3,4})$")
OWN_PATH = re.compile(r"^/(?!/)[A-Za-z0-9/_.?=&#%-]*$")
ALT_MAX, TEXT_MAX = 250, 300
# The film's sections to point to while the film itself is still to come.
SIGNS_HEADING = re.compile(r'<h2 id="(?P<id>[a-z0-9-]+)"[^>]*>\s*Signs\b', re.IGNORECASE)


@dataclass(frozen=True)
class LeadImage:
    src: str  # an image file name in app/static/images/, or a /media/ address
    alt: str
    width: int
    height: int

    @property
    def uploaded(self) -> bool:
        return self.src.startswith("/media/")


@dataclass(frozen=True)
class KeyFact:
    text: str
    source: str
    url: str | None = None


@dataclass(frozen=True)
class Event:
    day: date
    text: str


@dataclass(frozen=True)
class Action:
    text: str
    href: str


# --- reading the front matter ---------------------------------------------------------

def read(front, images_dir: Path) -> dict:
    """The settings these keys give, checked. ``front`` is app.pages' front matter reader
    (``get`` a typed value, ``error`` naming the key's line)."""
    settings = {}
    lead = front.get("lead_image", dict)
    if lead is not None:
        settings["lead_image"] = _lead_image(front, lead, images_dir)
    fact = front.get("key_fact", dict)
    if fact is not None:
        settings["key_fact"] = _mapping(front, "key_fact", fact, ("text", "source"), ("url",))
        url = settings["key_fact"].get("url")
        if url is not None and not re.match(r"^https?://[^\s]+$", url):
            raise front.error("key_fact.url", "key_fact 'url' should start with https://")
    events = front.get("events", list)
    if events is not None:
        settings["events"] = [_event(front, item) for item in events]
    action = front.get("action", dict)
    if action is not None:
        settings["action"] = _mapping(front, "action", action, ("text", "href"), ())
        if not OWN_PATH.match(settings["action"]["href"]):
            raise front.error("action.href", "action 'href' should be an address on this "
                              "site, starting with /, such as /get-help")
    return settings


def _mapping(front, key: str, value: dict, required: tuple, optional: tuple) -> dict:
    unknown = sorted(set(value) - set(required) - set(optional))
    if unknown:
        raise front.error(f"{key}.{unknown[0]}", f"unknown {key} key '{unknown[0]}'")
    checked = {}
    for name in (*required, *optional):
        text = value.get(name)
        if text is None and name in optional:
            continue
        if not isinstance(text, str) or not text.strip():
            raise front.error(f"{key}.{name}", f"{key} '{name}' is missing")
        if len(text) > TEXT_MAX:
            raise front.error(f"{key}.{name}", f"{key} '{name}' should be {TEXT_MAX} "
                              "characters or fewer")
        checked[name] = " ".join(text.split())
    return checked


def _lead_image(front, value: dict, images_dir: Path) -> dict:
    checked = _mapping(front, "lead_image", value, ("src", "alt"), ())
    if len(checked["alt"]) > ALT_MAX:
        raise front.error("lead_image.alt", f"lead_image 'alt' should be {ALT_MAX} "
                          "characters or fewer")
    src = checked["src"]
    uploaded = UPLOADED.match(src)
    if uploaded:  # written back by `flask content export` for an image chosen in the editor
        image = page_images.image_for_address(uploaded["token"], uploaded["extension"])
        if image is None:
            raise front.error("lead_image.src", f"lead image {src} was not uploaded here")
        return {**checked, "width": image.width, "height": image.height}
    if not IMAGE_FILE.match(src):
        raise front.error("lead_image.src", "lead_image 'src' should be an image file name, "
                          "such as film-still.jpg, in app/static/images/")
    try:
        with Image.open(Path(images_dir) / src) as picture:
            width, height = picture.size
    except (OSError, UnidentifiedImageError) as error:
        raise front.error("lead_image.src", f"lead image '{src}' is not an image in "
                          "app/static/images/") from error
    return {**checked, "width": width, "height": height}


def _event(front, item) -> dict:
    if not isinstance(item, dict) or set(item) != {"date", "text"}:
        raise front.error("events", "each event should be {date: 2026-11-25, text: ...}")
    if not isinstance(item["date"], date) or isinstance(item["date"], datetime):
        raise front.error("events", f"event date {item['date']!r} should be a date like "
                          "2026-11-25")
    text = item["text"]
    if not isinstance(text, str) or not text.strip():
        raise front.error("events", "an event's 'text' is missing")
    return {"date": item["date"].isoformat(), "text": " ".join(text.split())}


def front_matter(settings: dict) -> dict:
    """The front matter these settings came from, for app.content_export: ``read`` of the
    result gives the same settings back."""
    values = {}
    if settings.get("lead_image"):
        values["lead_image"] = {key: settings["lead_image"][key] for key in ("src", "alt")}
    if settings.get("key_fact"):
        values["key_fact"] = dict(settings["key_fact"])
    if settings.get("events"):
        values["events"] = [{"date": date.fromisoformat(e["date"]), "text": e["text"]}
                            for e in settings["events"]]
    if settings.get("action"):
        values["action"] = dict(settings["action"])
    return values


# --- the editor ------------------------------------------------------------------------

def uploaded_lead_image(image, alt: str | None) -> dict:
    """The setting for an image uploaded for the page (an app.models.PageImage), described
    by ``alt`` or, left empty, by the description given when it was uploaded."""
    return {"src": page_images.address(image), "alt": " ".join((alt or image.alt_text).split()),
            "width": image.width, "height": image.height}


# --- what the page shows ---------------------------------------------------------------

@dataclass(frozen=True)
class CampaignParts:
    lead_image: LeadImage | None
    key_fact: KeyFact | None
    events: tuple[Event, ...]
    action: Action | None
    film_coming: bool  # a film is planned but its video is still to be confirmed
    signs_anchor: str | None  # while the film is coming: the section on the signs


def for_page(settings: dict, body_html: str, video_confirmed: bool, help_url: str | None
             ) -> CampaignParts:
    """What a campaign page shows besides its text. Without an action of its own, a page
    that points to the help directory offers "Get help" there."""
    lead = settings.get("lead_image")
    fact = settings.get("key_fact")
    action = settings.get("action")
    if action is None and help_url:
        action = {"text": "Get help", "href": help_url}
    film_coming = bool(settings.get("video")) and not video_confirmed
    signs = SIGNS_HEADING.search(body_html) if film_coming else None
    return CampaignParts(
        lead_image=LeadImage(**lead) if lead else None,
        key_fact=KeyFact(**fact) if fact else None,
        events=tuple(Event(date.fromisoformat(e["date"]), e["text"])
                     for e in settings.get("events", [])),
        action=Action(**action) if action else None,
        film_coming=film_coming,
        signs_anchor=signs.group("id") if signs else None,
    )


NO_LEAD_IMAGE, CURRENT_LEAD_IMAGE = "", "current"


def lead_image_choices(images: list, current: dict | None) -> list[tuple[str, str]]:
    """The editor's choices: none, the current lead image when it is not an upload of this
    page (a file named in the page's content file), and each image uploaded for the page."""
    addresses = {page_images.address(image) for image in images}
    choices = [(NO_LEAD_IMAGE, "No lead image")]
    if current and current["src"] not in addresses:
        choices.append((CURRENT_LEAD_IMAGE, f"Keep the current one: {current['alt']}"))
    choices += [(str(image.id), image.alt_text) for image in images]
    return choices


def chosen_value(images: list, current: dict | None) -> str:
    """The choice that stands for the page's lead image now."""
    if not current:
        return NO_LEAD_IMAGE
    for image in images:
        if page_images.address(image) == current["src"]:
            return str(image.id)
    return CURRENT_LEAD_IMAGE


def from_choice(choice: str | None, alt: str | None, images: list, current: dict | None
                ) -> dict | None:
    """The lead image setting for what the editor chose (choices come from
    ``lead_image_choices``, so anything else has already been refused)."""
    if choice == CURRENT_LEAD_IMAGE and current:
        return {**current, "alt": " ".join(alt.split())} if alt and alt.strip() else current
    image = next((i for i in images if str(i.id) == choice), None)
    return uploaded_lead_image(image, alt) if image is not None else None
