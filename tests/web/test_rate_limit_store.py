"""Rate limits while their shared store is away: pages keep working and limits still hold,
counted by each worker on its own until the store is back."""

import re
import socket

from app import create_app
from app.extensions import db

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_with_redis_unreachable_limited_pages_work_and_limits_still_hold(database_url):
    app = create_app({"ENVIRONMENT": "testing", "SQLALCHEMY_DATABASE_URI": database_url,
                      "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{unused_port()}/0",
                      "FOLLOW_UP_LIMIT": "3 per 10 minutes"})
    with app.app_context():
        db.create_all()
    client = app.test_client()
    token = TOKEN.search(client.get("/follow-up").get_data(as_text=True)).group(1)
    statuses = [client.post("/follow-up", data={"csrf_token": token, "reference": "ACDE-FGHJ",
                                                "receipt": "ACDEFG-HJKMNP-QRTWXY"}).status_code
                for _ in range(4)]
    assert statuses == [400, 400, 400, 429]
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
