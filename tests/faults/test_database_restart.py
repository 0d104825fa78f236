"""PostgreSQL restarts for about three seconds while people send reports through two
app servers, two outbox senders deliver, and the mail server is down for the first
seconds. What must hold is what people are promised, not how fast it goes
(benchmarks/faults.py has the figures for 150 people, 16 at once)."""

import threading
import time
from collections import Counter

import pytest

from tests.faults import harness
from tests.faults.people import run_people, tally

pytestmark = pytest.mark.faults

PEOPLE = 40
AT_ONCE = 8
DOWN_SECONDS = 3
PAUSE = 2.5  # a person reads "try again in a minute", then tries again
MAIL_DOWN_SECONDS = 8


def test_a_database_restart_costs_no_report_and_no_confirmation(cluster, site, mail):
    servers = [site.server(), site.server()]
    senders = [site.sender(), site.sender()]
    mail.stop()
    mail_back = threading.Timer(MAIL_DOWN_SECONDS, mail.start)
    mail_back.start()
    try:
        outcomes = run_people([s.base for s in servers], PEOPLE, AT_ONCE, PAUSE,
                              during=lambda: cluster.restart(DOWN_SECONDS),
                              during_after=PEOPLE // 5)
    finally:
        mail_back.join()
    result = tally(outcomes, harness.stored_reports(site.url),
                   harness.incomplete_reports(site.url))
    report = "\n".join(result.lines())

    assert result.gave_up == [], report  # everyone who tried again got a reference
    assert result.confirmed == PEOPLE, report
    assert result.stored_unconfirmed == [], report
    assert result.duplicates == {}, report
    assert result.stored == PEOPLE, report
    assert result.unfriendly == Counter(), report  # no bare error, no dropped connection
    assert result.broken_reports == [], report
    # The restart did happen while people were sending: some saw the friendly page.
    assert sum(result.friendly.values()) > 0, report

    # Every message the reports made arrives exactly once, through the restart and the
    # mail server's outage, and both senders are still running.
    expected = harness.outbox_expected(site.url)
    assert len(expected) >= PEOPLE
    harness.wait_for_outbox_sent(site.url, len(expected), senders)
    time.sleep(2)  # a second copy would arrive in this time
    assert Counter(mail.received) == Counter(expected)
    assert all(sender.running() for sender in senders)
    for server in servers:
        assert "Error handling request" not in server.log.read_text()
