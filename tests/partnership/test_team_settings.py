"""Teams changed in the browser: the fallback moves rather than disappears, and an earlier
version comes back whole."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.partnership import team_settings, teams
from app.partnership.models import Team
from app.partnership.team_settings import TeamChange, TeamError


def fallbacks() -> list[str]:
    return list(db.session.scalars(sa.select(Team.slug).filter_by(is_fallback=True)))


def test_the_fallback_moves_and_a_version_comes_back(seeded_app):
    with seeded_app.app_context():
        seeded = team_settings.versions.latest(teams.AREA).id
        team, changed = team_settings.save_team(None, TeamChange(
            "Liaison", "sbc", fallback=True, switches={"requires_totp": True},
            slug="liaison"))
        assert {"is_fallback", "requires_totp"} <= set(changed)
        assert fallbacks() == ["liaison"]
        with pytest.raises(TeamError) as raised:
            team_settings.save_team(team, TeamChange("Liaison", "sbc"))
        assert raised.value.field_name == "fallback"
        for change, field in ((TeamChange("", "sbc"), "name"),
                              (TeamChange("X", "nobody"), "partner"),
                              (TeamChange("X", "sbc", "not-an-address"),
                               "notification_email"),
                              (TeamChange("X", "sbc", slug="Has Spaces"), "slug"),
                              (TeamChange("X", "sbc", slug="sbc-asb"), "slug")):
            with pytest.raises(TeamError) as raised:
                team_settings.save_team(None, change)
            assert raised.value.field_name == field
        team_settings.record_version(None, "Added liaison")
        assert team_settings.restore(seeded, None)
        assert fallbacks() == ["sbc-community-safety"]
        assert not team_settings.restore(999999, None)


def test_the_second_pair_of_eyes_is_a_team_switch_that_survives_the_round_trip(seeded_app):
    """An administrator turns on approval for a team's pages in the browser; the team keeps
    it, and `flask content export` writes it back for the seed to read."""
    with seeded_app.app_context():
        team = teams.team_by_slug("sbc-asb")
        team_settings.save_team(team, TeamChange(
            team.name, team.partner.slug, team.notification_email, team.is_fallback,
            team.public_response_text,
            switches={"requires_totp": team.requires_totp, "pages_need_approval": True}))
        assert teams.team_by_slug("sbc-asb").pages_need_approval is True
        exported = [t for p in teams.teams_data()["partners"] for t in p["teams"]
                    if t["slug"] == "sbc-asb"]
        assert exported[0]["pages_need_approval"] is True
