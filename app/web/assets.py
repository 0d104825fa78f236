"""Fingerprinted static assets built by ``npm run build`` (scripts/build_assets.mjs).

The build writes app/static/dist/manifest.json mapping logical names ("public.css") to
fingerprinted files ("public-1a2b3c4d.css"); templates call ``asset_url("public.css")``.
Each area of the site has its own stylesheet and script: public (pages to read), report
(the report and follow-up forms) and staff.
Fingerprinted files never change, so they are served with a year-long cache lifetime.
"""

import json
from pathlib import Path

from flask import Flask, current_app, url_for

ONE_YEAR = 365 * 24 * 60 * 60


def load_manifest(static_folder: str) -> dict[str, str]:
    path = Path(static_folder) / "dist" / "manifest.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text())


def asset_url(name: str) -> str:
    manifest = current_app.extensions["asset_manifest"]
    if name not in manifest:
        if current_app.config["ENVIRONMENT"] == "production":
            raise LookupError(f"{name} is not in the asset manifest: run `npm run build`")
        return url_for("static", filename=f"dist/{name}")
    return url_for("static", filename=f"dist/{manifest[name]}")


def init_app(app: Flask) -> None:
    app.extensions["asset_manifest"] = load_manifest(app.static_folder)
    app.jinja_env.globals["asset_url"] = asset_url

    def cache_fingerprinted(filename: str | None) -> int | None:
        if filename and filename.startswith("dist/") and filename != "dist/manifest.json":
            return ONE_YEAR
        return 3600

    app.get_send_file_max_age = cache_fingerprinted
