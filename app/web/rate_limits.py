"""The rate limiter, bound to the app in create_app. Views set their limits with its
decorators; the key is a daily-rotating hash of the client, never its address
(app/web/privacy.py)."""

from flask_limiter import Limiter

from app.web.privacy import rate_limit_key

limiter = Limiter(key_func=rate_limit_key, default_limits=[])
