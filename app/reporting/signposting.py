"""Which help services a reporter is pointed to after sending, by what they reported.

The services themselves (names, numbers, hours) come from the help directory
(content/help_services.yaml, app/partnership/help_directory.py), so comms staff correct them in one
place, and a service the partnership has not confirmed is never listed.
"""

from app.partnership.help_directory import Service

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


def services_for(kind: str, answers: dict, shown: dict[str, Service]) -> list[Service]:
    """The services to list, from ``shown`` (help_directory.shown_by_slug, read before the
    report is sent so that its confirmation needs no query)."""
    return [shown[slug] for slug in slugs_for(kind, answers) if slug in shown]
