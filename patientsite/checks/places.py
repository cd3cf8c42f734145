"""Finding where a sentence of rendered text was written in its page's Markdown."""

from __future__ import annotations

import re

from patientsite.markup.plaintext import CITATION_MARK
from patientsite.structure.pages import PageSource


def locate(page: PageSource, text: str) -> tuple[int, int]:
    """Line and column of text in the page's file, found by its first words; the body's start if not found."""
    words = re.findall(r"\w+", text.replace(CITATION_MARK, " "))
    for count in (6, 4, 2):
        if len(words) < count and count != 2:
            continue
        pattern = re.compile(r"\W+".join(re.escape(w) for w in words[:count]))
        match = pattern.search(page.file.text) if words else None
        if match:
            return page.file.position(match.start())
    return page.body_line, 1
