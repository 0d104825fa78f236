"""Fixtures for the partnership's figures: a partnership manager, signed in."""

import pytest

from tests import factories
from tests.figures.helpers import MANAGER
from tests.staff_helpers import sign_in


@pytest.fixture
def manager(people):
    """A test client signed in as the partnership manager (role ``manager``)."""
    with people.app_context():
        factories.staff(MANAGER, "sbc-community-safety", role="manager")
    client = people.test_client()
    assert sign_in(client, MANAGER).status_code == 302
    return client
