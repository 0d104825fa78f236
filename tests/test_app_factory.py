import pytest

from app import create_app


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        create_app({"ENVIRONMENT": "production", "SECRET_KEY": None})


def test_production_starts_with_a_secret_key():
    app = create_app({"ENVIRONMENT": "production", "SECRET_KEY": "x" * 40,
                      "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


@pytest.mark.parametrize(
    "given",
    ["postgres://u@db/sosafe", "postgresql://u@db/sosafe", "postgresql+psycopg://u@db/sosafe"],
)
def test_database_url_uses_psycopg_3(given):
    app = create_app({"ENVIRONMENT": "testing", "SQLALCHEMY_DATABASE_URI": given})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/sosafe"


def test_development_keeps_its_secret_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app({"ENVIRONMENT": "development", "SECRET_KEY": None,
                        "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    second = create_app({"ENVIRONMENT": "development", "SECRET_KEY": None,
                         "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) >= 40


def test_proxy_fix_trusts_the_proxys_proto(app):
    proxied = create_app({"ENVIRONMENT": "testing", "PROXY_COUNT": 1,
                          "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    response = proxied.test_client().get(
        "/healthz",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )
    assert "max-age" in response.headers["Strict-Transport-Security"]
