"""The promises to people who report (docs/product.md), each tested so breaking it fails a test:
nothing about the sender's network or device is stored or logged; photos lose their
metadata; emails to teams carry no report content."""

import io
import logging
import runpy
from pathlib import Path

import sqlalchemy as sa
from PIL import ExifTags, Image

from app.core.models import OutboxMessage
from app.extensions import db
from app.reporting.models import Report, ReportPhoto
from app.web.rate_limits import limiter
from tests.reporting_helpers import (
    ASB_THREATS,
    Reporter,
    jpeg_file,
)

USER_AGENT = "MarkerAgent/9.9 (FingerprintPhone; zz-ZZ)"
FORWARDED_FOR = "203.0.113.99"
CLIENT_ADDRESS = "198.51.100.77"
MARKERS = (USER_AGENT, "MarkerAgent", "FingerprintPhone", FORWARDED_FOR, CLIENT_ADDRESS)


def everything_stored() -> list[bytes]:
    """Every value of every row of every table, as bytes."""
    found = []
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            for row in connection.execute(sa.select(table)):
                for value in row:
                    if isinstance(value, bytes | bytearray | memoryview):
                        found.append(bytes(value))
                    elif value is not None:
                        found.append(str(value).encode())
    return found


def rate_limit_keys() -> list[str]:
    storage = limiter.storage
    return [str(key) for key in list(getattr(storage, "storage", {}))
            + list(getattr(storage, "expirations", {}))]


def test_no_address_or_user_agent_is_stored_or_logged(seeded_app, client, caplog, capsys,
                                                      monkeypatch):
    """A whole report, a failed send, follow-up and an added photo, all from a phone that
    announces itself: nothing about it may be found anywhere afterwards."""
    # Alembic's fileConfig (run by the migration tests) disables loggers that existed
    # before it; switch them back on so every log line the app writes is captured here.
    for logger in logging.Logger.manager.loggerDict.values():
        if isinstance(logger, logging.Logger):
            logger.disabled = False
    caplog.set_level(logging.DEBUG)
    seeded_app.config["REPORT_SEND_LIMIT"] = "100 per hour"
    headers = {"User-Agent": USER_AGENT, "X-Forwarded-For": FORWARDED_FOR,
               "X-Real-IP": FORWARDED_FOR, "Forwarded": f"for={FORWARDED_FOR}"}
    reporter = Reporter(client, headers=headers,
                        environ_base={"REMOTE_ADDR": CLIENT_ADDRESS})
    reporter.start("asb")
    reporter.walk(ASB_THREATS, until="photos")
    reporter.answer({"photos": [(jpeg_file(), "IMG_0001.jpg")]},
                    content_type="multipart/form-data")
    reporter.walk({**ASB_THREATS, "contact": {"contact_wanted": "yes"},
                   "contact-details": {"email": "me@example.org"}})

    from app.reporting import sending

    real_commit = sending.db.session.commit

    def broken_commit():
        raise sa.exc.OperationalError("COMMIT", {}, Exception("disk full"))

    monkeypatch.setattr(sending.db.session, "commit", broken_commit)
    assert reporter.send().status_code == 503  # logged as an error
    monkeypatch.setattr(sending.db.session, "commit", real_commit)
    assert reporter.send().status_code == 200
    reference = reporter.page.soup.select_one(".app-reference").get_text(strip=True)
    receipt = reporter.page.soup.select_one("#receipt-code").get_text(strip=True)

    reporter.get("/follow-up")
    reporter.post({"reference": reference, "receipt": "WRONG"})  # a failed attempt
    reporter.post({"reference": reference, "receipt": receipt})
    reporter.post({"information": "They came back.",
                   "photos": [(jpeg_file(), "IMG_0002.jpg")]},
                  content_type="multipart/form-data")
    assert "We have added this to your report" in reporter.page.text()

    with seeded_app.app_context():
        stored = everything_stored()
        assert any(b"Marshgate" in value for value in stored)  # the search does find things
        assert db.session.scalar(sa.select(sa.func.count(ReportPhoto.id))) == 2
        for marker in MARKERS:
            assert not any(marker.encode() in value for value in stored), marker
    assert any("could not be saved" in r.getMessage() for r in caplog.records)
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    captured = capsys.readouterr()
    keys = rate_limit_keys()
    assert keys, "the rate limiter should have counted the sends"
    for marker in MARKERS:
        assert marker not in logged, marker
        assert marker not in captured.out + captured.err, marker
        assert not any(marker in key for key in keys), marker


