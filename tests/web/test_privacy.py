import logging

from app.web.privacy import ClientAddressFilter, rate_limit_key


def test_development_server_log_lines_lose_the_client_address():
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1,
                               '%s - - [26/Nov/2026 10:00:00] "%s" 200 -',
                               ("203.0.113.9", "GET /report HTTP/1.1"), None)
    ClientAddressFilter().filter(record)
    assert "203.0.113.9" not in record.getMessage()
    assert "GET /report" in record.getMessage()


def test_rate_limit_key_is_not_the_address(app):
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "203.0.113.9"}):
        key = rate_limit_key()
    assert "203.0.113.9" not in key and len(key) == 32
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "203.0.113.10"}):
        assert rate_limit_key() != key
