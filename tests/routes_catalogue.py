"""Every public page, discovered from the app's URL map, so a new page is swept for
accessibility, security headers and CSRF without anyone remembering to add it.

A route with URL arguments needs example values here; the catalogue test fails until it
has them.
"""

from flask import Flask

_JOURNEYS = ("anti-social-behaviour", "hate-crime", "stalking-or-harassment", "case-review")
# endpoint -> list of URL argument sets to visit
SAMPLE_ARGUMENTS: dict[str, list[dict]] = {
    "campaigns.page": [{"slug": slug} for slug in (
        "16-days-of-activism", "safer-routes", "the-orphan", "online-fraud", "cuckooing")],
    "help.page": [{"slug": slug} for slug in (
        "domestic-abuse", "stalking-and-harassment", "hate-crime",
        "exploitation-and-county-lines", "fraud", "homelessness-and-rough-sleeping",
        "staying-safe-online")],
    **{f"staff.{name}": [{"reference": "ABC123"}] for name in (
        "report", "acknowledge", "assign", "change_status", "reclassify", "add_note",
        "post_update", "forward", "redact_passage", "assign_to_me", "record_contact",
        "close")},
    "inbox.delete_filter": [{"filter_id": 1}],
    "response_templates.edit": [{"template_id": 1}],
    "response_templates.delete": [{"template_id": 1}],
    "phone_reports.begin": [{"journey": "anti-social-behaviour"}],
    "static": [{"filename": "images/favicon.svg"}],
    "images.media": [{"token": "0" * 32, "extension": "jpg"}],
    "images.index": [{"page_id": 1}],
    "images.delete": [{"page_id": 1, "image_id": 1}],
    "staff.photo": [{"reference": "ABC123", "photo_id": 1}],
    "staff.redact_photo": [{"reference": "ABC123", "photo_id": 1}],
    "reports.before_you_start": [{"journey": j} for j in _JOURNEYS],
    "reports.question": [{"journey": j, "step": "danger-now"} for j in _JOURNEYS[:3]]
    + [{"journey": "case-review", "step": "earlier-reports"}],
    "reports.check_answers": [{"journey": j} for j in _JOURNEYS],
    **{f"publishing.{name}": [{"page_id": 1}] for name in (
        "page", "edit", "publish", "unpublish", "schedule", "revisions", "compare")},
    **{f"publishing.{name}": [{"page_id": 1, "number": 1}] for name in (
        "revision", "restore")},
    "page_review.submit": [{"page_id": 1}],
    "page_review.review": [{"page_id": 1, "review_id": 1}],
    "numbers_publishing.withdraw": [{"quarter_key": "2025-26-Q1"}],
    "numbers_publishing.remove_you_said": [{"item_id": 1}],
    "numbers_publishing.unlink_campaign": [{"page_id": 1}],
    **{f"open311.{name}": [{"fmt": "xml"}, {"fmt": "json"}] for name in (
        "discovery", "service_list", "create_request", "list_requests", "list_updates",
        "receive_update")},
    "open311.service_definition": [{"code": "asb", "fmt": "xml"}, {"code": "hate",
                                                                  "fmt": "json"}],
    "open311.get_request": [{"service_request_id": "ABCD-EFGH", "fmt": "json"}],
    "open311.token": [{"token": "ABCD-EFGH", "fmt": "xml"}],
    "open311.not_found": [{"unknown": "nothing.json"}],
    "open311_admin.revoke": [{"key_id": 1}],
    "open311_admin.case_system": [{"slug": "sbc-asb"}],
    "open311_admin.stop": [{"slug": "sbc-asb"}],
    **{f"admin_routing.{name}": [{"rule_id": "asb"}] for name in ("edit", "move", "switch")},
    **{f"{area}.restore": [{"version_id": 1}] for area in (
        "admin_routing", "admin_teams", "admin_risk")},
    "admin_teams.edit": [{"slug": "sbc-asb"}],
    "admin_staff.account": [{"staff_id": 1}],
    "admin_staff.act": [{"staff_id": 1, "action": "disable"}],
    "admin_staff.welcome": [{"secret": "not-a-real-link"}],
    "follow_up.answer": [{"question_id": 1}],
    **{f"casework.{name}": [{"reference": "ABC123"}] for name in (
        "review", "link", "question", "diary")},
    "casework.unlink": [{"reference": "ABC123", "other": "DEF456"}],
}

# Never swept as public pages: redirects, machine endpoints, and the staff area (whose own
# tests sign in first).
NOT_PUBLIC_PAGES = {"static", "public.exit_page", "public.healthz", "images.media"}
STAFF_PREFIX = "/staff"
# The Open311 API: machines, not people, call it. It is authenticated by its key, not a
# CSRF token, and answers XML or JSON; tests/open311/ sweeps it.
OPEN311_PREFIX = "/open311/"
TEST_PREFIX = "/_test"


def _urls_for(app: Flask, rule) -> list[str]:
    adapter = app.url_map.bind("localhost")
    if not rule.arguments:
        return [adapter.build(rule.endpoint, {})]
    if rule.endpoint not in SAMPLE_ARGUMENTS:
        raise LookupError(
            f"{rule.rule} ({rule.endpoint}) has URL arguments: add example values to "
            "SAMPLE_ARGUMENTS in tests/routes_catalogue.py"
        )
    return [adapter.build(rule.endpoint, args) for args in SAMPLE_ARGUMENTS[rule.endpoint]]


def public_get_urls(app: Flask) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in NOT_PUBLIC_PAGES:
            continue
        if rule.rule.startswith((STAFF_PREFIX, TEST_PREFIX, OPEN311_PREFIX)):
            continue
        urls.extend(_urls_for(app, rule))
    return sorted(set(urls))


def staff_login_urls(app: Flask) -> list[str]:
    return [r.rule for r in app.url_map.iter_rules() if r.rule == "/staff/login"]


def post_urls(app: Flask) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and not rule.rule.startswith((TEST_PREFIX, OPEN311_PREFIX)):
            urls.extend(_urls_for(app, rule))
    return sorted(set(urls))


ERROR_CODES = (400, 403, 404, 405, 413, 429, 500, 503)
