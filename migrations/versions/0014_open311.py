"""Open311: API keys, a team's case system, where a report came from and its id there

Revision ID: 0014_open311
Revises: 0012_send_once
Create Date: 2026-12-01 13:30:00

"""
from alembic import op
import sqlalchemy as sa

from app.core.models import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0014_open311'
down_revision = "0013_page_image_tokens"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'api_key',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=True),
        sa.Column('prefix', sa.String(length=16), nullable=False),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('revoked_at', UTCDateTime(), nullable=True),
        sa.Column('revoked_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_api_key_team_id_team')),
        sa.ForeignKeyConstraint(['created_by_id'], ['staff_user.id'],
                                name=op.f('fk_api_key_created_by_id_staff_user')),
        sa.ForeignKeyConstraint(['revoked_by_id'], ['staff_user.id'],
                                name=op.f('fk_api_key_revoked_by_id_staff_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_key')),
        sa.UniqueConstraint('key_hash', name=op.f('uq_api_key_key_hash')),
    )
    with op.batch_alter_table('api_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_key_team_id'), ['team_id'], unique=False)
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_system_url', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('case_system_jurisdiction', sa.String(length=100),
                                      nullable=True))
        batch_op.add_column(sa.Column('case_system_public_updates', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('case_system_polled_at', UTCDateTime(), nullable=True))
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submitted_by', sa.String(length=120), nullable=True))
    with op.batch_alter_table('report_route', schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_system_request_id', sa.String(length=100),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table('report_route', schema=None) as batch_op:
        batch_op.drop_column('case_system_request_id')
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_column('submitted_by')
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_column('case_system_polled_at')
        batch_op.drop_column('case_system_public_updates')
        batch_op.drop_column('case_system_jurisdiction')
        batch_op.drop_column('case_system_url')
    with op.batch_alter_table('api_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_key_team_id'))
    op.drop_table('api_key')
