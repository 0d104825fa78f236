"""Invitation links: used once, within their time, and never stored as they are."""

from datetime import timedelta

import pytest

from app.core import clock
from app.staff import invitations
from app.staff.accounts import AccountRules, StaffAccountError, by_email
from tests.staff_helpers import ADMIN

RULES = AccountRules(argon2_time_cost=1, argon2_memory_cost=8)


def test_a_link_expires_and_works_once(people):
    sent = []

    def link_for(secret: str) -> str:
        sent.append(secret)
        return f"https://example.org/staff/welcome/{secret}"

    with people.app_context():
        admin = by_email(ADMIN)
        staff = invitations.invite("new@example.org", "sbc-asb", "officer", by=admin,
                                   link_for=link_for, rules=RULES)
        secret = sent[0]
        assert staff.sign_in_link_hash != secret
        assert invitations.by_link(secret) is staff
        later = clock.current_time() + timedelta(hours=invitations.LINK_VALID_HOURS, seconds=1)
        assert invitations.by_link(secret, later) is None
        assert invitations.by_link("x" * 500) is None
        invitations.send_new_link(staff, by=admin, link_for=link_for)
        assert invitations.by_link(secret) is None and invitations.by_link(sent[1]) is staff
        with pytest.raises(StaffAccountError, match="at least 12"):
            invitations.accept(staff, "short", rules=RULES)
        invitations.accept(staff, "correct horse battery staple", rules=RULES)
        assert invitations.by_link(sent[1]) is None
        with pytest.raises(StaffAccountError, match="your own role"):
            invitations.change_role(admin, "officer", by=admin)
        with pytest.raises(StaffAccountError, match="role must be one of"):
            invitations.change_role(staff, "emperor", by=admin)
