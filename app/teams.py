"""Partners and teams: loading them from content/teams.yaml and looking them up."""

from pathlib import Path

import sqlalchemy as sa

from app.extensions import db
from app.models import Partner, Team
from app.seeding import SeedError, load_yaml, require

TEAMS_FILE = "teams.yaml"


def load_teams(content_dir: Path) -> None:
    path = content_dir / TEAMS_FILE
    data = load_yaml(path)
    partners = require(data, "partners", path, list) if isinstance(data, dict) else None
    if partners is None:
        raise SeedError(path, 1, "expected a 'partners:' list")
    seen: set[str] = set()
    fallbacks = []
    for partner_item in partners:
        partner = _upsert(Partner, require(partner_item, "slug", path),
                          name=require(partner_item, "name", path))
        for item in require(partner_item, "teams", path, list):
            slug = require(item, "slug", path)
            if slug in seen:
                raise SeedError(path, item.line, f"team '{slug}' appears twice")
            seen.add(slug)
            if item.get("fallback"):
                fallbacks.append(slug)
            targets = item.get("response_targets") or {}
            if not isinstance(targets, dict) or not all(
                isinstance(v, int) and v > 0 for v in targets.values()
            ):
                raise SeedError(path, item.line, "response_targets must map priority to days")
            _upsert(
                Team, slug,
                name=require(item, "name", path),
                partner=partner,
                notification_email=item.get("notification_email"),
                is_fallback=bool(item.get("fallback")),
                requires_totp=bool(item.get("requires_totp")),
                response_targets=dict(targets),
                public_response_text=item.get("public_response_text"),
            )
    if len(fallbacks) != 1:
        raise SeedError(path, None, f"exactly one team must be the fallback, found {fallbacks}")


def _upsert(model, slug: str, **values):
    row = db.session.scalar(sa.select(model).filter_by(slug=slug))
    if row is None:
        row = model(slug=slug, **values)
        db.session.add(row)
        db.session.flush()
        return row
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
    return row


def all_teams() -> list[Team]:
    return list(db.session.scalars(sa.select(Team).order_by(Team.slug)))


def team_by_slug(slug: str) -> Team | None:
    return db.session.scalar(sa.select(Team).filter_by(slug=slug))


def fallback_team() -> Team:
    return db.session.scalars(sa.select(Team).filter_by(is_fallback=True)).one()