def test_the_app_server_access_log_leaves_out_address_and_device():
    serve = runpy.run_path(str(Path(__file__).resolve().parents[2] / "serve.py"))
    settings = serve["settings"]({})
    assert settings["log_access"] and settings["log_access_format"] == serve["ACCESS_LOG_FORMAT"]
    # granian's atoms: addr is the client address, {name}i a request header, query_string
    # may hold a reference.
    for atom in ("%(addr)s", "%(query_string)s", "}i", "%(_h"):
        assert atom not in settings["log_access_format"], atom


def test_stored_photos_have_no_gps_or_camera_details(seeded_app, client):
    original = jpeg_file().getvalue()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk(ASB_THREATS, until="photos")
    reporter.answer({"photos": [(io.BytesIO(original), "IMG_0001.jpg")]},
                    content_type="multipart/form-data")
    reporter.walk(ASB_THREATS)
    assert "1 photo" in reporter.page.text()
    reporter.send()
    with seeded_app.app_context():
        photo = db.session.scalars(sa.select(ReportPhoto)).one()
        assert photo.report_id is not None and photo.draft_id is None
        assert photo.content_type == "image/jpeg"
        image = Image.open(io.BytesIO(photo.data))
        assert dict(image.getexif()) == {}
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "exif" not in image.info and "comment" not in image.info
        assert b"MarkerPhoneMaker" not in photo.data
        assert image.size == (48, 64)  # turned upright, as the phone meant it


def test_a_file_that_is_not_a_picture_is_refused_with_a_clear_message(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("hate")
    reporter.walk({"danger-now": {"danger_now": "no"},
                   "who-it-happened-to": {"hate_for": "witness"},
                   "why-it-happened": {"hate_strands": ["race"]},
                   "online-or-in-person": {"hate_online": "online"},
                   **{k: v for k, v in ASB_THREATS.items() if k in ("where", "when",
                                                                     "what-happened")}},
                  until="photos")
    response = reporter.post({"photos": [(io.BytesIO(b"%PDF-1.4 not a photo"), "photo.jpg")]},
                             content_type="multipart/form-data")
    assert response.status_code == 400
    link = reporter.page.soup.select_one(".govuk-error-summary a")
    assert link.get_text(strip=True) == "photo.jpg must be a JPG, PNG, GIF or WEBP picture."
    assert link["href"] == "#photos"
    broken = make_broken_jpeg()
    reporter.post({"photos": [(io.BytesIO(broken), "broken.jpg")]},
                  content_type="multipart/form-data")
    assert "broken.jpg could not be opened" in reporter.page.text()
    with seeded_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ReportPhoto.id))) == 0


def make_broken_jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0" + b"\x00" * 200


def test_up_to_five_photos_and_one_can_be_removed(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk(ASB_THREATS, until="photos")
    reporter.answer({"photos": [(jpeg_file(), f"p{i}.jpg") for i in range(3)]},
                    content_type="multipart/form-data")
    reporter.get("/report/anti-social-behaviour/photos")
    assert len(reporter.page.soup.select("button[name=remove-photo]")) == 3
    response = reporter.post({"photos": [(jpeg_file(), f"q{i}.jpg") for i in range(3)]},
                             content_type="multipart/form-data")
    assert response.status_code == 400
    assert "You can add up to 5 photos. You have 3 already" in reporter.page.text()
    remove = reporter.page.soup.select_one("button[name=remove-photo]")
    token = remove.find_parent("form").select_one("input[name='remove-csrf_token']")["value"]
    client.post("/report/anti-social-behaviour/photos",
                data={"remove-csrf_token": token, "remove-photo": remove["value"]})
    with seeded_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ReportPhoto.id))) == 2


def test_emails_to_teams_hold_no_report_content(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk({**ASB_THREATS, "contact": {"contact_wanted": "yes"},
                   "contact-details": {"name": "Robin Example", "phone": "07700 900982"}})
    reporter.send()
    with seeded_app.app_context():
        report = db.session.scalars(sa.select(Report)).one()
        for message in db.session.scalars(sa.select(OutboxMessage)):
            text = str(message.personalisation) + message.template
            for secret in ("Marshgate", "Robin", "07700", "threats", "red coat", "town-centre"):
                assert secret not in text
            assert message.personalisation["reference"] == report.reference
