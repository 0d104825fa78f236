"""Response templates, saved inbox filters, and reports taken by phone

Revision ID: 0016_officer_day
Revises: 0012_send_once
Create Date: 2026-12-01 13:00:00

"""
from alembic import op
import sqlalchemy as sa

from app.core.models import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0016_officer_day'
down_revision = "0015_casework"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'response_template',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=False),
        sa.Column('purpose', sa.String(length=16), nullable=False),
        sa.Column('title', sa.String(length=120), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=True),
        sa.Column('updated_at', UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['team_id'], ['team.id'],
                                name=op.f('fk_response_template_team_id_team')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_response_template')),
    )
    op.create_index(op.f('ix_response_template_team_id'), 'response_template', ['team_id'])
    op.create_table(
        'saved_filter',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('query', sa.JSON(), nullable=False),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'],
                                name=op.f('fk_saved_filter_staff_id_staff_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_filter')),
    )
    op.create_index(op.f('ix_saved_filter_staff_id'), 'saved_filter', ['staff_id'])
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('taken_by_phone_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_report_taken_by_phone_id_staff_user'),
                                    'staff_user', ['taken_by_phone_id'], ['id'])


def downgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_report_taken_by_phone_id_staff_user'),
                                 type_='foreignkey')
        batch_op.drop_column('taken_by_phone_id')
    op.drop_index(op.f('ix_saved_filter_staff_id'), table_name='saved_filter')
    op.drop_table('saved_filter')
    op.drop_index(op.f('ix_response_template_team_id'), table_name='response_template')
    op.drop_table('response_template')
