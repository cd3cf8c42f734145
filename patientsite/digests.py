"""Stable digests of build inputs, the keys of the live preview's cache."""

from __future__ import annotations

import hashlib


def digest(*parts: object) -> str:
    """A SHA-256 digest of the reprs of some values (frozen dataclasses, tuples, strings)."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(repr(part).encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()
