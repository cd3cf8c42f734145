"""Citations: pandoc-style syntax, per-page numbering, and the Python-Markdown extension."""

from __future__ import annotations

import re
from typing import Iterable

from patientsite.markup.citations.syntax import KEY, key_from_match

# "@key" at the start of a citation's item or of a word: a key in "[@a; @b]" or "@a says".
ANY_KEY_RE = re.compile(r"(?<![\w.@])-?@" + KEY)


def keys_cited_in(texts: Iterable[str]) -> frozenset[str]:
    """Every key that texts cite, found without converting them (for drafts, which are not built)."""
    return frozenset(key_from_match(match) for text in texts for match in ANY_KEY_RE.finditer(text))
