"""An app server worker is killed (SIGKILL) in the middle of sending reports: each report is
stored whole, with its routes, its ``created`` event and its outbox messages, or not at
all, and pressing Send again stores it once."""

import os
import signal
import threading
import time

import pytest

from tests.faults import harness
from tests.faults.people import run_people, tally

pytestmark = pytest.mark.faults

PEOPLE = 6
# Makes each outbox insert take a while, so that the worker can be killed while a send's
# transaction has written the report but not yet its messages.
SLOW_OUTBOX = """
CREATE FUNCTION fault_test_slow_outbox() RETURNS trigger AS $$
BEGIN PERFORM pg_sleep(1.5); RETURN NEW; END $$ LANGUAGE plpgsql;
CREATE TRIGGER fault_test_slow_outbox BEFORE INSERT ON outbox_message
FOR EACH ROW EXECUTE FUNCTION fault_test_slow_outbox();
"""
MID_SEND = """
SELECT query FROM pg_stat_activity
WHERE datname = current_database() AND wait_event = 'PgSleep' AND state = 'active'
"""


def kill_mid_send(cluster, database: str, server, seen: list, stop: threading.Event):
    """Wait until a send is inside its transaction, then SIGKILL every worker."""
    while not stop.is_set():
        found = cluster.execute(MID_SEND, database)
        if found:
            seen.extend(row[0] for row in found)
            for pid in server.workers():
                os.kill(pid, signal.SIGKILL)
            cluster.execute("DROP TRIGGER fault_test_slow_outbox ON outbox_message", database)
            return
        time.sleep(0.05)


def test_a_worker_killed_mid_send_leaves_a_whole_report_or_nothing(cluster, site):
    database = site.url.rsplit("/", 1)[1]
    server = site.server(workers=1)
    cluster.execute(SLOW_OUTBOX, database)
    seen: list[str] = []
    stop = threading.Event()
    killer = threading.Thread(target=kill_mid_send,
                              args=(cluster, database, server, seen, stop), daemon=True)
    killer.start()
    try:
        outcomes = run_people([server.base], PEOPLE, PEOPLE, pause=2.0)
    finally:
        stop.set()
        killer.join(timeout=10)

    # The worker died while a send had stored the report row and was writing its messages.
    assert any("outbox_message" in query for query in seen), seen
    assert "Unexpected exit from worker" in server.log.read_text()  # granian saw it die
    result = tally(outcomes, harness.stored_reports(site.url),
                   harness.incomplete_reports(site.url))
    report = "\n".join(result.lines())
    assert result.broken_reports == [], report  # nothing half-stored
    assert result.gave_up == [] and result.confirmed == PEOPLE, report
    assert result.stored == PEOPLE and result.duplicates == {}, report
    assert result.stored_unconfirmed == [], report
    # A killed worker drops its connections (nothing can answer for it); nothing else went
    # wrong for anyone.
    assert set(result.unfriendly) <= {"dropped"}, report
