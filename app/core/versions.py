"""Versions of the settings administrators change in the browser, and the seed's rule for
them: ``flask seed`` never overwrites a change made in the browser without saying so.

Each area (``teams``, ``routing``, ``risk``, ``retention``) keeps every state it has had
as a SettingVersion, newest last. The area's live table (or, for risk and retention, its
newest version) is what the site uses; the versions are its history and its way back.

When `flask seed` reads an area's file it asks ``seed_decision``:

- no version yet, or the newest came from a seed: load the file (a new version if it
  changed);
- the newest came from the browser and the file says the same (someone ran
  `flask content export`): nothing to do;
- the newest came from the browser and the file differs: keep the browser's, and say so,
  unless the seed was told to overwrite.
"""

from dataclasses import dataclass

import sqlalchemy as sa

from app.core.models import SettingVersion
from app.extensions import db

SEED, BROWSER = "seed", "browser"
AREA_NAMES = {"teams": "teams", "routing": "routing rules", "risk": "risk scoring",
              "retention": "retention period"}


def latest(area: str) -> SettingVersion | None:
    return db.session.scalar(sa.select(SettingVersion).where(SettingVersion.area == area)
                             .order_by(SettingVersion.id.desc()).limit(1))


def history(area: str, limit: int = 20) -> list[SettingVersion]:
    """Newest first."""
    return list(db.session.scalars(sa.select(SettingVersion).where(SettingVersion.area == area)
                                   .order_by(SettingVersion.id.desc()).limit(limit)))


def version(area: str, version_id: int) -> SettingVersion | None:
    return db.session.scalar(sa.select(SettingVersion).where(
        SettingVersion.area == area, SettingVersion.id == version_id))


def record(area: str, data: dict, source: str, staff_id: int | None = None,
           summary: str = "") -> SettingVersion:
    """Add a version (the caller commits)."""
    row = SettingVersion(area=area, data=data, source=source, staff_id=staff_id,
                         summary=summary)
    db.session.add(row)
    db.session.flush()
    return row


@dataclass(frozen=True)
class SeedDecision:
    load: bool
    notice: str | None = None


def seed_decision(area: str, file_data: dict, file_name: str,
                  overwrite: bool = False) -> SeedDecision:
    """Whether `flask seed` may load ``file_data`` into ``area``; records the seed's
    version when it may and the data is new."""
    newest = latest(area)
    if newest is not None and newest.data == file_data:
        return SeedDecision(True)
    if newest is not None and newest.source == BROWSER and not overwrite:
        when = newest.created_at.strftime("%-d %B %Y %H:%M UTC")
        return SeedDecision(False, (
            f"{file_name}: not loaded, because the {AREA_NAMES.get(area, area)} changed in "
            f"the browser ({when}) and the file differs. Run `flask --app wsgi content "
            "export content` to write the browser's version to content/, or `flask --app wsgi seed "
            "--overwrite-browser-changes` to replace it with the file."))
    record(area, file_data, SEED, summary=f"Loaded from content/{file_name}")
    notice = None
    if newest is not None and newest.source == BROWSER:
        notice = (f"{file_name}: replaced the {AREA_NAMES.get(area, area)} changed in the "
                  "browser, as asked.")
    return SeedDecision(True, notice)
