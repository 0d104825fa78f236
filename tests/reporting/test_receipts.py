"""Report references and receipt codes: easy to read out, hard to guess, stored hashed."""

from pathlib import Path

from app.reporting import (
    receipts as references,
)

CONTENT = Path(__file__).resolve().parents[2] / "content"



def test_references_avoid_characters_that_look_alike():
    for _ in range(200):
        reference = references.new_reference()
        assert len(reference) == 9 and reference[4] == "-"
        assert not set(reference.replace("-", "")) & set("0O1IL2Z5S8BUV")


def test_receipt_codes_carry_at_least_80_bits():
    assert references.RECEIPT_BITS >= 80
    codes = {references.new_receipt_code() for _ in range(1000)}
    assert len(codes) == 1000
    assert all(len(code.replace("-", "")) == references.RECEIPT_LENGTH for code in codes)


def test_receipts_are_stored_as_argon2_and_checked_forgivingly():
    code = references.new_receipt_code()
    stored = references.hash_receipt(code)
    assert stored.startswith("$argon2id$") and code not in stored
    assert references.verify_receipt(stored, code.lower().replace("-", " "))
    assert not references.verify_receipt(stored, references.new_receipt_code())
    assert not references.verify_receipt(None, code)
    assert not references.verify_receipt("not a hash", code)
