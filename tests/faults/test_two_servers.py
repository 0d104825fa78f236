"""Two app servers and two outbox senders against one PostgreSQL and one Redis, as the
README grows the site past one machine: rate limits are counted once for both servers,
a person's session and draft work whichever server each request lands on, and with the
mail server down and then back every message arrives exactly once."""

import http.client
import time
from collections import Counter
from urllib.parse import urlencode, urlsplit

import pytest

from tests.faults import harness
from tests.faults.people import TOKEN, run_people, tally

pytestmark = pytest.mark.faults

MAIL_DOWN_SECONDS = 6


def follow_up_attempt(base: str, cookie: str | None) -> tuple[int, str | None]:
    """One wrong reference and receipt code on /follow-up; (status, session cookie)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    connection.request("GET", "/follow-up", headers=headers)
    response = connection.getresponse()
    page = response.read().decode()
    cookie = next((v.split(";", 1)[0] for k, v in response.getheaders()
                   if k.lower() == "set-cookie" and v.startswith("sosafe_session=")), cookie)
    fields = {"csrf_token": TOKEN.search(page).group(1), "reference": "ACDE-FGHJ",
              "receipt": "ACDEFG-HJKMNP-QRTWXY"}
    connection.request("POST", "/follow-up", body=urlencode(fields), headers={
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, cookie


def test_rate_limits_are_counted_once_for_both_servers(site):
    servers = [site.server(workers=1, FOLLOW_UP_LIMIT="4 per 10 minutes"),
               site.server(workers=1, FOLLOW_UP_LIMIT="4 per 10 minutes")]
    statuses, cookie = [], None
    for attempt in range(6):
        status, cookie = follow_up_attempt(servers[attempt % 2].base, cookie)
        statuses.append(status)
    # Each server alone has seen three attempts; together they refuse the fifth.
    assert statuses == [400, 400, 400, 400, 429, 429]


def test_sessions_drafts_and_mail_work_across_two_servers_and_two_senders(site, mail):
    servers = [site.server(), site.server()]
    senders = [site.sender(), site.sender()]
    mail.stop()
    down_at = time.monotonic()
    # Every request of each person goes to the other server from the last one.
    outcomes = run_people([s.base for s in servers], 12, 6, pause=1.0)
    result = tally(outcomes, harness.stored_reports(site.url),
                   harness.incomplete_reports(site.url))
    report = "\n".join(result.lines())
    assert result.confirmed == result.stored == 12 and result.duplicates == {}, report
    assert result.unfriendly == Counter() and result.friendly == Counter(), report

    expected = harness.outbox_expected(site.url)
    time.sleep(max(0.0, MAIL_DOWN_SECONDS - (time.monotonic() - down_at)))
    assert harness.outbox_counts(site.url).get("sent", 0) == 0  # the mail server is down
    mail.start()
    harness.wait_for_outbox_sent(site.url, len(expected), senders)
    time.sleep(2)  # a second copy would arrive in this time
    assert Counter(mail.received) == Counter(expected)
    assert all(sender.running() for sender in senders)
