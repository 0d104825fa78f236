"""Partners and teams: loading them from content/teams.yaml and looking them up."""

from pathlib import Path

import sqlalchemy as sa

from app.core.content_files import SeedError, load_yaml, require
from app.extensions import db
from app.partnership.models import Partner, Team

TEAMS_FILE = "teams.yaml"
PARTNERS_FILE = "partners.yaml"


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
            if "response_targets" in item:
                raise SeedError(path, item.line_of("response_targets"),
                                "response_targets has moved: first-contact targets are set "
                                "per risk level in casework.yaml")
            _upsert(
                Team, slug,
                name=require(item, "name", path),
                partner=partner,
                notification_email=item.get("notification_email"),
                is_fallback=bool(item.get("fallback")),
                requires_totp=bool(item.get("requires_totp")),
                public_response_text=item.get("public_response_text"),
            )
    if len(fallbacks) != 1:
        raise SeedError(path, None, f"exactly one team must be the fallback, found {fallbacks}")


def load_partners(content_dir: Path) -> None:
    """The partnership's members, in order, from content/partners.yaml.

    A member that also has teams (teams.yaml) is the same Partner row: same slug, and the
    name must agree, so the two files cannot fight over it.
    """
    path = content_dir / PARTNERS_FILE
    if not path.exists():
        return
    data = load_yaml(path)
    members = require(data, "partners", path, list) if isinstance(data, dict) else None
    if members is None:
        raise SeedError(path, 1, "expected a 'partners:' list")
    listed = []
    for order, item in enumerate(members, start=1):
        slug, name = require(item, "slug", path), require(item, "name", path)
        unknown = sorted(set(item) - {"slug", "name", "description", "web"})
        if unknown:
            raise SeedError(path, item.line, f"unknown key '{unknown[0]}'")
        web = item.get("web")
        if web is not None and not (isinstance(web, str) and web.startswith("https://")):
            raise SeedError(path, item.line, "'web' should be an address starting https://")
        namesake = db.session.scalar(sa.select(Partner).where(Partner.name == name,
                                                              Partner.slug != slug))
        if namesake is not None and namesake.teams:
            raise SeedError(path, item.line, f"'{name}' is partner '{namesake.slug}' in "
                            f"{TEAMS_FILE}: use that slug")
        existing = db.session.scalar(sa.select(Partner).filter_by(slug=slug))
        if existing is not None and existing.name != name and existing.teams:
            raise SeedError(path, item.line, f"partner '{slug}' is called "
                            f"'{existing.name}' in {TEAMS_FILE}: use the same name")
        _upsert(Partner, slug, name=name, description=item.get("description"), web=web,
                member_order=order)
        listed.append(slug)
    for partner in db.session.scalars(sa.select(Partner).where(Partner.slug.not_in(listed))):
        if partner.member_order is not None:
            partner.member_order = None


def members() -> list[Partner]:
    """The partnership's members in the order partners.yaml lists them."""
    return list(db.session.scalars(
        sa.select(Partner).where(Partner.member_order.is_not(None))
        .order_by(Partner.member_order)
    ))


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
