"""Reports a reporter can open at /follow-up (a known receipt code), and opening them with
the test client, for the case-work tests."""

from app.extensions import db
from app.reporting.receipts import hash_receipt
from tests import factories
from tests.reporting_helpers import Reporter

RECEIPT = "TRW4HE-CYP93M-XK7DAQ"


def followable(reference: str, *teams: str, **fields):
    """A report made with ``factories.report`` that opens with RECEIPT. In an app context."""
    report = factories.report(*teams, reference=reference, **fields)
    report.receipt_hash = hash_receipt(RECEIPT)
    db.session.commit()
    return report


def open_at_follow_up(client, reference: str) -> Reporter:
    reporter = Reporter(client)
    reporter.get("/follow-up")
    response = reporter.post({"reference": reference, "receipt": RECEIPT})
    assert response.status_code == 302, reporter.page.text()
    return reporter
