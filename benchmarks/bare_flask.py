"""The ceiling for benchmarks/front_load.py: a bare Flask view that returns a page's bytes.

No database, no template, no hooks: what a WSGI server can do with Flask and nothing else.
BARE_FLASK_BODY names the file whose bytes it returns (the Safer Routes page, as the app
serves it).
"""

import os
from pathlib import Path

from flask import Flask, Response

BODY = Path(os.environ["BARE_FLASK_BODY"]).read_bytes()
app = Flask(__name__)


@app.get("/<path:anything>")
def page(anything):
    return Response(BODY, content_type="text/html; charset=utf-8")
