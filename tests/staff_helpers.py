"""Signing in with the test client, and posting a report page's forms."""

from tests.conftest import Page
from tests.factories import PASSWORD


def sign_in(client, email: str, password: str = PASSWORD, follow: bool = False):
    page = Page(client.get("/staff/login"))
    data = page.form_data() | {"email": email, "password": password}
    return client.post("/staff/login", data=data, follow_redirects=follow)


def post_form(client, url: str, form_action: str, fields: dict, follow: bool = False):
    """GET ``url``, find the form posting to ``form_action``, post it with ``fields``."""
    page = Page(client.get(url))
    form = page.soup.select_one(f'form[action="{form_action}"]')
    assert form is not None, f"no form posting to {form_action} on {url}"
    data = {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}
    return client.post(form_action, data=data | fields, follow_redirects=follow)
