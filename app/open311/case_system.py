"""Talking to a team's own case system over Open311 GeoReport v2, as FixMyStreet does:
POST requests.xml to hand a report over, GET servicerequestupdates.xml to read what
happened to it since. Form-encoded requests, XML answers (read with defusedxml).

Failures are the outbox's: a case system that is down, slow or answers 5xx is a
TemporaryFailure (tried again later); one that refuses the request (4xx) or answers
something that is not a service request id is a PermanentFailure, reported in
``flask outbox status`` like a refused email.
"""

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

from app.core.outbox import PermanentFailure, TemporaryFailure, notify_template_ids
from app.open311 import formats
from app.partnership.models import Team

SCHEMES = ("https", "http")


def url_problem(url: str) -> str | None:
    """Why this is not a case system address we can use, or None."""
    parts = urllib.parse.urlsplit(url or "")
    if parts.scheme not in SCHEMES or not parts.netloc:
        return "Enter the case system's Open311 address, starting https://"
    if parts.query or parts.fragment:
        return "Enter the address without anything after ? or #"
    return None


@dataclass(frozen=True)
class CaseSystem:
    """One team's endpoint and the key it gave us (OPEN311_CASE_SYSTEM_KEYS)."""

    url: str
    jurisdiction: str | None
    api_key: str
    timeout: int

    @classmethod
    def for_team(cls, team: Team, config: Mapping) -> "CaseSystem":
        if not team.case_system_url:
            raise PermanentFailure(f"team {team.slug} no longer has a case system")
        problem = url_problem(team.case_system_url)
        if problem:
            raise PermanentFailure(f"team {team.slug}: {problem}")
        keys = notify_template_ids(config.get("OPEN311_CASE_SYSTEM_KEYS", ""))
        return cls(team.case_system_url.rstrip("/"), team.case_system_jurisdiction,
                   keys.get(team.slug, ""), config.get("OPEN311_TIMEOUT_SECONDS", 20))

    def _params(self, extra: Mapping[str, object]) -> list[tuple[str, str]]:
        base = {"api_key": self.api_key, "jurisdiction_id": self.jurisdiction}
        pairs = []
        for name, value in {**base, **extra}.items():
            if value is None or value == "":
                continue
            for item in value if isinstance(value, list) else [value]:
                pairs.append((name, str(item)))
        return pairs

    def _open(self, request: urllib.request.Request) -> bytes:
        try:
            # http(s) only: for_team checks the address with url_problem.
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return response.read(2_000_000)
        except urllib.error.HTTPError as error:
            body = error.read(500).decode("utf-8", "replace")
            failure = TemporaryFailure if error.code >= 500 or error.code == 429 \
                else PermanentFailure
            raise failure(f"case system answered {error.code}: {body[:200]}") from error
        except (urllib.error.URLError, OSError) as error:
            raise TemporaryFailure(f"case system unreachable: {error}") from error

    def post_request(self, fields: Mapping[str, object]) -> str:
        """Hand a request over; the id the case system gave it."""
        body = urllib.parse.urlencode(self._params(fields)).encode()
        request = urllib.request.Request(  # noqa: S310 - http(s) only (url_problem)
            f"{self.url}/requests.xml", data=body, method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        answer = self._open(request)
        try:
            items = formats.parse_list(answer, "request")
        except formats.UnreadableXML as error:
            raise PermanentFailure(f"case system's answer: {error}") from error
        ids = [item.get("service_request_id") or item.get("token") for item in items]
        if not ids or not ids[0]:
            raise PermanentFailure("case system gave no service_request_id")
        return ids[0][:100]

    def updates(self, start: str, end: str) -> list[dict[str, str]]:
        query = urllib.parse.urlencode(self._params({"start_date": start, "end_date": end}))
        url = f"{self.url}/servicerequestupdates.xml?{query}"
        request = urllib.request.Request(url)  # noqa: S310 - http(s) only (url_problem)
        try:
            return formats.parse_list(self._open(request), "request_update")
        except formats.UnreadableXML as error:
            raise PermanentFailure(f"case system's updates: {error}") from error
