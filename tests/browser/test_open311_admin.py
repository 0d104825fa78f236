"""The Open311 admin pages in a phone-sized browser, with axe-core on each page and each
error state: issuing a key (and the one time it is shown), a refused name, revoking, and a
team's case system with a wrong address."""

import pytest

from tests.browser.test_staff import load_after, sign_in
from tests.staff_helpers import ADMIN

pytestmark = pytest.mark.browser


def test_keys_and_case_systems_at_phone_size(people, phone, assert_accessible):
    sign_in(phone, ADMIN)
    phone.goto("/staff/admin/open311")
    assert phone.locator("h1").inner_text() == "Open311 keys and case systems"
    assert_accessible(phone, "Open311 keys, none issued")

    load_after(phone.get_by_role("button", name="Issue the key"))
    assert phone.title().startswith("Error:")
    assert_accessible(phone, "issuing a key without a name")

    phone.get_by_label("Which system will use the key?").fill("REACT adapter")
    phone.get_by_label("Whose reports may it read?").select_option("sbc-asb")
    load_after(phone.get_by_role("button", name="Issue the key"))
    key = phone.locator("#new-key").inner_text()
    assert key.startswith("sos311_")
    assert_accessible(phone, "a key shown once")

    load_after(phone.get_by_role("button", name="Revoke the key for REACT adapter"))
    assert key not in phone.content()
    assert_accessible(phone, "a revoked key")

    load_after(phone.get_by_role("link", name="Change the case system of Anti-social "
                                 "Behaviour team (Stevenage Borough Council)"))
    assert_accessible(phone, "a team's case system")
    phone.get_by_label("The case system's Open311 address").fill("react.example.org")
    load_after(phone.get_by_role("button", name="Save"))
    assert phone.title().startswith("Error:")
    assert_accessible(phone, "a team's case system with a wrong address")
    phone.get_by_label("The case system's Open311 address").fill(
        "https://react.example.org/open311/v2")
    load_after(phone.get_by_role("button", name="Save"))
    assert "https://react.example.org/open311/v2" in phone.locator("main").inner_text()
    assert_accessible(phone, "a team with a case system")
    assert phone.third_party_requests == []
