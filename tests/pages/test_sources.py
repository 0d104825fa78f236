"""Loading content/: page files, the help directory and the partnership's members."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from app.core.content_files import SeedError
from app.extensions import db
from app.pages import live
from app.pages.models import Page, PageRevision
from app.partnership import help_directory
from app.partnership.models import HelpService, Partner
from app.partnership.teams import members
from app.seeding import seed_all
from tests.content_fixtures import PAGES, write_fixture_content


@pytest.fixture
def content(tmp_path):
    return write_fixture_content(tmp_path / "content")


def database_snapshot():
    """Every row the content loaders write, as plain values."""
    tables = [Page.__table__, PageRevision.__table__, HelpService.__table__,
              Partner.__table__]
    return {table.name: [tuple(row) for row in db.session.execute(
        sa.select(table).order_by(*table.primary_key.columns))] for table in tables}


def test_seeding_twice_leaves_the_database_the_same(app, content):
    with app.app_context():
        seed_all(content)
        first = database_snapshot()
        seed_all(content)
        assert database_snapshot() == first
    assert len(first["page"]) == len(PAGES)
    assert len(first["page_revision"]) == len(PAGES)


def test_seeding_the_real_content_twice_leaves_the_database_the_same(app):
    with app.app_context():
        seed_all(app.config["CONTENT_DIR"])
        first = database_snapshot()
        seed_all(app.config["CONTENT_DIR"])
        assert database_snapshot() == first
    assert first["page"], "content/pages has pages"


def test_a_page_is_rendered_once_and_stored_with_its_revision(app, content):
    with app.app_context():
        seed_all(content)
        page = db.session.scalar(sa.select(Page).filter_by(slug="winter-walk"))
        revision = page.published_revision
        assert page.latest_revision is revision and revision.number == 1
        assert revision.title == "Winter walk"
        assert revision.summary == "A walk against domestic abuse."
        assert '<h2 id="what-happens" class="govuk-heading-m">What happens</h2>' in (
            revision.body_html)
        assert revision.body_markdown.startswith("## What happens")
        assert revision.settings == {
            "exit_this_page": True, "help_tags": ["domestic-abuse"],
            "runs_from": "2026-11-25", "runs_until": "2026-12-10",
        }
        assert page.section == "campaign" and page.home_order == 2
        assert page.source_hash and not page.edited_in_browser


def test_a_changed_file_makes_a_new_revision(app, content):
    path = content / "pages" / "winter-walk.md"
    with app.app_context():
        seed_all(content)
        path.write_text(path.read_text().replace("title: Winter walk", "title: Winter walk 2"))
        seed_all(content)
        page = db.session.scalar(sa.select(Page).filter_by(slug="winter-walk"))
        assert [r.title for r in page.revisions] == ["Winter walk", "Winter walk 2"]
        assert page.published_revision.number == 2
        assert page.latest_revision.number == 2


def test_a_page_staff_edited_in_the_browser_is_left_alone(app, content):
    path = content / "pages" / "winter-walk.md"
    with app.app_context():
        seed_all(content)
        page = db.session.scalar(sa.select(Page).filter_by(slug="winter-walk"))
        page.edited_in_browser = True
        db.session.commit()
        path.write_text(path.read_text().replace("title: Winter walk", "title: Overwritten"))
        seed_all(content)
        page = db.session.scalar(sa.select(Page).filter_by(slug="winter-walk"))
        assert [r.title for r in page.revisions] == ["Winter walk"]


def test_publish_dates_are_whole_days_in_uk_time(app, content):
    path = content / "pages" / "winter-walk.md"
    path.write_text(path.read_text().replace(
        "home_order: 2", "home_order: 2\npublish_from: 2026-07-01\npublish_until: 2026-12-31"))
    with app.app_context():
        seed_all(content)
        page = db.session.scalar(sa.select(Page).filter_by(slug="winter-walk"))
        # 1 July is summer time (UTC+1); 1 January is not.
        assert page.publish_at == datetime(2026, 6, 30, 23, 0, tzinfo=UTC)
        assert page.unpublish_at == datetime(2027, 1, 1, 0, 0, tzinfo=UTC)


def test_a_page_is_live_only_between_its_dates(app, content):
    with app.app_context():
        seed_all(content)
        shown = {p.slug for p in live.live_pages("campaign")}
        assert shown == {"winter-walk", "film-night", "film-later"}
        later = datetime(2999, 1, 1, 0, 0, 1, tzinfo=UTC)
        assert live.live_page("next-year", "campaign", now=later).title == "Next year"
        assert live.live_page("next-year", "campaign") is None
        assert live.live_page("last-year", "campaign") is None
        earlier = datetime(2000, 6, 1, tzinfo=UTC)
        assert live.live_page("last-year", "campaign", now=earlier).title == "Last year"
        # A page is only found in its own section.
        assert live.live_page("winter-walk", "help") is None


def test_home_campaigns_are_live_in_home_order_and_not_finished(app, content):
    with app.app_context():
        seed_all(content)
        during = datetime(2026, 12, 1, 12, tzinfo=UTC)
        assert [p.slug for p in live.home_campaigns(now=during)] == [
            "film-night", "winter-walk"]
        after = datetime(2026, 12, 11, 12, tzinfo=UTC)
        assert [p.slug for p in live.home_campaigns(now=after)] == ["film-night"]


def test_live_page_details(app, content):
    with app.app_context():
        seed_all(content)
        walk = live.live_page("winter-walk", "campaign")
        assert walk.runs_text == "25 November to 10 December 2026"
        assert walk.exit_this_page and walk.help_tags == ["domestic-abuse"]
        film = live.live_page("film-night", "campaign")
        assert film.video["youtube_id"] == "AbCdEfGhIjK" and not film.exit_this_page
        assert live.live_page("film-later", "campaign").video is None  # id to be confirmed
        # Every help page has Exit this page, whatever its file says.
        assert live.live_page("staying-safe-online", "help").exit_this_page


# --- malformed files ---------------------------------------------------------------------

def replace_in(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


@pytest.mark.parametrize(("old", "new", "line", "message"), [
    ("title: Winter walk\n", "", 1, "'title' is missing"),
    ("section: campaign", "section: campain", 5, "section should be one of"),
    ("exit_this_page: true", "exit_this_pgae: true", 6, "unknown front matter key"),
    ("home_order: 2", "home_order: second", 7, "'home_order' should be int"),
    ("runs_until: 2026-12-10", "runs_until: 2026-11-01", 9, "runs_until should not be before"),
    ("help_tags: [domestic-abuse]", "help_tags: [domestic-abuse, dv]", 10, "unknown help tag"),
    ("slug: winter-walk", "slug: winter-walks", 2, "should match the file name"),
    # YAML reports a syntax error where it noticed it: the line after the open bracket.
    ("summary: A walk", "summary: [A walk", 5, "expected ',' or ']'"),
])
def test_a_malformed_page_names_the_file_and_line_and_loads_nothing(
        app, content, old, new, line, message):
    replace_in(content / "pages" / "winter-walk.md", old, new)
    with app.app_context():
        with pytest.raises(SeedError) as raised:
            seed_all(content)
        assert raised.value.path.name == "winter-walk.md"
        assert raised.value.line == line
        assert message in raised.value.message
        assert db.session.scalar(sa.select(sa.func.count(Page.id))) == 0
        assert db.session.scalar(sa.select(sa.func.count(HelpService.id))) == 0


@pytest.mark.parametrize(("text", "message"), [
    ("no front matter\n", "must start with front matter"),
    ("---\ntitle: x\n", "not closed"),
])
def test_a_page_without_front_matter_is_refused(app, content, text, message):
    (content / "pages" / "winter-walk.md").write_text(text)
    with app.app_context(), pytest.raises(SeedError) as raised:
        seed_all(content)
    assert raised.value.line == 1 and message in raised.value.message


@pytest.mark.parametrize(("old", "new", "line", "message"), [
    ("youtube_id: AbCdEfGhIjK", "youtube_id: https://youtu.be/AbCdEfGhIjK", 9,
     "11-character id"),
    ("still: the-orphan-still.jpg", "still: missing.jpg", 12, "is not in app/static/images/"),
    ("still: the-orphan-still.jpg", "still: ../secret.jpg", 12, "should be an image file name"),
    ("duration: 12 minutes", "length: 12 minutes", 11, "unknown video key"),
    ("  title: The Film\n", "", 8, "video 'title' is missing"),
])
def test_a_malformed_video_is_refused(app, content, old, new, line, message):
    replace_in(content / "pages" / "film-night.md", old, new)
    with app.app_context(), pytest.raises(SeedError) as raised:
        seed_all(content)
    assert raised.value.path.name == "film-night.md" and raised.value.line == line
    assert message in raised.value.message


def test_a_second_bad_file_stops_the_first_good_one_loading(app, content):
    (content / "pages" / "zz-broken.md").write_text("---\nslug: zz-broken\n---\n")
    with app.app_context():
        with pytest.raises(SeedError) as raised:
            seed_all(content)
        assert raised.value.path.name == "zz-broken.md"
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count(Page.id))) == 0


# --- the help directory ---------------------------------------------------------------------

def test_services_to_be_confirmed_are_loaded_but_never_shown(app, content):
    with app.app_context():
        seed_all(content)
        unconfirmed = db.session.scalar(sa.select(HelpService).filter_by(
            slug="unconfirmed-line"))
        assert unconfirmed is not None and not unconfirmed.shown
        assert unconfirmed.details["status"] == "to-be-confirmed"
        shown = [s.slug for s in help_directory.shown_services()]
        assert shown == ["sada", "report-fraud", "scam-texts"]
        assert [s.slug for s in help_directory.shown_services(["hate"])] == []
        assert [s.slug for s in help_directory.shown_services(["fraud", "domestic-abuse"])] == [
            "sada", "report-fraud", "scam-texts"]


def test_a_service_taken_out_of_the_file_leaves_the_directory(app, content):
    path = content / "help_services.yaml"
    with app.app_context():
        seed_all(content)
        text = path.read_text()
        path.write_text(text[:text.index("  - slug: scam-texts")])
        seed_all(content)
        slugs = set(db.session.scalars(sa.select(HelpService.slug)))
        assert slugs == {"sada", "report-fraud"}


@pytest.mark.parametrize(("old", "new", "message"), [
    ('phone: "0300 123 2040"', "phone: 03001232040", "should be a number in quotes"),
    ("tags: [fraud]\n    order: 2", "tags: [frauds]\n    order: 2", "unknown tag 'frauds'"),
    ("status: verified\n  - slug: scam", "status: checked\n  - slug: scam", "status should be"),
    ("web: https://reportfraud.police.uk", "web: reportfraud.police.uk", "'web' should be"),
    ("hours: Monday", "opening: Monday", "unknown key 'opening'"),
    ("source: docs/sources.md §5\n    status: verified\n  - slug: scam",
     "status: verified\n  - slug: scam", "'source' is missing"),
])
def test_a_malformed_service_names_the_file_and_line(app, content, old, new, message):
    replace_in(content / "help_services.yaml", old, new)
    with app.app_context():
        with pytest.raises(SeedError) as raised:
            seed_all(content)
        assert raised.value.path.name == "help_services.yaml"
        assert raised.value.line == 12  # the report-fraud entry
        assert message in raised.value.message
        assert db.session.scalar(sa.select(sa.func.count(Page.id))) == 0


def test_phone_numbers_for_reading_and_for_dialling():
    assert help_directory.dialling_digits("08 088 088 088") == "08088088088"
    assert help_directory.dialling_digits("+44 1438 242666") == "+441438242666"
    assert help_directory.for_reading(" 0300  123 2040 ") == "0300 123 2040"


# --- partners ------------------------------------------------------------------------------

def test_members_extend_the_partners_that_have_teams(app, content):
    with app.app_context():
        seed_all(content)
        council = db.session.scalar(sa.select(Partner).filter_by(slug="sbc"))
        assert council.teams and council.description == "The local council."
        assert council.web == "https://www.stevenage.gov.uk"
        assert [m.slug for m in members()] == ["sbc", "local-schools"]
        assert db.session.scalar(sa.select(sa.func.count(Partner.id)).where(
            Partner.name == "Stevenage Borough Council")) == 1


def test_a_member_with_a_teams_name_but_another_slug_is_refused(app, content):
    replace_in(content / "partners.yaml", "slug: sbc", "slug: stevenage-borough-council")
    with app.app_context(), pytest.raises(SeedError) as raised:
        seed_all(content)
    assert raised.value.path.name == "partners.yaml" and raised.value.line == 2
    assert "use that slug" in raised.value.message


def test_the_seed_command_twice_leaves_the_database_the_same(app, runner):
    assert runner.invoke(args=["seed"]).exit_code == 0
    with app.app_context():
        first = database_snapshot()
    assert runner.invoke(args=["seed"]).exit_code == 0
    with app.app_context():
        assert database_snapshot() == first
