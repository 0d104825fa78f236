"""Walking a report journey with the test client, the way a person would: read each page,
post its form back with the CSRF token from the page, follow the redirect."""

import io
from urllib.parse import urlsplit

from PIL import ExifTags, Image

from tests.conftest import Page

JOURNEY_URLS = {"asb": "anti-social-behaviour", "hate": "hate-crime",
                "stalking": "stalking-or-harassment", "case_review": "case-review"}

# Answers that take each journey straight through, by page.
ASB_THREATS = {
    "danger-now": {"danger_now": "no"},
    "what-is-happening": {"asb_what": "threats"},
    "happened-before": {"repeat": "often"},
    "how-it-affects-you": {"effects": ["unsafe_at_home", "sleep"]},
    "where": {"where": "Outside the shops on Marshgate", "area": "town-centre"},
    "when": {"when_kind": "date", "when_date": ["3", "11", "2026"], "when_time": "9pm"},
    "what-happened": {"description": "A group shouted threats at my door again.",
                      "people": "Three teenagers, one in a red coat"},
    "photos": {},
    "contact": {"contact_wanted": "no"},
}
COMMON_END = {key: ASB_THREATS[key] for key in
              ("where", "when", "what-happened", "photos", "contact")}
HATE = {
    "danger-now": {"danger_now": "no"},
    "who-it-happened-to": {"hate_for": "victim"},
    "why-it-happened": {"hate_strands": ["religion"]},
    "online-or-in-person": {"hate_online": "in_person"},
    "asylum-housing": {"near_asylum_accommodation": "no"},
    **COMMON_END,
}
STALKING = {
    "danger-now": {"danger_now": "no"},
    "who-it-is-happening-to": {"stalking_for": "me"},
    "who-is-doing-it": {"relationship": "stranger"},
    "what-they-are-doing": {"behaviours": ["following", "messages"]},
    **COMMON_END,
}
JOURNEY_ANSWERS = {"asb": ASB_THREATS, "hate": HATE, "stalking": STALKING}

# The page's Continue link (Exit this page is a link styled as a button too).
CONTINUE_LINK = "main a.govuk-button:not(.govuk-exit-this-page__button)"


def path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Reporter:
    """A person going through the report pages with the Flask test client."""

    def __init__(self, client, **request_kwargs):
        self.client = client
        self.kwargs = request_kwargs
        self.url = None
        self.page = None

    def get(self, url: str) -> Page:
        response = self.client.get(url, **self.kwargs)
        while response.status_code in (301, 302, 303):
            url = path(response.headers["Location"])
            response = self.client.get(url, **self.kwargs)
        self.url, self.page = url, Page(response)
        return self.page

    def start(self, kind: str) -> Page:
        self.get(f"/report/{JOURNEY_URLS[kind]}")
        button = self.page.soup.select_one(CONTINUE_LINK)
        return self.get(button["href"])

    @property
    def step(self) -> str:
        return urlsplit(self.url).path.rsplit("/", 1)[1]

    def token(self) -> str:
        return self.page.soup.select_one("input[name=csrf_token]")["value"]

    def post(self, data: dict, url: str | None = None, **kwargs):
        response = self.client.post(url or self.url, data={"csrf_token": self.token(), **data},
                                    **self.kwargs, **kwargs)
        if response.status_code in (301, 302, 303):
            self.get(path(response.headers["Location"]))
        else:
            self.page = Page(response)
        return response

    def answer(self, data: dict, **kwargs):
        """Answer the current page; the next page must follow (no error)."""
        before = self.url
        response = self.post(data, **kwargs)
        assert response.status_code == 302, (
            f"{before}: {response.status_code} {self.page.soup.select('.govuk-error-summary')}")
        return response

    def continue_info(self):
        """An information page: follow its Continue button."""
        return self.get(self.page.soup.select_one(CONTINUE_LINK)["href"])

    def walk(self, answers: dict, until: str = "check-your-answers", on_page=None):
        """Answer pages from ``answers`` (by page) until reaching ``until``, calling
        ``on_page(page, step)`` on each page before it is answered."""
        for _ in range(30):
            if on_page:
                on_page(self.page, self.step)
            if self.step == until:
                return self.page
            if self.step in answers:
                self.answer(answers[self.step])
            elif not self.page.soup.select("form input[name=csrf_token]"):
                self.continue_info()
            else:
                raise AssertionError(f"no answer for {self.step}")
        raise AssertionError("journey did not end")

    def send(self, **kwargs):
        assert self.step == "check-your-answers"
        return self.post({}, **kwargs)


def make_jpeg(gps: bool = True, size=(64, 48), marker: str = "MarkerPhoneMaker") -> bytes:
    """A JPEG a phone might send: camera make, orientation, GPS position and a comment."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = marker
    exif[ExifTags.Base.Orientation] = 6
    if gps:
        position = exif.get_ifd(ExifTags.IFD.GPSInfo)
        position[ExifTags.GPS.GPSLatitudeRef] = "N"
        position[ExifTags.GPS.GPSLatitude] = (51.0, 54.0, 12.5)
        position[ExifTags.GPS.GPSLongitudeRef] = "W"
        position[ExifTags.GPS.GPSLongitude] = (0.0, 12.0, 3.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=marker.encode())
    return out.getvalue()


def jpeg_file(**kwargs) -> io.BytesIO:
    """A fresh upload of a GPS-tagged JPEG."""
    return io.BytesIO(make_jpeg(**kwargs))
