"""Which help services a reporter is pointed to after sending, by what they reported.

The services themselves (names, numbers, hours) come from the help directory
(content/help_services.yaml, seeded into HelpService), so comms staff correct them in one
place, and a service the partnership has not confirmed (``shown`` false) is never listed.
"""

import sqlalchemy as sa

from app.extensions import db
from app.models import HelpService

PARTNER_OR_FAMILY = ("current_partner", "former_partner", "family")


def slugs_for(kind: str, answers: dict) -> list[str]:
    slugs: list[str] = []
    if kind == "stalking":
        if answers.get("relationship") in PARTNER_OR_FAMILY:
            slugs += ["sada", "herts-domestic-abuse-helpline", "national-domestic-abuse-helpline"]
        slugs += ["national-stalking-helpline", "paladin"]
    if kind == "hate":
        slugs += ["true-vision", "stop-hate-uk"]
    slugs += ["victim-support", "beacon"]
    return slugs


def services_for(kind: str, answers: dict) -> list[HelpService]:
    slugs = slugs_for(kind, answers)
    found = {s.slug: s for s in db.session.scalars(
        sa.select(HelpService).where(HelpService.slug.in_(slugs), HelpService.shown))}
    return [found[slug] for slug in slugs if slug in found]
