"""Migration 0013 gives each page image a token and moves the pages that named an image by
its old counted address to the new one, so published pages keep their pictures. On SQLite,
and on PostgreSQL when TEST_DATABASE_URL is set."""

import json
import os

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app
from app.extensions import db
from tests.conftest import own_postgres_database

SETTINGS = {"lead_image": {"src": "/media/1.png", "alt": "Lights", "width": 4, "height": 3},
            "exit_this_page": False}


def _old_rows(connection) -> None:
    connection.execute(sa.text(
        "INSERT INTO page (id, slug, section, edited_in_browser, created_at, updated_at) "
        "VALUES (1, 'lights', 'campaign', :yes, :day, :day)"),
        {"yes": True, "day": "2026-01-01 00:00:00"})
    connection.execute(sa.text(
        "INSERT INTO page_revision (id, page_id, number, title, summary, body_markdown, "
        "body_html, settings, created_at) VALUES (1, 1, 1, 'Lights', '', :markdown, :html, "
        ":settings, :day)").bindparams(sa.bindparam("settings", type_=sa.JSON)),
        {"markdown": "![Lights](/media/1.png) and ![Gone](/media/7.jpg)",
         "html": '<img alt="Lights" src="/media/1.png">', "settings": SETTINGS,
         "day": "2026-01-01 00:00:00"})
    connection.execute(sa.text(
        "INSERT INTO page_image (id, page_id, content_type, data, width, height, alt_text, "
        "created_at) VALUES (1, 1, 'image/png', :data, 4, 3, 'Lights', :day)"),
        {"data": b"\x00", "day": "2026-01-01 00:00:00"})


def check_the_migration(database_url: str) -> None:
    app = create_app({"ENVIRONMENT": "testing", "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        upgrade(revision="0012_send_once")
        with db.engine.begin() as connection:
            _old_rows(connection)
        upgrade()
        with db.engine.connect() as connection:
            token = connection.execute(sa.text("SELECT token FROM page_image")).scalar_one()
            markdown, html, stored = connection.execute(sa.text(
                "SELECT body_markdown, body_html, settings FROM page_revision")).one()
        db.engine.dispose()
    stored = json.loads(stored) if isinstance(stored, str) else stored
    assert len(token) == 32 and int(token, 16) >= 0
    assert markdown == f"![Lights](/media/{token}.png) and ![Gone](/media/7.jpg)"
    assert html == f'<img alt="Lights" src="/media/{token}.png">'
    assert stored["lead_image"]["src"] == f"/media/{token}.png"


def test_old_addresses_move_to_the_tokens_on_sqlite(tmp_path):
    check_the_migration(f"sqlite:///{tmp_path / 'old.db'}")


def test_old_addresses_move_to_the_tokens_on_postgresql():
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("set TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test "
                    "(a running PostgreSQL) to check the migration on PostgreSQL")
    with own_postgres_database(base, "sosafe_tokens") as url:
        check_the_migration(url)
