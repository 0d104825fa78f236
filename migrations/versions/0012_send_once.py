"""A report records the draft it was sent from, so a repeated send finds it

Revision ID: 0012_send_once
Revises: 0011_partnership_figures
Create Date: 2026-12-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0012_send_once'
down_revision = '0011_partnership_figures'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sent_from_draft', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_report_sent_from_draft'),
                                          ['sent_from_draft'])


def downgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_report_sent_from_draft'), type_='unique')
        batch_op.drop_column('sent_from_draft')
