"""Administration in the browser: setting versions, rules that can be switched off, and
invitation links for staff accounts

Revision ID: 0017_admin
Revises: 0012_send_once
Create Date: 2026-12-01 13:20:00

"""
from alembic import op
import sqlalchemy as sa

import app.core.models

# revision identifiers, used by Alembic.
revision = '0017_admin'
down_revision = "0016_officer_day"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'setting_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('area', sa.String(length=32), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=True),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('created_at', app.core.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'],
                                name=op.f('fk_setting_version_staff_id_staff_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_setting_version')),
    )
    with op.batch_alter_table('setting_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_setting_version_area'), ['area'], unique=False)
    with op.batch_alter_table('routing_rule', schema=None) as batch_op:
        batch_op.add_column(sa.Column('enabled', sa.Boolean(), server_default=sa.true(),
                                      nullable=False))
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sign_in_link_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('sign_in_link_expires_at',
                                      app.core.models.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_staff_user_sign_in_link_hash'),
                                          ['sign_in_link_hash'])


def downgrade():
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_staff_user_sign_in_link_hash'), type_='unique')
        batch_op.drop_column('sign_in_link_expires_at')
        batch_op.drop_column('sign_in_link_hash')
    with op.batch_alter_table('routing_rule', schema=None) as batch_op:
        batch_op.drop_column('enabled')
    with op.batch_alter_table('setting_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_setting_version_area'))
    op.drop_table('setting_version')
