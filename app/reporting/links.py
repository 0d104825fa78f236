"""The addresses our emails point to. Emails carry a link, never report content, so these
are the only way from a message to a report: staff to the inbox, reporters to follow-up.
``site_url`` is the SITE_URL setting, passed in by the caller."""


def staff_report_link(site_url: str, reference: str) -> str:
    """Where a team reads the report in the partner inbox."""
    return f"{site_url.rstrip('/')}/staff/reports/{reference}"


def follow_up_link(site_url: str) -> str:
    """Where a reporter opens their report with its reference and receipt code."""
    return f"{site_url.rstrip('/')}/follow-up"
