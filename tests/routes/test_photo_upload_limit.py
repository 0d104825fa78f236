"""Photo uploads are rate-limited per client (a daily-rotating hash of the address), in one
bucket for a report's photos page and follow-up; requests without a photo are not counted,
and another client is not blocked."""

from tests.reporting_helpers import ASB_THREATS, Reporter, jpeg_file
from tests.routes.test_follow_up import open_report, send_report


def photos_page(client, **request_kwargs) -> Reporter:
    reporter = Reporter(client, **request_kwargs)
    reporter.start("asb")
    reporter.walk(ASB_THREATS, until="photos")
    return reporter


def upload(reporter: Reporter):
    reporter.get("/report/anti-social-behaviour/photos")
    return reporter.post({"photos": [(jpeg_file(), "photo.jpg")]},
                         content_type="multipart/form-data")


def test_the_photos_page_refuses_uploads_over_the_limit(seeded_app, client):
    seeded_app.config["PHOTO_UPLOAD_LIMIT"] = "2 per hour"
    reporter = photos_page(client)
    statuses = []
    for _ in range(3):
        statuses.append(upload(reporter).status_code)
    assert statuses == [302, 302, 429]
    refused = upload(reporter)
    assert refused.status_code == 429
    assert "Too many attempts" in refused.get_data(as_text=True)
    # Moving on without a photo is not an upload.
    reporter.get("/report/anti-social-behaviour/photos")
    assert reporter.post({}).status_code == 302


def test_follow_up_photos_share_the_bucket_and_words_alone_do_not_count(seeded_app, client):
    reference, receipt = send_report(client)
    seeded_app.config["PHOTO_UPLOAD_LIMIT"] = "1 per hour"
    reporter, response = open_report(client, reference, receipt)
    assert response.status_code == 302
    reporter.get("/follow-up/your-report")
    sent = reporter.post({"information": "The car came back", "photos": [(jpeg_file(), "a.jpg")]},
                         url="/follow-up/your-report", content_type="multipart/form-data")
    assert sent.status_code == 302
    reporter.get("/follow-up/your-report")
    again = reporter.post({"information": "And again", "photos": [(jpeg_file(), "b.jpg")]},
                          url="/follow-up/your-report", content_type="multipart/form-data")
    assert again.status_code == 429
    reporter.get("/follow-up/your-report")
    words = reporter.post({"information": "Just words"}, url="/follow-up/your-report")
    assert words.status_code == 302


def test_another_client_is_not_blocked(seeded_app, app):
    seeded_app.config["PHOTO_UPLOAD_LIMIT"] = "1 per hour"
    first = photos_page(app.test_client(), environ_base={"REMOTE_ADDR": "192.0.2.1"})
    assert upload(first).status_code == 302
    assert upload(first).status_code == 429
    second = photos_page(app.test_client(), environ_base={"REMOTE_ADDR": "192.0.2.2"})
    assert upload(second).status_code == 302
