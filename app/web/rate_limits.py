"""The rate limiter, bound to the app in create_app. Views set their limits with its
decorators; the key is a daily-rotating hash of the client, never its address
(app/web/privacy.py).

``photo_uploads`` is one bucket for every request that sends photos, wherever it is sent
(a report's photos page, additions at follow-up): decoding pictures is the most costly
thing a stranger can ask of the site (app/core/photos.py). Requests that send none (moving
on without a photo, removing one) are not counted.
"""

from flask import current_app, request
from flask_limiter import Limiter

from app.web.privacy import rate_limit_key

limiter = Limiter(key_func=rate_limit_key, default_limits=[])


def no_photos_sent() -> bool:
    return not any(upload.filename for _, upload in request.files.items(multi=True))


photo_uploads = limiter.shared_limit(
    lambda: current_app.config["PHOTO_UPLOAD_LIMIT"], scope="photo-uploads",
    methods=["POST"], exempt_when=no_photos_sent)
