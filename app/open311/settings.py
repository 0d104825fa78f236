"""Pointing a team at its own case system (or no longer), from the admin pages or
``flask open311 case-system``. Each change is audited; the key the case system gave us is
a setting (OPEN311_CASE_SYSTEM_KEYS), never stored in the database or shown.

A team keeps its inbox and its email either way: the case system is an extra copy.
"""

from app.open311.case_system import url_problem
from app.partnership.models import Team
from app.staff import audit
from app.staff.models import StaffUser

MAX_JURISDICTION = 100


def problems(url: str, jurisdiction: str) -> dict[str, str]:
    """What is wrong with these settings, by field; empty when they can be saved."""
    found = {}
    problem = url_problem(url.strip())
    if problem:
        found["url"] = problem
    if len(jurisdiction.strip()) > MAX_JURISDICTION:
        found["jurisdiction"] = (f"The jurisdiction must be {MAX_JURISDICTION} characters "
                                 "or fewer")
    return found


def point_at_case_system(team: Team, url: str, jurisdiction: str, public_updates: bool,
                         staff: StaffUser | None) -> None:
    """Push the team's new reports to ``url`` from now on. The caller commits."""
    wrong = problems(url, jurisdiction)
    if wrong:
        raise ValueError(next(iter(wrong.values())))
    team.case_system_url = url.strip().rstrip("/")
    team.case_system_jurisdiction = jurisdiction.strip() or None
    team.case_system_public_updates = public_updates
    audit.record(staff, "case_system_set", team.slug, url=team.case_system_url,
                 public_updates=public_updates)


def stop_case_system(team: Team, staff: StaffUser | None) -> None:
    if team.case_system_url is None:
        return
    team.case_system_url = None
    team.case_system_jurisdiction = None
    team.case_system_public_updates = False
    audit.record(staff, "case_system_cleared", team.slug)
