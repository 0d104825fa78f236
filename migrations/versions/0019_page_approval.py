"""A team can ask for a second pair of eyes on publishing: the setting, and each version
sent for approval with its outcome

Revision ID: 0019_page_approval
Revises: 0012_send_once
Create Date: 2026-12-01 13:00:00

"""
from alembic import op
import sqlalchemy as sa

from app.core.models import UTCDateTime  # the custom column type

# revision identifiers, used by Alembic.
revision = '0019_page_approval'
down_revision = "0018_inbox_indexes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pages_need_approval', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
    op.create_table(
        'page_review',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('page_id', sa.Integer(), nullable=False),
        sa.Column('revision_id', sa.Integer(), nullable=False),
        sa.Column('submitted_by_id', sa.Integer(), nullable=False),
        sa.Column('submitted_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('outcome', sa.String(length=16), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', UTCDateTime(timezone=True), nullable=True),
        sa.Column('comment', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['page_id'], ['page.id'], name=op.f('fk_page_review_page_id_page')),
        sa.ForeignKeyConstraint(['revision_id'], ['page_revision.id'],
                                name=op.f('fk_page_review_revision_id_page_revision')),
        sa.ForeignKeyConstraint(['submitted_by_id'], ['staff_user.id'],
                                name=op.f('fk_page_review_submitted_by_id_staff_user')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['staff_user.id'],
                                name=op.f('fk_page_review_decided_by_id_staff_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_page_review')),
    )
    with op.batch_alter_table('page_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_page_review_page_id'), ['page_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_page_review_revision_id'), ['revision_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('page_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_page_review_revision_id'))
        batch_op.drop_index(batch_op.f('ix_page_review_page_id'))
    op.drop_table('page_review')
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_column('pages_need_approval')
