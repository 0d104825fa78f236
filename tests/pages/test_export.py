"""`flask content export DIR` writes published pages back as content files; seed and export
round-trip."""

import shutil
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.pages import live, publishing, sources
from app.pages.export import export_pages
from app.pages.models import Page
from app.pages.publishing import PageEdit
from tests.publishing_helpers import NOW, make_staff

PAGES = Path(__file__).resolve().parents[2] / "content" / "pages"


def comparable(source: sources.PageSource) -> dict:
    values = asdict(source)
    del values["path"], values["source_hash"]
    return values


def page_files() -> list[Path]:
    return sorted(PAGES.glob("*.md"))


@pytest.fixture
def loaded(seeded_app):
    """Every content page loaded, as `flask seed` does."""
    with seeded_app.app_context():
        sources.load_pages(seeded_app.config["CONTENT_DIR"])
        db.session.commit()
        yield seeded_app


def test_seed_then_export_gives_back_the_same_pages(loaded, tmp_path):
    result = export_pages(tmp_path)

    assert sorted(p.name for p in result.written) == [p.name for p in page_files()]
    assert result.drafts == []
    for original in page_files():
        exported = tmp_path / "pages" / original.name
        assert comparable(sources.parse_page(exported)) == comparable(
            sources.parse_page(original)), original.name


def test_unedited_files_come_back_byte_for_byte(loaded, tmp_path):
    export_pages(tmp_path)
    different = [p.name for p in page_files()
                 if (tmp_path / "pages" / p.name).read_text() != p.read_text()]
    assert different == []


def test_browser_edits_export_and_seed_into_a_fresh_site(loaded, tmp_path, app_factory):
    staff = make_staff()
    page = db.session.scalar(sa.select(Page).filter_by(slug="safer-routes"))
    publishing.save_revision(page, page.latest_revision_id, PageEdit(
        title="Safer Routes: what's next", summary="Lighting: done. Patrols: yes.",
        body_markdown="## Done\n\n- lighting\n- **CCTV**\n", slug="safer-routes",
        exit_this_page=True), staff)
    moment = datetime(2026, 6, 1, 8, 30, tzinfo=UTC)  # 09:30 in the UK (summer time)
    publishing.schedule(page, moment, None, staff)
    draft = publishing.create_page("info", PageEdit(
        title="Not ready", summary="s", body_markdown="x", slug="not-ready"), staff)
    db.session.commit()
    live_before = live.live_page("safer-routes", "campaign", moment)

    result = export_pages(tmp_path)
    assert result.drafts == [draft.slug]
    assert not (tmp_path / "pages" / "not-ready.md").exists()
    text = (tmp_path / "pages" / "safer-routes.md").read_text()
    assert "publish_from: 2026-06-01 09:30:00+01:00\n" in text

    # Seeding the exported files into another site gives the same page.
    content = tmp_path / "content"
    shutil.copytree(loaded.config["CONTENT_DIR"], content)
    shutil.copy(tmp_path / "pages" / "safer-routes.md", content / "pages" / "safer-routes.md")
    other = app_factory(content)
    with other.app_context():
        sources.load_pages(content)
        db.session.commit()
        not_yet = moment - timedelta(seconds=1)
        assert live.live_page("safer-routes", "campaign", not_yet) is None
        shown = live.live_page("safer-routes", "campaign", moment)
        assert (shown.title, shown.summary, shown.body_html, shown.settings) == (
            live_before.title, live_before.summary, live_before.body_html,
            live_before.settings)


def test_a_taken_down_page_stays_down_after_the_round_trip(loaded, tmp_path):
    page = db.session.scalar(sa.select(Page).filter_by(slug="cuckooing"))
    publishing.unpublish(page, make_staff(), NOW)
    db.session.commit()
    export_pages(tmp_path)
    source = sources.parse_page(tmp_path / "pages" / "cuckooing.md")
    assert source.unpublish_at == NOW


def test_export_command(loaded, tmp_path):
    result = loaded.test_cli_runner().invoke(args=["content", "export", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"wrote {tmp_path / 'pages' / 'safer-routes.md'}" in result.output
    assert (tmp_path / "pages" / "about.md").is_file()


@pytest.fixture
def app_factory(tmp_path):
    """Another site with its own empty database, reading ``content``."""
    from app import create_app

    def make(content: Path):
        other = create_app({"ENVIRONMENT": "testing", "CONTENT_DIR": str(content),
                            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'other.db'}"})
        with other.app_context():
            db.create_all()
            from app.seeding import seed_all

            seed_all(content)
        return other

    return make
