"""The four checks before publishing (app/pages/accessibility.py), on page text rendered
by the same renderer readers get, and the readability measures the editor shows
(app/pages/readability.py)."""

import pytest

from app.pages import accessibility, readability, rendering


def findings(markdown: str) -> list[tuple[str, str]]:
    return [(f.check, f.message) for f in accessibility.check(rendering.render(markdown))]


def checks(markdown: str) -> list[str]:
    return [check for check, _ in findings(markdown)]


def test_well_written_text_has_nothing_to_fix():
    assert (
        findings(
            "## Night buses\n\n### Stops\n\n"
            "[Report anti-social behaviour](/report) or ![A lit path](/media/1.jpg)\n\n"
            "## Help\n"
        )
        == []
    )


def test_an_image_without_a_description():
    [(check, message)] = findings("Look: ![](/media/7.jpg)")
    assert check == "image-alt"
    assert "/media/7.jpg has no description" in message
    assert "![What the picture shows](/media/7.jpg)" in message


@pytest.mark.parametrize(
    "words", ["click here", "Click here!", "here", "Read more", "click here to apply"]
)
def test_links_whose_words_do_not_say_where_they_go(words):
    [(check, message)] = findings(f"To apply [{words}](/report).")
    assert check == "vague-link"
    assert f"\u201c{words}\u201d does not say where it goes" in message


def test_a_link_with_no_words():
    assert checks("[](/report) and [ ](https://www.gov.uk)") == ["empty-link", "empty-link"]
    assert checks("[![A lit path](/media/1.jpg)](/report)") == []  # the picture names it


def test_skipped_heading_levels_from_the_title_down():
    found = findings("#### Straight to four\n\n## Two\n\n### Three\n\n## Back\n\n#### Four\n")
    assert [c for c, _ in found] == ["heading-order", "heading-order"]
    assert "\u201cStraight to four\u201d is level 4 straight after level 1" in found[0][1]
    assert "Use ## for a level 2 heading" in found[0][1]
    assert "\u201cFour\u201d is level 4 straight after level 2" in found[1][1]


def test_all_four_together_in_reading_order():
    assert checks("![](/media/2.jpg)\n\n#### Late\n\n[click here](/x) [](/y)") == [
        "image-alt",
        "vague-link",
        "empty-link",
        "heading-order",
    ]


def test_reading_age_and_time():
    easy = readability.measure(
        "Safer Routes", "Walk home safely.", rendering.render("We put in new lights. " * 60)
    )
    assert easy.easy_enough and easy.reading_age <= 9
    assert easy.minutes == 1
    long = (
        "Multi-agency safeguarding considerations necessitate comprehensive "
        "interdisciplinary information-sharing arrangements between organisations " * 4
    )
    hard = readability.measure(
        "Partnership",
        "",
        rendering.render(
            long.strip() + ".\n\n" + "Institutional accountability mechanisms. " * 150
        ),
    )
    assert not hard.easy_enough
    assert len(hard.long_sentences) == 1
    assert hard.reading_age > easy.reading_age
    assert hard.minutes >= 2
    assert readability.measure("", " ", "") is None


def test_the_site_rule_is_the_one_the_public_pages_are_held_to():
    assert (readability.MIN_READING_EASE, readability.MAX_SENTENCE_WORDS) == (60, 30)
    assert readability.sentences(["One. Two!", "A heading"]) == ["One.", "Two!", "A heading."]
