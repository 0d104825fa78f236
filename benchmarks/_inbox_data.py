"""Many reports at once for benchmarks/front_load.py, made by PostgreSQL itself
(generate_series), and a member of staff signed in over HTTP.

The mix is a busy partnership's after a few years: reports spread over three years, most
of them closed, 5 % still new and 5 % being worked, a third of each kind, one route each
(spread over the teams that take reports) and one in ten also routed to the police.
"""

import re

import httpx
import psycopg

TEAMS_TAKING_REPORTS = ("sbc-asb", "sbc-neighbourhoods", "sbc-sada", "herts-police-stevenage")

REPORTS = """
INSERT INTO report (reference, receipt_hash, kind, counts_as_asb, risk, priority, answers,
                    area, anonymous, wants_updates_by_email, status, created_at, updated_at)
SELECT 'BN' || lpad(g::text, 7, '0'), 'not-a-real-hash',
       (ARRAY['asb', 'hate', 'stalking'])[1 + g % 3], g % 3 = 0,
       (ARRAY['standard', 'standard', 'medium', 'high'])[1 + g % 4],
       (ARRAY['standard', 'standard', 'medium', 'high'])[1 + g % 4],
       json_build_object('what_happened', 'Benchmark report ' || g, 'where', 'Near the shops'),
       (ARRAY['Bedwell', 'Old Town', 'Shephall', 'Chells', 'Pin Green'])[1 + g % 5],
       true, false,
       CASE WHEN (g / 4) % 20 = 0 THEN 'new' WHEN (g / 4) % 20 = 1 THEN 'in_progress'
            ELSE 'closed' END,
       now() - make_interval(mins => (g * 15) % (3 * 365 * 24 * 60)),
       now() - make_interval(mins => (g * 15) % (3 * 365 * 24 * 60))
FROM generate_series(1, %(count)s) AS g
"""
ROUTES = """
INSERT INTO report_route (report_id, team_id, rule_id, active, read_only, created_at)
SELECT report.id, team.id, 'benchmark', true, false, report.created_at
FROM report JOIN team ON team.slug = (%(teams)s::text[])[1 + report.id %% %(spread)s]
UNION ALL
SELECT report.id, team.id, 'benchmark', true, false, report.created_at
FROM report JOIN team ON team.slug = 'herts-police-stevenage'
WHERE report.id %% 10 = 1 AND (%(teams)s::text[])[1 + report.id %% %(spread)s] <> team.slug
"""
NEW_FOR_TEAM = """
SELECT report.reference FROM report JOIN report_route ON report_route.report_id = report.id
JOIN team ON team.id = report_route.team_id
WHERE team.slug = %(team)s AND report.status = 'new' ORDER BY report.id LIMIT 1
"""


def fill(database_url: str, count: int) -> dict[str, str]:
    """Make ``count`` reports; returns a new report's reference for each team."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        with connection.transaction():
            connection.execute(REPORTS.replace("%(count)s", str(int(count))))
            connection.execute(
                ROUTES, {"teams": list(TEAMS_TAKING_REPORTS), "spread": len(TEAMS_TAKING_REPORTS)}
            )
        # What autovacuum would soon do on a server: statistics, and the visibility map
        # that lets PostgreSQL answer from an index alone.
        connection.execute("VACUUM ANALYZE report")
        connection.execute("VACUUM ANALYZE report_route")
        return {
            team: connection.execute(NEW_FOR_TEAM, {"team": team}).fetchone()[0]
            for team in TEAMS_TAKING_REPORTS
        }


def signed_in_client(base: str, email: str, password: str) -> httpx.Client:
    """An HTTP client signed in at /staff/login with a password (teams without codes)."""
    client = httpx.Client(base_url=base, timeout=60)
    form = client.get("/staff/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form) or re.search(
        r'name="csrf_token" value="([^"]+)"', form
    )
    answer = client.post(
        "/staff/login", data={"csrf_token": token.group(1), "email": email, "password": password}
    )
    if answer.status_code != 302:
        raise RuntimeError(f"{email} could not sign in ({answer.status_code})")
    return client
