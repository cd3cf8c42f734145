"""Locators, the "where in the source" of a citation, read as pandoc reads them.

Pandoc (``Text.Pandoc.Citeproc.Locator``) looks after the key for an optional comma, then
either a locator in braces, ``{pp. iv, vi-xi}``, taken whole, or a label from the CSL locale
followed by locator words, ``pp. 33-35, 38-39``. A word must hold a digit, or after a
written label a roman numeral; the first word that does not ends the locator, and what
follows is the suffix, as written. Without a label, "page" is meant. A locator is shown
with its label's short form, singular or plural by its value, as a CSL style shows it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The locator terms pandoc looks up, with their forms in citeproc's English (en-US) locale:
# the short singular and plural, which a locator is shown with, then every other form.
LOCATOR_TERMS = {
    "book": ("bk.", "bks.", "book", "books"),
    "chapter": ("chap.", "chaps.", "chapter", "chapters"),
    "column": ("col.", "cols.", "column", "columns"),
    "figure": ("fig.", "figs.", "figure", "figures"),
    "folio": ("fol.", "fols.", "folio", "folios"),
    "issue": ("no.", "nos.", "number", "numbers"),
    "line": ("l.", "ll.", "line", "lines"),
    "note": ("n.", "nn.", "note", "notes"),
    "opus": ("op.", "opp.", "opus", "opera"),
    "page": ("p.", "pp.", "page", "pages"),
    "paragraph": ("para.", "paras.", "paragraph", "paragraphs", "¶", "¶¶"),
    "part": ("pt.", "pts.", "part", "parts"),
    "section": ("sec.", "secs.", "section", "sections", "§", "§§"),
    "sub verbo": ("s.v.", "s.vv.", "sub verbo", "sub verbis"),
    "verse": ("v.", "vv.", "verse", "verses"),
    "volume": ("vol.", "vols.", "volume", "volumes"),
}
# Every form, longest first, so that "pp." is tried before "p." and "pages" before "page".
LABELS = tuple(sorted(((form.lower(), term) for term, forms in LOCATOR_TERMS.items() for form in forms),
                      key=lambda pair: -len(pair[0])))
LABEL_STARTS = frozenset(form[0] for form, _ in LABELS)  # a quick test: no label starts with any other character

# A locator word: letters and digits, with page ranges (-, –), "vol:page", "1.2.3" and brackets,
# as in "33-35", "4B.2a.i(3.4)" or "(xv)-(xvii)". Other punctuation ends it, and so does a
# full stop that nothing follows ("p. 33.").
WORD = r"(?:[\w\-–:()\[\]{}]|\.(?=[\w\-–:(\[{]))+"
FIRST_WORD = re.compile(r"(?P<space>\s?)(?P<word>" + WORD + ")")
NEXT_WORD = re.compile(r"(?P<sep>[,;]?)(?P<space>\s?)(?P<word>" + WORD + ")")
UNIT_SEPARATORS = re.compile(r"[.()\[\]{}\-–]")
ROMAN = re.compile(r"(?=[MDCLXVI])M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
PLURAL = re.compile(r"[-–—,&]|\band\b")
BRACKETS = {"(": ")", "[": "]", "{": "}"}


@dataclass(frozen=True)
class Locator:
    """A locator's term ("page") and value ("33-35"); shown as "pp. 33-35"."""

    term: str
    value: str

    def __str__(self) -> str:
        singular, plural = LOCATOR_TERMS[self.term][:2]
        return f"{plural if PLURAL.search(self.value) else singular} {self.value}"


def parse_locator(rest: str) -> tuple[str, str]:
    """Split what follows a key into the locator as shown and the suffix as written (its comma kept)."""
    if not rest or rest.isspace():
        return "", ""  # most citations: a key and nothing after it
    rest = re.sub(r"\s+", " ", rest)  # a line break or a run of spaces is one space, as Markdown reads it
    start = re.match(r",?\s?", rest).end()
    parsed = _braced(rest, start) if rest[start: start + 1] == "{" else _integrated(rest, start)
    if parsed is None:
        return "", _normalise(_with_comma(rest))
    locator, end = parsed
    return (str(locator) if locator.value else ""), _normalise(rest[end:])


def _braced(text: str, start: int) -> tuple[Locator, int] | None:
    """``{pp. iv, vi-xi}``: everything inside the braces, with an optional label."""
    end = matching_bracket(text, start)
    if end is None:
        return None  # pandoc, too, reads an unbalanced brace as part of the suffix
    inside = text[start + 1: end].strip()
    label = next(_labels_at(inside, 0), None)
    term, value = (label[0], inside[label[1]:]) if label else ("page", inside)
    return Locator(term, value.strip()), end + 1


def _integrated(text: str, start: int) -> tuple[Locator, int] | None:
    """``pp. 33-35, 38-39``: a label (or "page", when the first word holds a digit) and its words."""
    for term, end in _labels_at(text, start):
        if _word(text, end, first=True, needs_digit=False):
            return _words(text, term, end, needs_digit=False)
    if _word(text, start, first=True, needs_digit=True):
        return _words(text, "page", start, needs_digit=True)
    return None


def _words(text: str, term: str, position: int, needs_digit: bool) -> tuple[Locator, int]:
    found, word = [], _word(text, position, first=True, needs_digit=needs_digit)
    while word:
        found.append(word[0])
        position = word[1]
        word = _word(text, position, first=False, needs_digit=needs_digit)
    return Locator(term, "".join(found).strip()), position


def _word(text: str, position: int, first: bool, needs_digit: bool) -> tuple[str, int] | None:
    """The locator word at position, with the comma and space before it, and where it ends."""
    match = (FIRST_WORD if first else NEXT_WORD).match(text, position)
    if not match or not _balanced(match.group("word")) or not _counts(match.group("word"), needs_digit):
        return None
    separator = "" if first else match.group("sep")
    return separator + (" " if match.group("space") else "") + match.group("word"), match.end()


def _counts(word: str, needs_digit: bool) -> bool:
    """A word is part of a locator if it holds a digit or, where allowed, a roman numeral ("xvii")."""
    if any(char.isdigit() for char in word):
        return True
    return not needs_digit and any(ROMAN.fullmatch(unit.upper()) for unit in UNIT_SEPARATORS.split(word) if unit)


def _labels_at(text: str, position: int):
    """Each locator term whose form starts at position, longest form first, with where the form ends."""
    if text[position: position + 1].lower() not in LABEL_STARTS:
        return
    for form, term in LABELS:
        end = position + len(form)
        after = text[end: end + 1]
        if text[position:end].lower() == form and (not form[-1].isalnum() or not after.isalnum()):
            yield term, end


def _balanced(word: str) -> bool:
    expected: list[str] = []
    for char in word:
        if char in BRACKETS:
            expected.append(BRACKETS[char])
        elif char in BRACKETS.values() and (not expected or expected.pop() != char):
            return False
    return not expected


def matching_bracket(text: str, start: int) -> int | None:
    """Index of the bracket or brace that closes the one at ``start``, skipping nested pairs and escapes."""
    expected: list[str] = []
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char in "[{":
            expected.append(BRACKETS[char])
        elif char in "]}":
            if not expected or expected.pop() != char:
                return None
            if not expected:
                return index
        index += 1
    return None


def _with_comma(suffix: str) -> str:
    """Pandoc's rule for a suffix without a locator: one that starts with a word is set off by a comma."""
    if suffix and not suffix[0].isspace() and not unicodedata.category(suffix[0]).startswith("P"):
        return ", " + suffix
    return suffix


def _normalise(text: str) -> str:
    return " ".join(text.split())
