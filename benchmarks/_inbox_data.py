"""Many reports at once for benchmarks/front_load.py, made by PostgreSQL itself
(generate_series), and a member of staff signed in over HTTP.

The mix is a busy partnership's after a few years: reports spread over three years, most
of them closed, 5 % still new and 5 % being worked, a third of each kind, one route each
(spread over the teams that take reports) and one in ten also routed to the police.
Case work on top: a third of the open reports reviewed (a sixth twice, some reviews past
their date), one report in a hundred a Case Review request naming two earlier reports,
and one in fifty with a three-entry diary.
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
REVIEWS = """
INSERT INTO risk_review (report_id, level_before, level, answers, reason, staff_id,
                         created_at, next_review_on)
SELECT report.id, report.risk, coalesce(report.risk, 'standard'), '{}', 'Benchmark review',
       %(staff)s, report.created_at + make_interval(days => look),
       (report.created_at + make_interval(days => look + 14 + report.id %% 20))::date
FROM report CROSS JOIN (VALUES (2), (9)) AS looks(look)
WHERE report.status <> 'closed' AND report.id %% 3 = 0 AND (look = 2 OR report.id %% 6 = 0)
"""
CASE_REVIEWS = """
UPDATE report SET kind = 'case_review', counts_as_asb = false, area = NULL,
       answers = json_build_object('earlier_references', json_build_array(
           json_build_object('reference', 'BN' || lpad((id - 4)::text, 7, '0')),
           json_build_object('reference', 'BN' || lpad((id - 8)::text, 7, '0'))))
WHERE id % 100 = 9 AND id > 8
"""
NAMED = """
INSERT INTO earlier_reference (report_id, reference)
SELECT id, 'BN' || lpad((id - back)::text, 7, '0')
FROM report CROSS JOIN (VALUES (4), (8)) AS backs(back) WHERE kind = 'case_review'
"""
DIARY = """
INSERT INTO diary_entry (report_id, happened_on, what_happened, photo_ids, created_at)
SELECT report.id, (report.created_at + make_interval(days => entry))::date,
       'Benchmark diary entry ' || entry, '[]', report.created_at + make_interval(days => entry)
FROM report CROSS JOIN generate_series(1, 3) AS entry WHERE report.id % 50 = 3
"""
NEW_FOR_TEAM = """
SELECT report.reference FROM report JOIN report_route ON report_route.report_id = report.id
JOIN team ON team.id = report_route.team_id
WHERE team.slug = %(team)s AND report.status = 'new' ORDER BY report.id LIMIT 1
"""


def fill(database_url: str, count: int, reviewer_email: str) -> dict[str, str]:
    """Make ``count`` reports with their case work (the reviews by ``reviewer_email``, a
    member of staff who must exist); returns a new report's reference for each team."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        with connection.transaction():
            connection.execute(REPORTS.replace("%(count)s", str(int(count))))
            connection.execute(
                ROUTES, {"teams": list(TEAMS_TAKING_REPORTS), "spread": len(TEAMS_TAKING_REPORTS)}
            )
            staff = connection.execute(
                "SELECT id FROM staff_user WHERE email = %(email)s", {"email": reviewer_email}
            ).fetchone()[0]
            connection.execute(REVIEWS, {"staff": staff})
            for statement in (CASE_REVIEWS, NAMED, DIARY):
                connection.execute(statement)
        # What autovacuum would soon do on a server: statistics, and the visibility map
        # that lets PostgreSQL answer from an index alone.
        for table in ("report", "report_route", "risk_review", "earlier_reference",
                      "diary_entry"):
            connection.execute(f"VACUUM ANALYZE {table}")
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
