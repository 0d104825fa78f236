"""The Open311 GeoReport v2 server, for other systems: /open311/v2/<call>.xml or .json.

Thin on purpose: the parameters and the key go to app/open311/, and what comes back is
written in the format asked for. Machines call it, not browsers: no CSRF token (the key
authenticates a POST), no cookie, nothing cached. Every refusal is in the spec's error
format with the code it gives: 400 bad input, 403 no key or a bad one, 404 unknown.
"""

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException

from app.extensions import csrf, db
from app.open311 import formats, keys, requests, services, updates
from app.open311.models import ApiKey
from app.web.rate_limits import limiter

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
csrf.exempt(bp)

FMT = "<any(xml,json):fmt>"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"


def _post_limit() -> str:
    return current_app.config["OPEN311_POST_LIMIT"]


class Refused(Exception):
    def __init__(self, code: int, description: str):
        self.code, self.description = code, description


def _answer(fmt: str, root: str, value, status: int = 200) -> Response:
    response = Response(formats.render(fmt, root, value), status=status,
                        mimetype=formats.FORMATS[fmt].split(";")[0])
    response.headers["Cache-Control"] = "no-store"
    return response


def _fmt() -> str:
    return (request.view_args or {}).get("fmt") or (
        "json" if request.path.endswith(".json") else "xml")


@bp.errorhandler(Refused)
def refused(error: Refused):
    db.session.rollback()
    return _answer(_fmt(), *formats.error_document(error.code, error.description),
                   status=error.code)


@bp.errorhandler(services.InvalidRequest)
def invalid(error: services.InvalidRequest):
    db.session.rollback()
    return _answer(_fmt(), *formats.error_document(400, str(error)), status=400)


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    return _answer(_fmt(), *formats.error_document(error.code or 400, error.name),
                   status=error.code or 400)


@bp.after_request
def no_cookies(response: Response) -> Response:
    """Nothing here is for a browser session: never set a cookie on an API answer."""
    response.headers.pop("Set-Cookie", None)
    response.headers["Cache-Control"] = "no-store"
    return response


def _key(required: bool = True) -> ApiKey | None:
    given = request.values.get("api_key")
    key = keys.find_active(given)
    if key is None and required:
        raise Refused(403, "api_key is missing" if not given else "api_key is not valid")
    return key


def _team_key() -> ApiKey:
    key = _key()
    if key.team_id is None:
        raise Refused(403, "this api_key is not a team's: only a team's case system may "
                           "send updates")
    return key


def _params() -> dict[str, str]:
    return {name: request.args.get(name, "") for name in request.args}


@bp.get(f"/discovery.{FMT}")
def discovery(fmt):
    url = current_app.config["SITE_URL"].rstrip("/") + "/open311/v2/"
    return _answer(fmt, "discovery", {
        "changeset": "2026-12-01T00:00:00Z", "contact": url.removesuffix("open311/v2/"),
        "key_service": "Ask the So Safe partnership's administrators for a key.",
        "endpoints": [{"specification": SPECIFICATION, "url": url,
                       "changeset": "2026-12-01T00:00:00Z", "type": "production",
                       "formats": ["text/xml", "application/json"]}]})


@bp.get(f"/services.{FMT}")
def service_list(fmt):
    return _answer(fmt, "services", services.service_list())


@bp.get(f"/services/<code>.{FMT}")
def service_definition(code, fmt):
    if code not in services.SERVICE_KINDS:
        raise Refused(404, f"service_code {code!r} is not a service here")
    return _answer(fmt, "service_definition", services.definition(code))


@bp.post(f"/requests.{FMT}")
@limiter.limit(_post_limit)
def create_request(fmt):
    key = _key()
    form = {name: request.form.getlist(name) for name in request.form}
    created = requests.create(key, form, content_dir=current_app.config["CONTENT_DIR"],
                              site_url=current_app.config["SITE_URL"])
    return _answer(fmt, "service_requests", [{"service_request_id": created.service_request_id,
                                              "service_notice": created.service_notice}])


@bp.get(f"/requests.{FMT}")
def list_requests(fmt):
    key = _key()
    found = requests.listed(key, _params())
    return _answer(fmt, "service_requests", [requests.as_request(key, r) for r in found])


@bp.get(f"/requests/<service_request_id>.{FMT}")
def get_request(service_request_id, fmt):
    key = _key()
    report = requests.find(key, service_request_id)
    if report is None:
        raise Refused(404, f"service_request_id {service_request_id!r} not found")
    return _answer(fmt, "service_requests", [requests.as_request(key, report)])


@bp.get(f"/tokens/<token>.{FMT}")
def token(token, fmt):
    key = _key()
    report = requests.token_request(key, token)
    if report is None:
        raise Refused(404, f"token {token!r} not found")
    return _answer(fmt, "service_requests", [{"service_request_id": report.reference,
                                              "token": token}])


@bp.get(f"/servicerequestupdates.{FMT}")
def list_updates(fmt):
    key = _key()
    return _answer(fmt, "service_requests_updates", requests.updates(key, _params()))


@bp.post(f"/servicerequestupdates.{FMT}")
@limiter.limit(_post_limit)
def receive_update(fmt):
    """A team's case system telling us what happened (FixMyStreet's receiving side)."""
    key = _team_key()
    applied = updates.apply(key.team, {n: request.form.get(n, "") for n in request.form},
                            site_url=current_app.config["SITE_URL"])
    db.session.commit()
    return _answer(fmt, "service_request_updates", [{"update_id": str(applied.event.id)}])


ANY_METHOD = ["GET", "POST", "PUT", "PATCH", "DELETE"]


@bp.route("/", methods=ANY_METHOD)
def root():
    raise Refused(404, "ask for discovery.xml, services.xml or another Open311 call")


@bp.route("/<path:unknown>", methods=ANY_METHOD)
def not_found(unknown):
    """Anything else under /open311/v2/, in the error format (not the website's pages)."""
    if request.method not in ("GET", "POST"):
        raise Refused(405, f"{request.method} is not used by Open311")
    raise Refused(404, f"{request.path} is not an Open311 call here")
