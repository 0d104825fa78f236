"""People sending ASB reports over HTTP, each with their own session cookie, who try a
failed page again (up to three tries, a short wait between) the way someone who reads
"try again" would. Every answer they get is sorted into what a person would make of it.

With more than one server, each request goes to the next server in turn, so a person's
session and draft must work wherever a request lands.
"""

import http.client
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

REQUEST_TIMEOUT = 60
TRIES = 3
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
# The codes are drawn a group a span (components/code.html), so read the element's text.
REFERENCE = re.compile(r'class="app-reference">(.*?)</strong>', re.S)
RECEIPT = re.compile(r'id="receipt-code">(.*?)</p>', re.S)


def code_text(match: re.Match | None) -> str | None:
    """The code inside a matched element, its tags removed: K7MP-3QXA."""
    return re.sub(r"<[^>]+>|\s", "", match.group(1)) if match else None
OUR_TITLE = "– So Safe Stevenage</title>"
MARKER = "Fault test person {number}."


def asb_journey(number: int) -> list[tuple[str, dict]]:
    return [
        ("danger-now", {"danger_now": "no"}),
        ("what-is-happening", {"asb_what": "groups"}),
        ("happened-before", {"repeat": "a_few_times"}),
        ("how-it-affects-you", {"effects": ["sleep"]}),
        ("where", {"where": "Outside the shops on Marshgate", "area": "town-centre"}),
        ("when", {"when_kind": "ongoing"}),
        ("what-happened", {"description": MARKER.format(number=number) + " A group shouting.",
                           "people": "Three people in dark coats"}),
        ("photos", {}),
        ("contact", {"contact_wanted": "no"}),
    ]


JOURNEY_URL = "/report/anti-social-behaviour"


@dataclass
class Outcome:
    """What one person saw."""

    number: int
    reference: str | None = None
    receipt: str | None = None
    gave_up_on: str | None = None
    # One entry per failed try: "friendly 503", "bare 500", "dropped", "unexpected 400"...
    failures: Counter = field(default_factory=Counter)
    # The send was answered "already sent" (its first answer never arrived).
    resent: bool = False
    # Requests sent again on a new connection because a kept-alive one had been closed.
    reconnects: int = 0


class GaveUp(Exception):
    pass


class Person:
    def __init__(self, number: int, bases: list[str], pause: float):
        self.number, self.bases, self.pause = number, bases, pause
        self.outcome = Outcome(number)
        self.cookie = None
        self.connections: dict[str, http.client.HTTPConnection] = {}
        self.turn = 0

    def _connection(self, base: str) -> http.client.HTTPConnection:
        if base not in self.connections:
            parts = urlsplit(base)
            self.connections[base] = http.client.HTTPConnection(
                parts.hostname, parts.port, timeout=REQUEST_TIMEOUT)
        return self.connections[base]

    def _request(self, method: str, path: str, fields: dict | None):
        base = self.bases[self.turn % len(self.bases)]
        self.turn += 1
        headers = {"User-Agent": "fault-test"}
        body = None
        if fields is not None:
            pairs = [(k, v) for k, value in fields.items()
                     for v in (value if isinstance(value, list) else [value])]
            body = urlencode(pairs)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookie:
            headers["Cookie"] = self.cookie
        # A kept-alive connection the server has since closed (a killed worker, an idle
        # timeout) fails before any answer; like a browser, open a new one and resend.
        for fresh in (base not in self.connections, True):
            connection = self._connection(base)
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                del self.connections[base]
                stale = isinstance(error, http.client.RemoteDisconnected | ConnectionResetError
                                   | BrokenPipeError)
                if fresh or not stale:
                    return None, None, ""
                self.outcome.reconnects += 1
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("sosafe_session="):
                self.cookie = value.split(";", 1)[0]
        return response.status, response.getheader("Location"), text

    def page(self, method: str, path: str, fields: dict | None, expect: int):
        """One page, tried up to three times; (location, text) of the answer that worked."""
        for attempt in range(1, TRIES + 1):
            status, location, text = self._request(method, path, fields)
            if status == expect:
                return location, text
            self.outcome.failures[describe(status, text)] += 1
            if attempt < TRIES:
                time.sleep(self.pause)
        self.outcome.gave_up_on = f"{method} {path.rsplit('/', 1)[-1]}"
        raise GaveUp(self.outcome.gave_up_on)

    def send_report(self) -> Outcome:
        try:
            return self._walk()
        finally:
            for connection in self.connections.values():
                connection.close()

    def _walk(self) -> Outcome:
        try:
            _, page = self.page("GET", f"{JOURNEY_URL}/danger-now", None, 200)
            for step, answers in asb_journey(self.number):
                token = TOKEN.search(page).group(1)
                location, _ = self.page("POST", f"{JOURNEY_URL}/{step}",
                                        {"csrf_token": token, **answers}, 302)
                _, page = self.page("GET", urlsplit(location).path, None, 200)
            token = TOKEN.search(page).group(1)
            _, page = self.page("POST", f"{JOURNEY_URL}/check-your-answers",
                                {"csrf_token": token}, 200)
        except GaveUp:
            return self.outcome
        reference, receipt = code_text(REFERENCE.search(page)), code_text(RECEIPT.search(page))
        if not reference or not receipt:
            self.outcome.failures["confirmation without a reference"] += 1
            return self.outcome
        self.outcome.reference, self.outcome.receipt = reference, receipt
        self.outcome.resent = 'id="already-sent"' in page
        return self.outcome


