"""Migration 0020 writes down the earlier reports that existing Case Review requests name,
so the requests made before it still link to them. On SQLite, and on PostgreSQL when
TEST_DATABASE_URL is set."""

import os

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app
from app.extensions import db
from tests.conftest import own_postgres_database

REPORT = sa.text(
    "INSERT INTO report (id, reference, receipt_hash, kind, counts_as_asb, priority, answers, "
    "anonymous, wants_updates_by_email, status, created_at, updated_at) VALUES (:id, :ref, "
    "'hash', :kind, :no, 'standard', :answers, :yes, :no, 'new', :day, :day)"
).bindparams(sa.bindparam("answers", type_=sa.JSON))


def check_the_migration(database_url: str) -> None:
    app = create_app({"ENVIRONMENT": "testing", "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        upgrade(revision="0019_page_approval")
        with db.engine.begin() as connection:
            for number, kind, answers in (
                    (1, "asb", {"what_happened": "earlier_references in my words"}),
                    (2, "case_review", {"earlier_references": [
                        {"reference": "OLD1"}, {"reference": "OLD2"}, {"reference": "OLD1"}]}),
                    (3, "case_review", {"earlier_references": [{"reference": "OLD2"}]})):
                connection.execute(REPORT, {"id": number, "ref": f"OLD{number}", "kind": kind,
                                            "answers": answers, "no": False, "yes": True,
                                            "day": "2026-01-01 00:00:00"})
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT report_id, reference FROM earlier_reference "
                "ORDER BY report_id, reference")).all()
        db.engine.dispose()
    assert [tuple(row) for row in rows] == [(2, "OLD1"), (2, "OLD2"), (3, "OLD2")]


def test_existing_requests_keep_their_earlier_reports_on_sqlite(tmp_path):
    check_the_migration(f"sqlite:///{tmp_path / 'old.db'}")


def test_existing_requests_keep_their_earlier_reports_on_postgresql():
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("set TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test "
                    "(a running PostgreSQL) to check the migration on PostgreSQL")
    with own_postgres_database(base, "sosafe_earlier") as url:
        check_the_migration(url)
