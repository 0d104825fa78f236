"""Case work: risk reviews, links between reports, the reporter's diary; first-contact
targets move from each team to content/casework.yaml

Revision ID: 0015_casework
Revises: 0012_send_once
Create Date: 2026-12-01 13:20:00

"""
from alembic import op
import sqlalchemy as sa

from app.core.models import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0015_casework'
down_revision = "0014_open311"
branch_labels = None
depends_on = None


def _report_id(name='report_id'):
    return sa.Column(name, sa.Integer(), sa.ForeignKey('report.id', ondelete='CASCADE'),
                     nullable=False)


def upgrade():
    op.create_table(
        'risk_review',
        sa.Column('id', sa.Integer(), primary_key=True),
        _report_id(),
        sa.Column('level_before', sa.String(length=16), nullable=True),
        sa.Column('level', sa.String(length=16), nullable=False),
        sa.Column('answers', sa.JSON(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('staff_id', sa.Integer(), sa.ForeignKey('staff_user.id'), nullable=False),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('next_review_on', sa.Date(), nullable=False),
    )
    op.create_index('ix_risk_review_report_id', 'risk_review', ['report_id'])
    op.create_table(
        'report_link',
        sa.Column('id', sa.Integer(), primary_key=True),
        _report_id(),
        _report_id('other_id'),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('duplicate_of_id', sa.Integer(),
                  sa.ForeignKey('report.id', ondelete='CASCADE'), nullable=True),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('staff_id', sa.Integer(), sa.ForeignKey('staff_user.id'), nullable=False),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.UniqueConstraint('report_id', 'other_id',
                            name='uq_report_link_report_id'),
    )
    op.create_index('ix_report_link_report_id', 'report_link', ['report_id'])
    op.create_index('ix_report_link_other_id', 'report_link', ['other_id'])
    op.create_table(
        'diary_entry',
        sa.Column('id', sa.Integer(), primary_key=True),
        _report_id(),
        sa.Column('happened_on', sa.Date(), nullable=False),
        sa.Column('time_of_day', sa.String(length=64), nullable=True),
        sa.Column('what_happened', sa.Text(), nullable=False),
        sa.Column('how_it_affected', sa.Text(), nullable=True),
        sa.Column('photo_ids', sa.JSON(), nullable=False),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
    )
    op.create_index('ix_diary_entry_report_id', 'diary_entry', ['report_id'])
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_column('response_targets')


def downgrade():
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.add_column(sa.Column('response_targets', sa.JSON(), nullable=False,
                                      server_default='{}'))
    op.drop_table('diary_entry')
    op.drop_table('report_link')
    op.drop_table('risk_review')
