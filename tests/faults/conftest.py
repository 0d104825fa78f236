"""Fixtures for the fault tests: one PostgreSQL cluster and one Redis of their own for the
whole run (tests/faults/harness.py), a fresh database per test, and the app servers,
senders and mail server a test starts, stopped whatever happens.

Every test here is marked ``faults`` and skipped, with what to install, where PostgreSQL's
initdb/pg_ctl or redis-server is missing; with REQUIRE_FAULT_TESTS set (.ci/run) they fail
instead.
"""

import os
import secrets

import pytest

from tests.faults import harness


@pytest.fixture(scope="session")
def cluster():
    reason = harness.missing()
    if reason and os.environ.get("REQUIRE_FAULT_TESTS"):
        pytest.fail(f"REQUIRE_FAULT_TESTS is set, but the fault tests {reason}")
    if reason:
        pytest.skip(f"fault tests {reason}")
    cluster = harness.PostgresCluster().init()
    yield cluster
    cluster.destroy()


@pytest.fixture(scope="session")
def redis_server(cluster):
    server = harness.RedisServer()
    yield server
    server.stop()


@pytest.fixture
def mail():
    sink = harness.MailSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def site(cluster, redis_server, mail, tmp_path):
    """A migrated, seeded database and a way to start app servers and senders on it."""
    database_url = cluster.new_database(f"sosafe_{secrets.token_hex(4)}")

    class Site:
        url = database_url
        processes = []

        def environment(self, **extra):
            return harness.app_environment(database_url, redis_server.url, mail.port,
                                           **extra)

        def server(self, workers=2, threads=4, **extra):
            log = tmp_path / f"app-server-{len(self.processes)}.log"
            server = harness.AppServer(self.environment(**extra), log, workers, threads)
            self.processes.append(server)
            return server

        def sender(self, **extra):
            sender = harness.OutboxSender(self.environment(**extra),
                                          tmp_path / f"sender-{len(self.processes)}.log")
            self.processes.append(sender)
            return sender

    site = Site()
    harness.prepare_database(site.environment())
    yield site
    for process in reversed(site.processes):
        process.stop()
    cluster.execute(f'DROP DATABASE IF EXISTS "{database_url.rsplit("/", 1)[1]}" WITH (FORCE)')
