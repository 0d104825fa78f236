"""Faults, measured: what people see when the database restarts, and whether mail holds.

Everything runs on loopback and is the script's own: a PostgreSQL cluster made with initdb
in a temporary folder (so restarting it touches no other database), a Redis, two app
servers (2 workers, 4 threads each, production settings as the README runs them), two
`outbox send --loop` senders and an SMTP server (aiosmtpd).

1. **Database restart.** PEOPLE people (default 150), AT_ONCE at a time (16), walk the
   ASB journey over HTTP, each request going to the next server in turn. Once a fifth of
   them have finished, PostgreSQL is stopped (``pg_ctl -m fast``, which closes every
   connection), kept down for DOWN seconds (3) and started again. A person who gets a
   failed page waits PAUSE seconds (2.5) and tries it again, up to three tries.
2. **Mail server down.** The mail server is down for the first MAIL_DOWN seconds (15) of
   that run, then comes back; the senders carry on through the database restart, and every
   message must arrive exactly once.

Prints the figures; exits 1 if any promise was broken (a person without a reference, a
report stored but never confirmed, a duplicate, a bare error, a message lost or sent twice).

    .venv/bin/python benchmarks/faults.py [--people 150] [--at-once 16] [--down 3]
"""

import argparse
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.faults import harness  # noqa: E402
from tests.faults.people import run_people, tally  # noqa: E402


def people_run(cluster, servers, mail, options) -> bool:
    """People send reports while the mail server is down for its first seconds and
    PostgreSQL restarts once a fifth of them are done."""
    url = cluster.url("sosafe")
    downtime = []
    mail.stop()
    mail_back = threading.Timer(options.mail_down, mail.start)
    mail_back.start()
    started = time.monotonic()
    try:
        outcomes = run_people([s.base for s in servers], options.people, options.at_once,
                              options.pause, during=lambda: downtime.append(
                                  cluster.restart(options.down)),
                              during_after=max(1, options.people // 5))
    finally:
        mail_back.join()
    elapsed = time.monotonic() - started
    result = tally(outcomes, harness.stored_reports(url), harness.incomplete_reports(url))
    print(f"== {options.people} people, {options.at_once} at once, 2 servers (2 workers, "
          f"4 threads each); PostgreSQL down {downtime[0]:.1f} s (stop, {options.down} s "
          f"down, start); a failed page tried again after {options.pause} s, 3 tries")
    for line in result.lines():
        print("  " + line)
    print(f"  elapsed:                     {elapsed:.1f} s")
    return not (result.gave_up or result.stored_unconfirmed or result.duplicates
                or result.unfriendly or result.broken_reports
                or result.confirmed != options.people)


def mail_check(cluster, mail, senders, options) -> bool:
    url = cluster.url("sosafe")
    expected = harness.outbox_expected(url)
    harness.wait_for_outbox_sent(url, len(expected), senders)
    time.sleep(3)  # a second copy would arrive in this time
    received = Counter(mail.received)
    twice = {key: n for key, n in received.items() if n > 1}
    lost = set(expected) - set(received)
    print(f"== mail: down for the first {options.mail_down} s, {len(senders)} senders, "
          "through the database restart")
    print(f"  messages in the outbox:      {len(expected)} {harness.outbox_counts(url)}")
    print(f"  received:                    {sum(received.values())}, "
          f"{len(received)} different")
    print(f"  lost / sent twice:           {len(lost)} / {len(twice)}")
    print(f"  senders still running:       {sum(s.running() for s in senders)} of "
          f"{len(senders)}")
    return not lost and not twice and all(s.running() for s in senders)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=150)
    parser.add_argument("--at-once", type=int, default=16)
    parser.add_argument("--down", type=float, default=3.0, help="seconds PostgreSQL is down")
    parser.add_argument("--pause", type=float, default=2.5,
                        help="seconds a person waits before trying a failed page again")
    parser.add_argument("--mail-down", type=float, default=15.0)
    options = parser.parse_args()
    reason = harness.missing()
    if reason:
        print(f"cannot run: {reason}")
        return 2

    cluster = harness.PostgresCluster().init()
    redis = harness.RedisServer()
    mail = harness.MailSink()
    mail.start()
    logs = Path(tempfile.mkdtemp(prefix="sosafe-faults-logs-"))
    servers, senders = [], []
    try:
        env = harness.app_environment(cluster.new_database("sosafe"), redis.url, mail.port)
        harness.prepare_database(env)
        servers = [harness.AppServer(env, logs / f"app-server-{n}.log") for n in (1, 2)]
        senders = [harness.OutboxSender(env, logs / f"sender-{n}.log") for n in (1, 2)]
        ok = people_run(cluster, servers, mail, options)
        ok = mail_check(cluster, mail, senders, options) and ok
        print(f"logs: {logs}")
    finally:
        for process in [*senders, *servers]:
            process.stop()
        mail.stop()
        redis.stop()
        cluster.destroy()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