def describe(status: int | None, text: str) -> str:
    """How a person would take an answer that was not the page they wanted."""
    if status is None:
        return "dropped"
    if OUR_TITLE in text:
        return f"friendly {status}"
    if status >= 500:
        return f"bare {status}"
    return f"unexpected {status}"


def run_people(bases: list[str], count: int, at_once: int, pause: float,
               during=None, during_after: int = 0) -> list[Outcome]:
    """``count`` people, ``at_once`` at a time; ``during()`` runs once ``during_after``
    people have finished (the fault), while the others carry on."""
    numbers = list(range(count))
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    fault_started = threading.Event()

    def person_loop():
        while True:
            with lock:
                if not numbers:
                    return
                number = numbers.pop(0)
            outcome = Person(number, bases, pause).send_report()
            with lock:
                outcomes.append(outcome)
                if during and not fault_started.is_set() and len(outcomes) >= during_after:
                    fault_started.set()

    threads = [threading.Thread(target=person_loop, daemon=True) for _ in range(at_once)]
    for thread in threads:
        thread.start()
    if during:
        fault_started.wait()
        during()
    for thread in threads:
        thread.join()
    return sorted(outcomes, key=lambda o: o.number)


@dataclass
class Tally:
    """The promises, counted over everyone's outcome and what the database holds."""

    people: int
    confirmed: int
    gave_up: list[str]
    stored: int
    stored_unconfirmed: list[str]
    duplicates: dict[int, int]
    unfriendly: Counter
    friendly: Counter
    resent: int
    reconnects: int
    broken_reports: list[str]

    def lines(self) -> list[str]:
        return [
            f"people:                      {self.people}",
            f"got a reference:             {self.confirmed}",
            f"gave up (3 tries failed):    {len(self.gave_up)} {self.gave_up or ''}",
            f"reports stored:              {self.stored}",
            f"stored, never confirmed:     {len(self.stored_unconfirmed)}",
            f"duplicate reports:           {sum(n - 1 for n in self.duplicates.values())}",
            f"bare or unfriendly answers:  {sum(self.unfriendly.values())} "
            f"{dict(self.unfriendly) or ''}",
            f"friendly 'try again' pages:  {sum(self.friendly.values())} "
            f"{dict(self.friendly) or ''}",
            f"send answered 'already sent': {self.resent}",
            f"reports missing a part:      {len(self.broken_reports)}",
            f"kept-alive connection found closed, request sent again: {self.reconnects}",
        ]


def tally(outcomes: list[Outcome], stored: dict[str, int | None], broken: list[str]) -> Tally:
    """``stored`` maps each stored reference to the person whose report it is."""
    seen = {o.reference for o in outcomes if o.reference}
    per_person = Counter(number for number in stored.values() if number is not None)
    failures = Counter()
    for outcome in outcomes:
        failures.update(outcome.failures)
    return Tally(
        people=len(outcomes),
        confirmed=len(seen),
        gave_up=[f"{o.number}: {o.gave_up_on}" for o in outcomes if not o.reference],
        stored=len(stored),
        stored_unconfirmed=sorted(set(stored) - seen),
        duplicates={n: c for n, c in per_person.items() if c > 1},
        unfriendly=Counter({k: v for k, v in failures.items() if not k.startswith("friendly")}),
        friendly=Counter({k: v for k, v in failures.items() if k.startswith("friendly")}),
        resent=sum(o.resent for o in outcomes),
        reconnects=sum(o.reconnects for o in outcomes),
        broken_reports=broken,
    )
