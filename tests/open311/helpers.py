"""Shared by the Open311 tests: issuing keys, a valid ASB request, and servers on loopback
(a stand-in case system, for delivery)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from app.extensions import db
from app.open311 import keys
from app.partnership.teams import team_by_slug

# ASB threats: routed to the council's ASB team (and the police), as on the website.
ASB_REQUEST = {
    "service_code": "asb",
    "address_string": "Outside the shops on Marshgate",
    "description": "A group shouted threats at my door again.",
    "attribute[danger_now]": "no",
    "attribute[asb_what]": "threats",
    "attribute[repeat]": "often",
    "attribute[effects][]": ["unsafe_at_home", "sleep"],
    "attribute[area]": "town-centre",
    "attribute[when_kind]": "ongoing",
}
HATE_REQUEST = {
    "service_code": "hate",
    "address_string": "Bus station",
    "description": "Someone shouted abuse about my religion.",
    "attribute[danger_now]": "no",
    "attribute[hate_for]": "victim",
    "attribute[hate_strands][]": ["religion"],
    "attribute[hate_online]": "in_person",
    "attribute[near_asylum_accommodation]": "no",
    "attribute[area]": "town-centre",
    "attribute[when_kind]": "ongoing",
}


def issue_key(app, name: str, team_slug: str | None) -> str:
    with app.app_context():
        issued = keys.issue(name, team_by_slug(team_slug) if team_slug else None, None)
        db.session.commit()
        return issued.key


class StandInCaseSystem:
    """A team's case system on loopback: it takes POST requests.xml (recording each form)
    and answers GET servicerequestupdates.xml with ``self.updates_xml``. ``self.status``
    makes it refuse or fail on purpose."""

    def __init__(self):
        self.posted: list[dict[str, list[str]]] = []
        self.polls: list[dict[str, list[str]]] = []
        self.status = 200
        self.updates_xml = ('<?xml version="1.0" encoding="utf-8"?>\n'
                            "<service_requests_updates>\n</service_requests_updates>\n")
        case_system = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body: str):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/xml; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):  # noqa: N802 - the http.server name
                length = int(self.headers.get("Content-Length", "0"))
                form = parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
                if urlsplit(self.path).path != "/open311/v2/requests.xml":
                    return self._send(404, "<errors/>")
                if case_system.status != 200:
                    return self._send(case_system.status, "<errors><error><code>"
                                      f"{case_system.status}</code></error></errors>")
                case_system.posted.append(form)
                number = 9000 + len(case_system.posted)
                return self._send(200, '<?xml version="1.0" encoding="utf-8"?>\n'
                                  "<service_requests><request><service_request_id>"
                                  f"REACT-{number}</service_request_id></request>"
                                  "</service_requests>")

            def do_GET(self):  # noqa: N802
                parts = urlsplit(self.path)
                if parts.path != "/open311/v2/servicerequestupdates.xml":
                    return self._send(404, "<errors/>")
                case_system.polls.append(parse_qs(parts.query))
                return self._send(200, case_system.updates_xml)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/open311/v2"

    def __enter__(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
