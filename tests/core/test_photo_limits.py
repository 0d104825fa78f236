"""Photos that are small files but huge pictures: refused from the header before anything
is decoded, and at most a few decoded at a time in a process, so four parallel uploads of
a 7000 x 7000 PNG cannot take a worker's memory.

The memory bound is measured, not timed: each case runs in a fresh Python process that
reports how far its peak resident memory grew (``VmHWM`` in /proc/self/status: unlike
``ru_maxrss`` it starts afresh at exec, not at the test runner's size), decoding the same
pictures one at a time and four in parallel threads.
"""

import io
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PIL import Image

from app.core import photos
from tests.photo_bombs import png_bomb
from tests.reporting_helpers import make_jpeg

ROOT = Path(__file__).resolve().parents[2]


def test_a_7000_pixel_square_png_is_refused_from_its_header(monkeypatch):
    bomb = png_bomb(7000, 7000)
    assert len(bomb) < 300_000
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("decoded"))
    with pytest.raises(photos.PhotoError) as refused:
        photos.clean(bomb, "street.png")
    assert str(refused.value) == (
        "street.png is too large a picture (7000 by 7000 pixels, 49 million). Choose one of "
        "no more than 25 million pixels, or a screenshot of it.")


def test_the_pixel_cap_is_a_setting():
    small = png_bomb(200, 100)
    assert photos.clean(small, rules=photos.DecodeRules(max_pixels=20_000)).width == 200
    with pytest.raises(photos.PhotoError, match="200 by 100 pixels"):
        photos.clean(small, rules=photos.DecodeRules(max_pixels=19_999))
    rules = photos.DecodeRules.from_config({"PHOTO_MAX_PIXELS": 7, "PHOTO_DECODES_AT_ONCE": 3,
                                            "PHOTO_DECODE_WAIT_SECONDS": 1.5})
    assert rules == photos.DecodeRules(7, 3, 1.5)


def test_a_big_camera_jpeg_is_decoded_at_a_reduced_scale_not_refused():
    big = io.BytesIO()
    Image.new("RGB", (8000, 6000), (10, 120, 10)).save(big, "JPEG", quality=30)
    cleaned = photos.clean(big.getvalue(), rules=photos.DecodeRules(max_pixels=13_000_000))
    assert (cleaned.width, cleaned.height) == (photos.MAX_SIDE, 1920)


def test_a_sideways_phone_photo_is_still_turned_upright():
    cleaned = photos.clean(make_jpeg(size=(64, 48)))  # EXIF orientation 6
    assert (cleaned.width, cleaned.height) == (48, 64)


def test_a_photo_that_waits_too_long_for_its_turn_is_refused_with_try_again():
    rules = photos.DecodeRules(at_once=1, wait_seconds=0.05)
    turn = rules.turn()
    assert turn.acquire(timeout=5)
    try:
        with pytest.raises(photos.PhotoError, match="Try again in a minute"):
            photos.clean(make_jpeg(), "The photo", rules)
    finally:
        turn.release()
    assert photos.clean(make_jpeg(), "The photo", rules).width == 48


def test_decodes_wait_their_turn():
    rules = photos.DecodeRules(max_pixels=10**9, at_once=2, wait_seconds=30)
    busiest, running, lock = [0], [0], threading.Lock()
    redraw = photos._redraw

    def counted(image):
        with lock:
            running[0] += 1
            busiest[0] = max(busiest[0], running[0])
        try:
            return redraw(image)
        finally:
            with lock:
                running[0] -= 1

    photos._redraw, picture = counted, png_bomb(1500, 1500)
    try:
        threads = [threading.Thread(target=photos.clean, args=(picture, "x", rules))
                   for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        photos._redraw = redraw
    assert busiest[0] <= 2


# --- memory, measured in a fresh process ------------------------------------------------------

MEASURE = """
import json, sys, threading
sys.path.insert(0, {root!r})
from app.core import photos
from tests.photo_bombs import png_bomb

picture = png_bomb({side}, {side}, rgba=True)
rules = photos.DecodeRules(max_pixels={max_pixels}, at_once={at_once}, wait_seconds=120)
def peak_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))

before = peak_kb()
outcomes = []

def upload():
    try:
        photos.clean(picture, "street.png", rules)
        outcomes.append("stored")
    except photos.PhotoError as error:
        outcomes.append(str(error))

threads = [threading.Thread(target=upload) for _ in range({uploads})]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
after = peak_kb()
print(json.dumps({{"grown_mb": (after - before) / 1024, "outcomes": outcomes}}))
"""


def peak_growth(side: int, uploads: int, at_once: int, max_pixels: int) -> dict:
    if not Path("/proc/self/status").exists():
        pytest.skip("needs Linux's /proc/self/status to read peak memory")
    script = MEASURE.format(root=str(ROOT), side=side, uploads=uploads, at_once=at_once,
                            max_pixels=max_pixels)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=300, check=True)
    return json.loads(result.stdout)


def test_four_parallel_uploads_use_no_more_memory_than_the_decodes_allowed_at_once():
    """3000 x 3000 RGBA is 36 MB decoded. One at a time, four uploads must grow the process
    about as much as one does; before the semaphore they grew it four times as much."""
    side, unlimited = 3000, 10**9
    one = peak_growth(side, uploads=1, at_once=1, max_pixels=unlimited)
    four = peak_growth(side, uploads=4, at_once=1, max_pixels=unlimited)
    assert one["outcomes"] == ["stored"] and four["outcomes"] == ["stored"] * 4
    assert one["grown_mb"] > 30  # the measurement sees a decode at all
    assert four["grown_mb"] < 1.6 * one["grown_mb"], (one, four)
    two = peak_growth(side, uploads=4, at_once=2, max_pixels=unlimited)
    assert two["grown_mb"] < 2.6 * one["grown_mb"], (one, two)


def test_four_parallel_7000_pixel_pngs_are_refused_without_growing_the_process():
    four = peak_growth(7000, uploads=4, at_once=2, max_pixels=photos.DecodeRules.max_pixels)
    assert len(four["outcomes"]) == 4
    assert all("too large a picture" in outcome for outcome in four["outcomes"])
    assert four["grown_mb"] < 20, four
