"""Page images get unguessable addresses: /media/<token>.jpg instead of /media/<id>.jpg

Each image gets a random token, and page text and lead images that named an image by its
old address are moved to the new one, so published pages keep their pictures. The old
addresses answer 404 from now on.

Revision ID: 0013_page_image_tokens
Revises: 0012_send_once
Create Date: 2026-12-01 13:30:00

"""
import json
import re
import secrets

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0013_page_image_tokens'
down_revision = "0012_send_once"
branch_labels = None
depends_on = None

OLD_ADDRESS = re.compile(r"/media/([0-9]{1,18})\.(jpg|png|webp)\b")


def upgrade():
    with op.batch_alter_table('page_image', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token', sa.String(length=32), nullable=True))
    connection = op.get_bind()
    tokens = {}
    for (image_id,) in connection.execute(sa.text("SELECT id FROM page_image")):
        tokens[str(image_id)] = secrets.token_hex(16)
        connection.execute(sa.text("UPDATE page_image SET token = :token WHERE id = :id"),
                           {"token": tokens[str(image_id)], "id": image_id})
    if tokens:
        _move_addresses(connection, tokens)
    with op.batch_alter_table('page_image', schema=None) as batch_op:
        batch_op.alter_column('token', existing_type=sa.String(length=32), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_page_image_token'), ['token'])


def _move_addresses(connection, tokens):
    def moved(text):
        return OLD_ADDRESS.sub(lambda m: f"/media/{tokens[m[1]]}.{m[2]}"
                               if m[1] in tokens else m[0], text or "")

    update = sa.text(
        "UPDATE page_revision SET body_markdown = :markdown, body_html = :html, "
        "settings = :settings WHERE id = :id"
    ).bindparams(sa.bindparam("settings", type_=sa.JSON))
    rows = connection.execute(sa.text(
        "SELECT id, body_markdown, body_html, settings FROM page_revision")).fetchall()
    for revision_id, markdown, html, settings in rows:
        settings_text = settings if isinstance(settings, str) else json.dumps(settings or {})
        new = (moved(markdown), moved(html), moved(settings_text))
        if new != (markdown or "", html or "", settings_text):
            connection.execute(update, {"markdown": new[0], "html": new[1],
                                        "settings": json.loads(new[2]), "id": revision_id})


def downgrade():
    with op.batch_alter_table('page_image', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_page_image_token'), type_='unique')
        batch_op.drop_column('token')
