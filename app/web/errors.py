"""Friendly error pages: plain English, a way home, the emergency numbers, never a trace."""

from flask import Flask, Response, current_app, g, render_template, request
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.core import database
from app.core.database import CONNECTION_ERRORS
from app.web.retry import rollback
from app.web.site_alert import without_database

ERROR_PAGES = {
    400: ("There is a problem with your request", "Something about the request did not "
          "look right. Go back and try again."),
    403: ("You cannot see this page", "You do not have permission to see this page."),
    404: ("Page not found", "If you typed the web address, check it is correct. If you "
          "pasted the web address, check you copied the entire address."),
    405: ("This page cannot do that", "Go back to the page you were on and try again."),
    413: ("What you sent is too big", "Photos can be up to 5 MB each, and up to 5 photos. "
          "Go back, remove or shrink a photo, and send again."),
    429: ("Too many attempts", "You have tried this too many times in a short time. Wait a "
          "few minutes and try again."),
    500: ("Sorry, there is a problem with the service", "Try again later. If you were "
          "sending a report and did not see a reference number, go back and send it again: "
          "it will not be sent twice."),
    503: ("Sorry, the service is unavailable for a moment", "Wait a minute, then try again. "
          "Answers you have saved are kept. If you were sending a report and did not see a "
          "reference number, go back and send it again: it will not be sent twice."),
}
# Seconds a client is asked to wait when the database is unreachable.
RETRY_AFTER_SECONDS = 60


def render_error(code: int):
    """The page for ``code``. It never queries the database (the banner is the one last
    read), so it renders whole while the database is away."""
    title, message = ERROR_PAGES.get(code, ERROR_PAGES[500])
    without_database()
    if request_ctx.url_adapter is None:
        # The request named a host the site does not answer to, so no link can be built
        # for the page template: answer in plain text.
        return Response(f"{title}. {message}\n", code, mimetype="text/plain")
    return render_template("errors/error.html", code=code, title=title, message=message), code


def handle_http_exception(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    return render_error(error.code if error.code in ERROR_PAGES else 500)


def handle_csrf_error(error: CSRFError):
    """Re-show the form with what the person typed, instead of throwing it away.

    Views that opt in with ``keeps_answers_on_csrf_failure`` are called again: their
    FlaskForm sees the same POSTed data, fails its own CSRF check (so nothing is acted on)
    and renders the page with the answers and a message from the error summary.
    """
    view = current_app.view_functions.get(request.endpoint or "")
    if view is not None and getattr(view, "keeps_answers_on_csrf_failure", False):
        g.csrf_failed = True
        try:
            return current_app.ensure_sync(view)(**(request.view_args or {}))
        except HTTPException as raised:
            # An exception raised inside an error handler is not handled again, so a
            # view's own abort (a rate limit, say) would otherwise become a 500.
            return handle_http_exception(raised)
    return render_error(400)


def handle_unexpected_error(error: Exception):
    current_app.logger.exception("Unhandled error on %s", request.endpoint)
    return render_error(500)


def handle_database_unreachable(error: Exception):
    """A connection to the database failed (after app/web/retry.py tried again where it
    could): the friendly 503, asking the person to try again in a minute."""
    rollback()
    current_app.logger.error("Database unreachable on %s: %s", request.endpoint,
                             database.cause(error))
    response = current_app.make_response(render_error(503))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def keeps_answers_on_csrf_failure(view):
    view.keeps_answers_on_csrf_failure = True
    return view


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(InternalServerError, handle_http_exception)
    for error_class in CONNECTION_ERRORS:
        app.register_error_handler(error_class, handle_database_unreachable)
    app.register_error_handler(Exception, handle_unexpected_error)
