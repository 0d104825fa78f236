"""Changing the teams in the browser: the checks the seed makes, a version of every save,
and a way back to any earlier version.

A team's yes-or-no settings are listed once, in ``SWITCHES``: the team form draws one
checkbox for each and ``save_team`` stores each, so a new setting is a column on Team, an
entry here and a label in the form.

First-contact targets and review intervals are not team settings: they are set per risk
level in content/casework.yaml (app/reporting/targets.py), the one source for every team.

The caller records the audit entry (this package sits below the audit trail) and commits.
"""

import re
from dataclasses import dataclass, field

import sqlalchemy as sa

from app.core import versions
from app.core.content_files import SeedError
from app.extensions import db
from app.partnership import teams as team_files
from app.partnership.models import Partner, Team

SWITCHES = ("requires_totp", "pages_need_approval")
TEAM_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class TeamError(ValueError):
    """A change that cannot be saved: ``field`` is the form field it is about."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field_name, self.message = field_name, message


@dataclass
class TeamChange:
    """What the team form sends; ``slug`` is only read for a new team."""

    name: str
    partner_slug: str
    notification_email: str | None = None
    fallback: bool = False
    public_response_text: str | None = None
    switches: dict = field(default_factory=dict)
    slug: str | None = None


def partners() -> list[Partner]:
    return list(db.session.scalars(sa.select(Partner).order_by(Partner.name)))


def _check(change: TeamChange, team: Team | None) -> Partner:
    if not change.name.strip():
        raise TeamError("name", "Enter the team's name")
    partner = db.session.scalar(sa.select(Partner).filter_by(slug=change.partner_slug))
    if partner is None:
        raise TeamError("partner", "Choose the partner the team belongs to")
    if change.notification_email and not EMAIL.match(change.notification_email):
        raise TeamError("notification_email",
                        "Enter the email address in the correct format, like team@example.org")
    if team is not None and team.is_fallback and not change.fallback:
        raise TeamError("fallback", "One team must catch the reports no rule matches: make "
                                    "another team the fallback team instead")
    return partner


def save_team(team: Team | None, change: TeamChange) -> tuple[Team, list[str]]:
    """Create (``team`` None) or change a team; returns it and the settings that changed.
    Making a team the fallback takes that from the team that had it."""
    partner = _check(change, team)
    if team is None:
        slug = (change.slug or "").strip()
        if not TEAM_SLUG.match(slug):
            raise TeamError("slug", "Enter a short name of lower-case letters, digits and "
                                    "dashes, like sbc-resettlement")
        if team_files.team_by_slug(slug) is not None:
            raise TeamError("slug", f"There is already a team '{slug}'")
        team = Team(slug=slug, name=change.name.strip(), partner=partner)
        db.session.add(team)
    values = {"name": change.name.strip(), "partner": partner,
              "notification_email": change.notification_email or None,
              "is_fallback": change.fallback,
              "public_response_text": (change.public_response_text or "").strip() or None,
              **{name: bool(change.switches.get(name)) for name in SWITCHES}}
    changed = [key for key, value in values.items() if getattr(team, key, None) != value]
    for key in changed:
        setattr(team, key, values[key])
    db.session.flush()  # a new team gets its id before the others are compared with it
    if change.fallback:
        for other in db.session.scalars(sa.select(Team).where(Team.is_fallback.is_(True),
                                                              Team.id != team.id)):
            other.is_fallback = False
    db.session.flush()
    return team, changed


def record_version(staff_id: int, summary: str):
    return versions.record(team_files.AREA, team_files.teams_data(), versions.BROWSER,
                           staff_id, summary)


def restore(version_id: int, staff_id: int) -> bool:
    """Bring the teams back to an earlier version (a new version, so it can be undone)."""
    earlier = versions.version(team_files.AREA, version_id)
    if earlier is None:
        return False
    try:
        team_files.apply_teams(earlier.data)
    except (KeyError, TypeError, SeedError):
        return False
    record_version(staff_id, f"Back to the version of {earlier.created_at:%-d %B %Y %H:%M}")
    return True
