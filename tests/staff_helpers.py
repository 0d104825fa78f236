"""Signing in with the test client, and posting a report page's forms. The fixtures
``people`` and ``signed_in`` (tests/conftest.py) use these."""

from bs4 import BeautifulSoup

from tests.factories import PASSWORD

ASB = "asb.officer@example.org"
ASB_COLLEAGUE = "asb.colleague@example.org"
SADA = "sada.worker@example.org"
ADMIN = "partnership.manager@example.org"
COMMS = "comms.officer@example.org"


def _hidden_inputs(html: str, selector: str = "main form") -> dict:
    form = BeautifulSoup(html, "html.parser").select_one(selector)
    assert form is not None, f"no {selector!r} on the page"
    return {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}


def sign_in(client, email: str, password: str = PASSWORD, follow: bool = False):
    data = _hidden_inputs(client.get("/staff/login").get_data(as_text=True))
    data |= {"email": email, "password": password}
    return client.post("/staff/login", data=data, follow_redirects=follow)


def post_form(client, url: str, form_action: str, fields: dict, follow: bool = False):
    """GET ``url``, find the form posting to ``form_action``, post it with ``fields``."""
    data = _hidden_inputs(client.get(url).get_data(as_text=True),
                          f'form[action="{form_action}"]')
    return client.post(form_action, data=data | fields, follow_redirects=follow)

