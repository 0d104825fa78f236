"""So Safe Stevenage: the Community Safety Partnership's public website."""

import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app import cli
from app.config import CONFIGS, engine_options, instance_secret_key, trusted_hosts
from app.core import database  # noqa: F401 - SQLite pragmas
from app.extensions import csrf, db, login_manager, migrate
from app.web import (
    assets,
    errors,
    http_cache,
    last_resort,
    page_store,
    retry,
    security,
    templating,
)
from app.web.privacy import install_log_filters
from app.web.rate_limits import limiter


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    environment = (test_config or {}).get("ENVIRONMENT") or os.environ.get(
        "SOSAFE_ENV", "production"
    )
    app.config.from_object(CONFIGS[environment])
    if test_config:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _finish_config(app)

    page_store.init_app(app)  # inside ProxyFix, which resolves the scheme it keys on
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        # The client address is needed only to give each client its own rate-limit bucket
        # (hashed with a daily secret, never stored: app/web/privacy.py). The host is never
        # taken from a header: it comes from SITE_URL and TRUSTED_HOSTS.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=0)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app, add_context_processor=False)  # see http_cache.init_app
    install_log_filters()

    templating.init_app(app)
    assets.init_app(app)
    security.init_app(app)
    http_cache.init_app(app)
    errors.init_app(app)
    cli.init_app(app)

    _register_models_and_areas(app)
    retry.init_app(app)  # wraps the views the blueprints registered
    app.wsgi_app = last_resort.LastResort(app)
    return app


def _register_models_and_areas(app: Flask) -> None:
    """Every table (each package's models), the web parts each area shares, and the
    blueprints, in the order the hooks must run."""
    from app.casework import models as casework_models  # noqa: F401 - every table
    from app.core import models as core_models  # noqa: F401
    from app.figures import models as figures_models  # noqa: F401
    from app.inbox import models as inbox_models  # noqa: F401
    from app.open311 import models as open311_models  # noqa: F401
    from app.pages import models as pages_models  # noqa: F401
    from app.partnership import models as partnership_models  # noqa: F401
    from app.reporting import models as reporting_models  # noqa: F401
    from app.routes import register_blueprints
    from app.staff import audit  # noqa: F401 - refuses changes to the audit trail
    from app.staff import models as staff_models  # noqa: F401
    from app.web import (
        admin_pages,
        auth,  # noqa: F401 - the user loader
        form_errors,
        page_checks,
        phone_calls,
        request_guard,
        site_alert,
        staff_area,
    )

    site_alert.init_app(app)
    admin_pages.init_app(app)
    staff_area.init_app(app)
    form_errors.init_app(app)
    page_checks.init_app(app)
    phone_calls.init_app(app)
    request_guard.init_app(app)
    register_blueprints(app)


def _finish_config(app: Flask) -> None:
    if not app.config.get("SECRET_KEY"):
        if app.config["ENVIRONMENT"] == "production":
            raise RuntimeError(
                "SECRET_KEY is not set. In production set SECRET_KEY in the environment "
                "(a long random string); So Safe will not start without it."
            )
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(
            Path(app.instance_path) / "sosafe.db"
        )
    if app.config["TRUSTED_HOSTS"] is None and app.config["ENVIRONMENT"] == "production":
        app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config["SITE_URL"])
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgres://"):
        uri = "postgresql://" + uri.removeprefix("postgres://")
    if uri.startswith("postgresql://"):
        uri = "postgresql+psycopg://" + uri.removeprefix("postgresql://")
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        uri, app.config["SQLALCHEMY_ENGINE_OPTIONS"], app.config["DB_CONNECT_TIMEOUT"],
        app.config["DB_POOL_TIMEOUT"])
