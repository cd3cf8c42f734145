"""The pandoc citation grammar: keys, bracketed groups, prefixes, locators and suffixes.

Pure functions over strings, so that the grammar can be tested against pandoc's own
examples without Markdown in the way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from patientsite.markup.citations.locators import matching_bracket, parse_locator

# A key starts with a letter, digit or underscore and may hold internal punctuation
# (:.#$%&-+?<>~/) when an alphanumeric follows it, as in pandoc; or it is in braces.
KEY = r"(?:\{(?P<braced>[^{}\s]+)\}|(?P<plain>\w(?:\w|[:.#$%&\-+?<>~/](?=\w))*))"
KEY_RE = re.compile(KEY)
# Pandoc's "-@key" (leave out the author's name) is accepted and cited as "@key": a numbered
# citation shows no name to leave out.
ITEM_RE = re.compile(r"(?:^|(?<=\s))-?@" + KEY)
IN_TEXT_RE = r"(?:(?<=^)|(?<=[\s(\[]))@" + KEY
# "@key" at the start of a citation's item or of a word: a key in "[@a; @b]" or "@a says".
ANY_KEY_RE = re.compile(r"(?<![\w.@])-?@" + KEY)


@dataclass(frozen=True)
class CitationItem:
    """One cited source within a citation: ``see @doe99, pp. 33-35 and *passim*``.

    The prefix and suffix are the author's Markdown, with runs of spaces made one; the suffix
    keeps a leading comma, as pandoc's does, so that "[@a, p. 3, emphasis added]" reads back.
    """

    key: str
    prefix: str = ""
    locator: str = ""
    suffix: str = ""


def key_from_match(match: re.Match[str]) -> str:
    return match.group("braced") or match.group("plain")


def split_items(content: str) -> list[str]:
    """Split the inside of a bracketed citation at top-level semicolons."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(content):
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        elif char == ";" and depth == 0:
            parts.append(content[start:index])
            start = index + 1
    parts.append(content[start:])
    return parts


def parse_item(part: str) -> CitationItem | None:
    """One ';'-separated part of a bracketed citation, or None when it holds no single key."""
    matches = list(ITEM_RE.finditer(part))
    if len(matches) != 1:
        return None
    match = matches[0]
    locator, suffix = parse_locator(part[match.end():])
    return CitationItem(
        key=key_from_match(match), prefix=" ".join(part[: match.start()].split()),
        locator=locator, suffix=suffix,
    )


def parse_group(content: str) -> tuple[CitationItem, ...] | None:
    """The items of a bracketed citation's inside, or None when the brackets are not a citation."""
    if "@" not in content:
        return None
    items = []
    for part in split_items(content):
        item = parse_item(part)
        if item is None:
            return None
        items.append(item)
    return tuple(items)


def parse_bracketed(text: str) -> tuple[tuple[CitationItem, ...], int] | None:
    """Parse ``[...]`` at the start of text: the items and the length consumed, or None."""
    if not text.startswith("["):
        return None
    end = matching_bracket(text, 0)
    if end is None:
        return None
    # A link [text](url) or a reference link [text][ref]. Link definitions ("[ref]: url" on a line
    # of its own) never get here: Python-Markdown removes them before inline processing.
    if text[end + 1: end + 2] in ("(", "["):
        return None
    items = parse_group(text[1:end])
    if items is None:
        return None
    return items, end + 1


def keys_cited_in(texts: Iterable[str]) -> frozenset[str]:
    """Every key that texts cite, found without converting them (for drafts, which are not built)."""
    return frozenset(key_from_match(match) for text in texts for match in ANY_KEY_RE.finditer(text))
