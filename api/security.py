"""API keys: high-entropy random secrets, stored only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from api.roles import ROLES

__all__ = ["KEY_PREFIX", "ROLES", "generate_key", "hash_key", "same_hash"]
KEY_PREFIX = "cd_"


def generate_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    # a plain hash is enough: the key has 256 bits of entropy, so there is nothing to brute-force
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def same_hash(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)
