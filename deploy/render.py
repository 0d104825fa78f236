#!/usr/bin/env python3
"""Fill in a deploy/ template: every ``${NAME}`` becomes the value given for NAME.

The nginx site is kept as a template so that the file a server runs and the file the
production tests run are one file: only the host name, ports and paths differ. Only
``${UPPER_CASE}`` names are placeholders, so nginx's own ``$variables`` pass through. A
placeholder left without a value, or a value given for no placeholder, stops the render:
a half-filled config must never reach a server.

    python3 deploy/render.py deploy/nginx/sosafe.conf SITE_URL=https://sosafe.example.org \\
        > /etc/nginx/sites-available/sosafe

SITE_URL (the same value as in the app's environment file) gives SERVER_NAME and SITE_HOST;
every other value has a default for the layout the README describes. Standard library only,
so it runs with the server's own python3 before any virtual environment exists.
"""

import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")


def defaults(site_url: str) -> dict[str, str]:
    """The values for a server laid out as the README says, from the public address."""
    parts = urlsplit(site_url)
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError(f"SITE_URL must be an https:// address, not {site_url!r}")
    name = parts.hostname
    return {
        "SERVER_NAME": name,
        "SITE_HOST": parts.netloc,
        "HTTP_LISTEN": "80",
        "HTTPS_LISTEN": "443",
        "TLS_CERTIFICATE": f"/etc/letsencrypt/live/{name}/fullchain.pem",
        "TLS_CERTIFICATE_KEY": f"/etc/letsencrypt/live/{name}/privkey.pem",
        "ACME_ROOT": "/var/www/html",
        "APP_ROOT": "/srv/sosafe/app",
        "APP_ADDRESS": "127.0.0.1:8000",
        "LOG_DIR": "/var/log/nginx",
        "CACHE_DIR": "/var/cache/nginx/sosafe",
    }


def render(template: str, values: dict[str, str]) -> str:
    """The template with every placeholder filled; ValueError names what is missing."""
    wanted = set(PLACEHOLDER.findall(template))
    missing = sorted(wanted - values.keys())
    if missing:
        raise ValueError("no value for " + ", ".join(missing))
    unused = sorted(values.keys() - wanted)
    if unused:
        raise ValueError("the template has no placeholder for " + ", ".join(unused))
    for name, value in values.items():
        if any(ch in value for ch in ";{}\n\r") or not value.strip():
            raise ValueError(f"{name}={value!r} cannot go into a config file")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def parse_assignments(arguments: list[str]) -> dict[str, str]:
    values = {}
    for argument in arguments:
        name, equals, value = argument.partition("=")
        if not equals or not PLACEHOLDER.fullmatch("${" + name + "}"):
            raise ValueError(f"expected NAME=value, not {argument!r}")
        values[name] = value
    return values


def main(arguments: list[str]) -> int:
    if not arguments or arguments[0] in {"-h", "--help"}:
        print(__doc__.strip())
        return 0 if arguments else 2
    template, *assignments = arguments
    try:
        given = parse_assignments(assignments)
        if "SITE_URL" not in given:
            raise ValueError("SITE_URL=https://... is required")
        values = defaults(given.pop("SITE_URL")) | given
        sys.stdout.write(render(Path(template).read_text(), values))
    except (OSError, ValueError) as error:
        print(f"render: {template}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
