"""Lookups that let a busy inbox draw its repeat flags with a few indexed queries a page:
the earlier reports each report names, and reports by kind, area and arrival

Revision ID: 0020_inbox_case_work_lookups
Revises: 0019_page_approval
Create Date: 2026-12-01 17:00:00

Before this, "which reports name this one as an earlier report" read the answers of every
report as text, once for each row of an inbox page (docs/performance.md).
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0020_inbox_case_work_lookups'
down_revision = "0019_page_approval"
branch_labels = None
depends_on = None

REFERENCE_LENGTH = 16


def _named(answers) -> list[str]:
    """The same reading of the answers as app/reporting/models.py: earlier_references."""
    named = (answers or {}).get("earlier_references") or []
    found = [item.get("reference") for item in named if isinstance(item, dict)]
    return list(dict.fromkeys(r for r in found
                              if isinstance(r, str) and 0 < len(r) <= REFERENCE_LENGTH))


def upgrade():
    table = op.create_table(
        'earlier_reference',
        sa.Column('report_id', sa.Integer(), nullable=False),
        sa.Column('reference', sa.String(length=REFERENCE_LENGTH), nullable=False),
        sa.ForeignKeyConstraint(['report_id'], ['report.id'],
                                name=op.f('fk_earlier_reference_report_id_report'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('report_id', 'reference', name=op.f('pk_earlier_reference')),
    )
    op.create_index(op.f('ix_earlier_reference_reference'), 'earlier_reference',
                    ['reference'], unique=False)
    op.create_index('ix_report_kind_area_created_at', 'report',
                    ['kind', 'area', 'created_at'], unique=False)
    report = sa.table('report', sa.column('id', sa.Integer), sa.column('answers', sa.JSON))
    connection = op.get_bind()
    rows = connection.execute(sa.select(report.c.id, report.c.answers).where(
        sa.cast(report.c.answers, sa.Text).contains('earlier_references')))
    named = [{"report_id": report_id, "reference": reference}
             for report_id, answers in rows for reference in _named(answers)]
    if named:
        op.bulk_insert(table, named)


def downgrade():
    op.drop_index('ix_report_kind_area_created_at', table_name='report')
    op.drop_index(op.f('ix_earlier_reference_reference'), table_name='earlier_reference')
    op.drop_table('earlier_reference')
