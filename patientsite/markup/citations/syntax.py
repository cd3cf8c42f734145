"""The pandoc citation grammar: keys, bracketed groups, prefixes, locators and suffixes.

Pure functions over strings, so that the grammar can be tested against pandoc's own
examples without Markdown in the way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A key starts with a letter, digit or underscore and may hold internal punctuation
# (:.#$%&-+?<>~/) when an alphanumeric follows it, as in pandoc; or it is in braces.
KEY = r"(?:\{(?P<braced>[^{}\s]+)\}|(?P<plain>\w(?:\w|[:.#$%&\-+?<>~/](?=\w))*))"
KEY_RE = re.compile(KEY)
# Pandoc's "-@key" (leave out the author's name) is accepted and cited as "@key": a numbered
# citation shows no name to leave out.
ITEM_RE = re.compile(r"(?:^|(?<=\s))-?@" + KEY)
IN_TEXT_RE = r"(?:(?<=^)|(?<=[\s(\[]))@" + KEY

LOCATOR_TERMS = (
    "book", "bk.", "chapter", "chap.", "ch.", "column", "col.", "cols.", "figure", "fig.", "figs.", "folio", "fol.",
    "line", "l.", "ll.", "note", "n.", "nn.", "number", "no.", "nos.", "opus", "op.", "page", "pages", "p.", "pp.",
    "paragraph", "para.", "paras.", "part", "pt.", "section", "sec.", "secs.", "sub verbo", "s.v.", "verse", "v.",
    "vv.", "volume", "vol.", "vols.", "¶", "¶¶", "§", "§§",
)
_TERMS = "|".join(re.escape(t) for t in sorted(LOCATOR_TERMS, key=len, reverse=True))
LOCATOR_RE = re.compile(rf"(?P<term>{_TERMS})\s*(?P<value>[\w()]+(?:\s*(?:[-–—,&]|and)\s*[\w()]+)*)", re.IGNORECASE)
IMPLIED_PAGE_RE = re.compile(r"(?P<value>\d+[a-z]?(?:\s*[-–,]\s*\d+[a-z]?)*)")


@dataclass(frozen=True)
class CitationItem:
    """One cited source within a citation: ``see @doe99, pp. 33-35 and passim``."""

    key: str
    prefix: str = ""
    locator: str = ""
    suffix: str = ""


def key_from_match(match: re.Match[str]) -> str:
    return match.group("braced") or match.group("plain")


def matching_bracket(text: str, start: int) -> int | None:
    """Index of the bracket or brace that closes the one at ``start``, skipping nested pairs."""
    pairs = {"[": "]", "{": "}"}
    expected: list[str] = []
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char in pairs:
            expected.append(pairs[char])
        elif char in "]}":
            if not expected or expected.pop() != char:
                return None
            if not expected:
                return index
        index += 1
    return None


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


def parse_locator(rest: str) -> tuple[str, str]:
    """Split what follows a key into a locator and a suffix."""
    text = rest.strip()
    if text.startswith(","):
        text = text[1:].strip()
    if not text:
        return "", ""
    if text.startswith("{"):
        end = matching_bracket(text, 0)
        if end is not None:
            return text[1:end].strip(), text[end + 1:].strip(" ,")
    match = LOCATOR_RE.match(text)
    if match and (match.end() == len(text) or not text[match.end()].isalnum()):
        return f"{match.group('term')} {match.group('value')}", text[match.end():].strip(" ,")
    match = IMPLIED_PAGE_RE.match(text)
    if match and (match.end() == len(text) or not text[match.end()].isalnum()):
        return f"p. {match.group('value')}", text[match.end():].strip(" ,")
    return "", text


def parse_item(part: str) -> CitationItem | None:
    """One ';'-separated part of a bracketed citation, or None when it holds no single key."""
    matches = list(ITEM_RE.finditer(part))
    if len(matches) != 1:
        return None
    match = matches[0]
    locator, suffix = parse_locator(part[match.end():])
    return CitationItem(
        key=key_from_match(match), prefix=" ".join(part[: match.start()].split()),
        locator=locator, suffix=" ".join(suffix.split()),
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
