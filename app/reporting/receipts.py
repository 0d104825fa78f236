"""Report references and receipt codes.

The **reference** names a report: short, easy to read out over the phone, and made only of
letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L, 2/Z, 5/S, 8/B,
U/V). It is not a secret.

The **receipt code** proves the person holds the report: random, at least 80 bits, shown
once, and stored only as an Argon2id hash. Reference plus receipt opens follow-up.
"""

import math
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
REFERENCE_LENGTH = 8  # 23**8 ≈ 7.8e10 references
RECEIPT_LENGTH = 18   # 23**18 ≈ 2**81.4
RECEIPT_BITS = RECEIPT_LENGTH * math.log2(len(ALPHABET))

# OWASP's Argon2id minimum (19 MiB, 2 passes). A receipt code already carries 81 bits of
# randomness, so the hash is there to keep a leaked database from opening follow-up, not to
# stretch a weak secret; these settings keep a busy hour of reports cheap for the server.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Verified against when a reference does not exist, so a wrong reference takes as long
# as a wrong receipt code and the two cannot be told apart.
_DUMMY_HASH = _hasher.hash("not-a-receipt-code")


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def _group(code: str, size: int) -> str:
    return "-".join(code[i:i + size] for i in range(0, len(code), size))


def new_reference() -> str:
    """For example ``K7MP-3QXA``."""
    return _group(_random(REFERENCE_LENGTH), 4)


def new_receipt_code() -> str:
    """For example ``TRW4HE-CYP93M-XK7DAQ``."""
    return _group(_random(RECEIPT_LENGTH), 6)


def normalise(code: str | None) -> str:
    """What someone typed, as stored: capitals, without spaces or dashes, regrouped."""
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if len(cleaned) == REFERENCE_LENGTH:
        return _group(cleaned, 4)
    if len(cleaned) == RECEIPT_LENGTH:
        return _group(cleaned, 6)
    return cleaned


def looks_like_reference(code: str) -> bool:
    cleaned = normalise(code).replace("-", "")
    return len(cleaned) == REFERENCE_LENGTH and all(ch in ALPHABET for ch in cleaned)


def hash_receipt(receipt: str) -> str:
    return _hasher.hash(normalise(receipt))


def verify_receipt(receipt_hash: str | None, receipt: str) -> bool:
    """True when ``receipt`` matches; pass ``None`` for a reference that does not exist."""
    try:
        return _hasher.verify(receipt_hash or _DUMMY_HASH, normalise(receipt)) and bool(
            receipt_hash
        )
    except (VerificationError, InvalidHashError):
        return False
