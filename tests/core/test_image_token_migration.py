"""Migration 0013 gives each page image a token and moves the pages that named an image by
its old counted address to the new one, so published pages keep their pictures."""

import json

import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app
from app.extensions import db


def test_old_addresses_in_page_text_and_lead_images_move_to_the_tokens(tmp_path):
    app = create_app({"ENVIRONMENT": "testing",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}"})
    settings = {"lead_image": {"src": "/media/1.png", "alt": "Lights", "width": 4,
                               "height": 3}, "exit_this_page": False}
    with app.app_context():
        upgrade(revision="0012_send_once")
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO page (id, slug, section, edited_in_browser, created_at, "
                "updated_at) VALUES (1, 'lights', 'campaign', 1, '2026-01-01', '2026-01-01')"))
            connection.execute(sa.text(
                "INSERT INTO page_revision (id, page_id, number, title, summary, "
                "body_markdown, body_html, settings, created_at) VALUES (1, 1, 1, 'Lights', "
                "'', :markdown, :html, :settings, '2026-01-01')"),
                {"markdown": "![Lights](/media/1.png) and ![Gone](/media/7.jpg)",
                 "html": '<img alt="Lights" src="/media/1.png">',
                 "settings": json.dumps(settings)})
            connection.execute(sa.text(
                "INSERT INTO page_image (id, page_id, content_type, data, width, height, "
                "alt_text, created_at) VALUES (1, 1, 'image/png', x'00', 4, 3, 'Lights', "
                "'2026-01-01')"))
        upgrade()
        with db.engine.connect() as connection:
            token = connection.execute(sa.text("SELECT token FROM page_image")).scalar_one()
            markdown, html, stored = connection.execute(sa.text(
                "SELECT body_markdown, body_html, settings FROM page_revision")).one()
        db.engine.dispose()
    assert len(token) == 32 and int(token, 16) >= 0
    assert markdown == f"![Lights](/media/{token}.png) and ![Gone](/media/7.jpg)"
    assert html == f'<img alt="Lights" src="/media/{token}.png">'
    assert json.loads(stored)["lead_image"]["src"] == f"/media/{token}.png"
