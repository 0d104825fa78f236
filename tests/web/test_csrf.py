from tests.routes_catalogue import post_urls


def test_every_post_route_rejects_a_missing_csrf_token(seeded_app):
    client = seeded_app.test_client()
    for url in post_urls(seeded_app):
        response = client.post(url, data={"anything": "x"})
        assert response.status_code == 400, f"{url} accepted a POST without a CSRF token"


def test_a_csrf_failure_keeps_what_was_typed(app):
    """A view that opts in re-shows its form, with the answers, instead of a bare error."""
    from flask import render_template_string
    from flask_wtf import FlaskForm
    from wtforms import StringField

    from app.web.errors import keeps_answers_on_csrf_failure

    class NameForm(FlaskForm):
        name = StringField("Name")

    @keeps_answers_on_csrf_failure
    def form_view():
        form = NameForm()
        if form.validate_on_submit():
            return "acted on it"
        return render_template_string(
            "{{ form.csrf_token.errors|join }}|<input value='{{ form.name.data }}'>", form=form
        ), 400 if form.errors else 200

    app.add_url_rule("/_test/form", view_func=form_view, methods=["GET", "POST"])
    response = app.test_client().post("/_test/form", data={"name": "Typed by me"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "acted on it" not in body
    assert "value='Typed by me'" in body
    assert "CSRF" in body
