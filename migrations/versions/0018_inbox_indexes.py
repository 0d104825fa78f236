"""Indexes for a busy inbox: a team's routed reports, and reports by status and area

Revision ID: 0018_inbox_indexes
Revises: 0012_send_once
Create Date: 2026-12-01 13:45:00

With 100,000 reports the inbox's "which reports are routed to this team", its counts by
status and its list of areas each read the whole report table; with these they read only
the two indexes (docs/performance.md).
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018_inbox_indexes'
down_revision = "0017_admin"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_report_route_team_active_report', 'report_route',
                    ['team_id', 'active', 'report_id'])
    op.create_index('ix_report_status_area_id', 'report', ['status', 'area', 'id'])


def downgrade():
    op.drop_index('ix_report_status_area_id', table_name='report')
    op.drop_index('ix_report_route_team_active_report', table_name='report_route')
