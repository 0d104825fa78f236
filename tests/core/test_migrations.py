"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import logging

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from app import create_app
from app.extensions import db


def assert_migrations_match_models(database_url):
    app = create_app({"ENVIRONMENT": "testing", "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            differences = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert differences == [], "models and migrations differ: run `flask db migrate`"


def test_migrations_match_models_on_sqlite(tmp_path):
    assert_migrations_match_models(f"sqlite:///{tmp_path / 'migrated.db'}")


def test_running_migrations_leaves_the_apps_loggers_on(tmp_path):
    app_logger = logging.getLogger("app")
    assert_migrations_match_models(f"sqlite:///{tmp_path / 'migrated.db'}")
    assert not app_logger.disabled


def test_migrations_match_models_on_postgresql(postgres_url):
    if postgres_url is None:
        pytest.skip("set TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test "
                    "(a running PostgreSQL) to check migrations on PostgreSQL")
    import psycopg

    name = postgres_url.rsplit("/", 1)[1] + "_migrations"
    admin = postgres_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        assert_migrations_match_models(postgres_url.rsplit("/", 1)[0] + f"/{name}")
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
