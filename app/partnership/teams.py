"""Partners and teams: loading them from content/teams.yaml, writing them back in its form,
and looking them up. Administrators change the teams in the browser
(app/partnership/team_settings.py); the file is the seed, kept in step by
`flask content export`."""

from pathlib import Path

import sqlalchemy as sa

from app.core import versions
from app.core.content_files import SeedError, load_yaml, require
from app.extensions import db
from app.partnership.models import Partner, Team

TEAMS_FILE = "teams.yaml"
PARTNERS_FILE = "partners.yaml"
AREA = "teams"


def team_item(slug: str, name: str, notification_email: str | None = None,
              fallback: bool = False, requires_totp: bool = False,
              public_response_text: str | None = None,
              pages_need_approval: bool = False) -> dict:
    """A team as content/teams.yaml writes it: keys left out when they are not set."""
    item = {"slug": slug, "name": name}
    if notification_email:
        item["notification_email"] = notification_email
    if fallback:
        item["fallback"] = True
    if requires_totp:
        item["requires_totp"] = True
    if public_response_text:
        item["public_response_text"] = public_response_text
    if pages_need_approval:
        item["pages_need_approval"] = True
    return item


def read_teams_file(path: Path) -> dict:
    """content/teams.yaml, checked, in the form ``teams_data`` gives the database's teams."""
    data = load_yaml(path)
    partners = require(data, "partners", path, list) if isinstance(data, dict) else None
    if partners is None:
        raise SeedError(path, 1, "expected a 'partners:' list")
    seen: set[str] = set()
    fallbacks, result = [], []
    for partner_item in partners:
        teams = []
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
            if not isinstance(item.get("pages_need_approval", False), bool):
                raise SeedError(path, item.line, "pages_need_approval must be true or false")
            team = team_item(
                slug, require(item, "name", path), item.get("notification_email"),
                bool(item.get("fallback")), bool(item.get("requires_totp")),
                item.get("public_response_text"), bool(item.get("pages_need_approval")))
            if "case_system" in item:
                team["case_system"] = _checked_case_system(item, path)
            teams.append(team)
        result.append({"slug": require(partner_item, "slug", path),
                       "name": require(partner_item, "name", path), "teams": teams})
    if len(fallbacks) != 1:
        raise SeedError(path, None, f"exactly one team must be the fallback, found {fallbacks}")
    return {"partners": result}


def load_teams(content_dir: Path, overwrite: bool = False) -> str | None:
    """Seed loader: the teams become those in the file, unless they were changed in the
    browser since (then it says so, and leaves them)."""
    data = read_teams_file(Path(content_dir) / TEAMS_FILE)
    decision = versions.seed_decision(AREA, data, TEAMS_FILE, overwrite)
    if decision.load:
        apply_teams(data)
    return decision.notice


def apply_teams(data: dict) -> None:
    """Partners and teams become as ``data`` says (a team it leaves out is left as it is:
    reports may still point at it). The caller commits."""
    for partner_item in data["partners"]:
        partner = _upsert(Partner, partner_item["slug"], name=partner_item["name"])
        for item in partner_item["teams"]:
            _upsert(
                Team, item["slug"],
                name=item["name"],
                partner=partner,
                notification_email=item.get("notification_email"),
                is_fallback=bool(item.get("fallback")),
                requires_totp=bool(item.get("requires_totp")),
                pages_need_approval=bool(item.get("pages_need_approval")),
                public_response_text=item.get("public_response_text"),
                **_case_system_columns(item),
            )
    fallbacks = [t["slug"] for p in data["partners"] for t in p["teams"] if t.get("fallback")]
    for team in db.session.scalars(sa.select(Team).where(Team.is_fallback.is_(True),
                                                         Team.slug.not_in(fallbacks))):
        team.is_fallback = False
    db.session.flush()


def teams_data() -> dict:
    """The database's partners and teams in content/teams.yaml's form, in the order they
    were added (the file's order, then teams added in the browser)."""
    partners = []
    for partner in db.session.scalars(sa.select(Partner).order_by(Partner.id)):
        teams = sorted(partner.teams, key=lambda team: team.id)
        if not teams:
            continue
        partners.append({"slug": partner.slug, "name": partner.name, "teams": [
            team_item(t.slug, t.name, t.notification_email, t.is_fallback, t.requires_totp,
                      t.public_response_text, t.pages_need_approval)
            for t in teams]})
    return {"partners": partners}


def _checked_case_system(item, path: Path) -> dict | None:
    """The team's ``case_system:`` (its Open311 endpoint) as the file gives it, checked."""
    config = item["case_system"]
    if config is None:
        return None
    url = config.get("url") if isinstance(config, dict) else None
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise SeedError(path, item.line, "case_system needs a 'url' starting https://")
    unknown = sorted(set(config) - {"url", "jurisdiction_id", "public_updates"})
    if unknown:
        raise SeedError(path, item.line, f"case_system: unknown key '{unknown[0]}'")
    return dict(config)


def _case_system_columns(item: dict) -> dict:
    """A checked ``case_system`` as Team columns. A team without the key keeps what an
    administrator set in the browser; ``case_system: null`` clears it. The export leaves
    it out, so a round trip through content/ never touches it."""
    if "case_system" not in item:
        return {}
    config = item["case_system"]
    if config is None:
        return {"case_system_url": None, "case_system_jurisdiction": None,
                "case_system_public_updates": False}
    return {"case_system_url": config["url"].rstrip("/"),
            "case_system_jurisdiction": config.get("jurisdiction_id") or None,
            "case_system_public_updates": bool(config.get("public_updates"))}


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
