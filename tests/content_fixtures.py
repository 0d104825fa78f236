"""A small content directory of our own, so page and help-directory tests do not depend on
the partnership's real prose (which comms staff change)."""

import shutil
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"

VIDEO_ID = "AbCdEfGhIjK"

PAGES = {
    "winter-walk": """---
slug: winter-walk
title: Winter walk
summary: A walk against domestic abuse.
section: campaign
exit_this_page: true
home_order: 2
runs_from: 2026-11-25
runs_until: 2026-12-10
help_tags: [domestic-abuse]
---
## What happens

We walk from the **Old Town** to the station. Read [about us](/about).

| Day | Walkers |
|---|--:|
| Monday | 12 |
""",
    "film-night": f"""---
slug: film-night
title: Film night
summary: A short film about county lines.
section: campaign
home_order: 1
help_tags: [exploitation]
video:
  youtube_id: {VIDEO_ID}
  title: The Film
  duration: 12 minutes
  still: the-orphan-still.jpg
---
## About the film

It is about [county lines](https://www.example.org/county-lines).
""",
    "film-later": """---
slug: film-later
title: Film to come
summary: A film whose video is not confirmed yet.
section: campaign
video:
  youtube_id: TO-BE-CONFIRMED
  title: The Film
  duration: to be confirmed
  still: the-orphan-still.jpg
---
The film will be here.
""",
    "next-year": """---
slug: next-year
title: Next year
summary: Not published yet.
section: campaign
home_order: 3
publish_from: 2999-01-01
---
Secret plans.
""",
    "last-year": """---
slug: last-year
title: Last year
summary: No longer published.
section: campaign
publish_until: 2001-01-01
---
Old news.
""",
    "domestic-abuse": """---
slug: domestic-abuse
title: Domestic abuse
summary: Get help from SADA.
section: help
exit_this_page: true
help_tags: [domestic-abuse]
---
## Get help in Stevenage

Call SADA on [01438 242666](tel:01438242666).
""",
    "staying-safe-online": """---
slug: staying-safe-online
title: Staying safe online
summary: Cover your tracks.
section: help
---
## Private browsing

It does not hide everything.
""",
}
for _slug, _title in (("about", "About us"), ("privacy", "Privacy notice"),
                      ("accessibility", "Accessibility statement"), ("cookies", "Cookies")):
    PAGES[_slug] = f"""---
slug: {_slug}
title: {_title}
summary: The {_title.lower()} page.
section: info
---
## {_title} in detail

Words about {_title.lower()}.
"""

HELP_SERVICES = """services:
  - slug: sada
    name: SADA (Survivors Against Domestic Abuse)
    what: The council's domestic abuse service.
    phone: "01438 242666"
    web: https://www.stevenage.gov.uk/sada
    who_for: People affected by domestic abuse.
    tags: [domestic-abuse, victims]
    order: 1
    source: docs/sources.md §5
    status: verified
  - slug: report-fraud
    name: Report Fraud
    what: Report fraud and cybercrime.
    phone: "0300 123 2040"
    web: https://reportfraud.police.uk
    hours: Monday to Friday 8am to 8pm
    free: true
    tags: [fraud]
    order: 2
    source: docs/sources.md §5
    status: verified
  - slug: scam-texts
    name: Report a scam text
    what: Forward a scam text.
    text: "7726"
    email: report@phishing.gov.uk
    tags: [fraud]
    order: 3
    source: docs/sources.md §5
    status: verified
  - slug: unconfirmed-line
    name: Unconfirmed helpline
    what: A helpline whose area is not confirmed.
    phone: "0800 000 0000"
    tags: [hate]
    order: 4
    source: nowhere yet
    status: to-be-confirmed
"""

PARTNERS = """partners:
  - slug: sbc
    name: Stevenage Borough Council
    description: The local council.
    web: https://www.stevenage.gov.uk
  - slug: local-schools
    name: Local schools
    description: Schools in Stevenage.
"""


def write_fixture_content(directory: Path) -> Path:
    """Fill ``directory`` with teams, routing rules, risk scoring, case work targets and the
    meeting's table (the real files), partners, help services and pages."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("teams.yaml", "routing.yaml", "risk.yaml", "casework.yaml",
                 "meeting_table.yaml"):
        shutil.copy(CONTENT_DIR / name, directory / name)
    (directory / "partners.yaml").write_text(PARTNERS)
    (directory / "help_services.yaml").write_text(HELP_SERVICES)
    pages = directory / "pages"
    pages.mkdir(exist_ok=True)
    for slug, text in PAGES.items():
        (pages / f"{slug}.md").write_text(text)
    return directory
