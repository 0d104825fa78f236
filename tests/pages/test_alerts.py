"""The site-wide alert banner: one message, a level, an end date, on every page."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.core import clock
from app.extensions import db
from app.pages import alerts
from app.pages.alerts import AlertError
from app.pages.models import AlertBanner
from app.staff.models import AuditEvent
from tests.publishing_helpers import NOW, make_staff


@pytest.fixture
def frozen(seeded_app, monkeypatch):
    moment = {"now": NOW}
    monkeypatch.setattr(clock, "current_time", lambda: moment["now"])
    return moment


def banner_on_home(get_html):
    page = get_html("/")
    region = page.soup.select_one(".app-site-alert")
    if region is None:
        return None
    return (region.select_one("#site-alert-title").get_text(strip=True),
            region.select_one(".govuk-notification-banner__heading").get_text(strip=True),
            region["class"])


def test_a_warning_shows_on_every_page_until_its_end(seeded_app, frozen, get_html):
    with seeded_app.app_context():
        staff = make_staff()
        alerts.set_alert("Scam calls   claiming to be\nthe council: hang up.", "warning",
                         NOW + timedelta(days=2), staff, NOW)
        db.session.commit()

    title, message, classes = banner_on_home(get_html)
    assert title == "Warning"
    assert message == "Scam calls claiming to be the council: hang up."
    assert "app-site-alert--warning" in classes
    assert get_html("/_no_such_page", status=404).soup.select_one(".app-site-alert")

    frozen["now"] = NOW + timedelta(days=2)
    assert banner_on_home(get_html) is None


def test_there_is_one_banner_and_taking_it_down_hides_it(seeded_app, frozen, get_html):
    with seeded_app.app_context():
        staff = make_staff()
        alerts.set_alert("First", "warning", None, staff, NOW)
        alerts.set_alert("Roadworks on the High Street", "info", None, staff, NOW)
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count(AlertBanner.id))) == 1

    title, message, _ = banner_on_home(get_html)
    assert (title, message) == ("Important", "Roadworks on the High Street")

    with seeded_app.app_context():
        alerts.take_down(make_staff("other@sosafe.example.invalid"), NOW)
        db.session.commit()
        actions = list(db.session.scalars(sa.select(AuditEvent.action)
                                          .where(AuditEvent.action.like("alert.%"))
                                          .order_by(AuditEvent.id)))
    assert banner_on_home(get_html) is None
    assert actions == ["alert.set", "alert.set", "alert.remove"]


def test_the_message_is_text_not_html(seeded_app, frozen, get_html):
    with seeded_app.app_context():
        alerts.set_alert('<script>alert(1)</script><a href="x">link</a>', "info", None,
                         make_staff(), NOW)
        db.session.commit()
    page = get_html("/")
    banner = page.soup.select_one(".app-site-alert")
    assert banner.select("script, a") == []
    assert "<script>alert(1)</script>" in banner.get_text()


@pytest.mark.parametrize(("message", "level", "ends_in", "field"), [
    ("  ", "info", None, "message"),
    ("x" * 301, "info", None, "message"),
    ("Hello", "panic", None, "level"),
    ("Hello", "info", timedelta(0), "ends_at"),
])
def test_bad_banners_are_refused(seeded_app, message, level, ends_in, field):
    with seeded_app.app_context():
        ends_at = NOW + ends_in if ends_in is not None else None
        with pytest.raises(AlertError) as refused:
            alerts.set_alert(message, level, ends_at, make_staff(), NOW)
        assert refused.value.field_name == field


def test_a_new_banner_is_not_hidden_by_a_cached_content_page(seeded_app, frozen, client):
    first = client.get("/campaigns/safer-routes")
    assert client.get("/campaigns/safer-routes", headers={
        "If-None-Match": first.headers["ETag"]}).status_code == 304

    with seeded_app.app_context():
        alerts.set_alert("Scam warning", "warning", None, make_staff(), NOW)
        db.session.commit()

    again = client.get("/campaigns/safer-routes", headers={
        "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert again.headers["ETag"] != first.headers["ETag"]
    assert "Scam warning" in again.get_data(as_text=True)
    assert "Set-Cookie" not in again.headers


def test_a_changed_banner_in_the_same_instant_still_changes_cached_pages(seeded_app, frozen,
                                                                          client):
    """With one clock, two edits can share a timestamp: the page must still change."""
    with seeded_app.app_context():
        staff = make_staff()
        alerts.set_alert("Road closed", "info", None, staff, NOW)
        db.session.commit()
    first = client.get("/campaigns/safer-routes")
    assert "Road closed" in first.get_data(as_text=True)

    with seeded_app.app_context():
        alerts.set_alert("Scam calls: hang up", "warning", None, db.session.merge(staff), NOW)
        db.session.commit()
    again = client.get("/campaigns/safer-routes", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert "Scam calls: hang up" in again.get_data(as_text=True)
    assert "Road closed" not in again.get_data(as_text=True)
