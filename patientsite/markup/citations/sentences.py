"""Whether an in-text citation starts a sentence, so that the authors' names can start with a capital.

A citation starts a sentence when it opens a block (a paragraph, list item, heading or table
cell) or follows the punctuation that ends one. The same abbreviations that do not end a
sentence for the page's checks ("e.g.", "p.") do not end one here either.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from patientsite.markup.plaintext import ABBREVIATIONS, BLOCK_TAGS

SENTENCE_BLOCKS = BLOCK_TAGS | {"figcaption", "caption", "summary"}
# A full stop, question or exclamation mark, perhaps inside a closing quote or bracket.
SENTENCE_END = re.compile(r"[.!?\u2026][)\]\"'\u2019\u201d\u00bb]*$")
CITATION_CLASSES = frozenset({"citation", "citation-in-text", "citation-error"})


def starts_sentence(parent: etree.Element, position: int) -> bool:
    """Whether the child of parent at position begins a block or follows the end of a sentence."""
    before = (parent.text if position == 0 else parent[position - 1].tail) or ""
    if before.strip():
        return _ends_sentence(before)
    if position == 0:
        return parent.tag in SENTENCE_BLOCKS
    previous = parent[position - 1]
    if previous.get("class") in CITATION_CLASSES:
        return False  # what a citation holds (its preview's full stop) is not the sentence's text
    return _ends_sentence("".join(previous.itertext()))


def _ends_sentence(text: str) -> bool:
    text = text.rstrip()
    return bool(SENTENCE_END.search(text)) and not ABBREVIATIONS.search(text)
