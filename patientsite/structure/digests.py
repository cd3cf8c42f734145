"""Stable digests of build inputs, the keys of the build's cache."""

from __future__ import annotations

import hashlib


def digest(*parts: object) -> str:
    """A SHA-256 digest of some values (strings, frozen dataclasses, tuples: their reprs)."""
    hasher = hashlib.sha256()
    for part in parts:
        if type(part) is str:  # a page's whole text, often: hashed as it is, which is much faster than its repr
            hasher.update(b"s%d:" % len(part))
            hasher.update(part.encode("utf-8", "surrogatepass"))
        else:
            hasher.update(repr(part).encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()
