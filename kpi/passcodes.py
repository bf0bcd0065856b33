"""Passcodes stored hashed: `pbkdf2_sha256$<iterations>$<salt>$<hex digest>`, and the constant-time check.

A passcode setting (analyst_passcode, viewer_passcode) may hold the passcode itself or this form of it;
`python -m kpi passcode` prints the form for a passcode typed twice.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

HASHED = "pbkdf2_sha256"
ITERATIONS = 600_000


def hash_passcode(passcode: str, iterations: int = ITERATIONS, salt: str | None = None) -> str:
    """A passcode as it may be stored instead of itself."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", passcode.encode("utf-8"), salt.encode("ascii"), iterations).hex()
    return f"{HASHED}${iterations}${salt}${digest}"


def matches(given: str, expected: str) -> bool:
    """`given` against a passcode setting, itself or its hashed form; constant time."""
    if not expected:
        return False
    if expected.startswith(HASHED + "$"):
        try:
            _, iterations, salt, _digest = expected.split("$")
            return hmac.compare_digest(hash_passcode(given, int(iterations), salt), expected)
        except ValueError:
            return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
