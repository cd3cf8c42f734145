"""Typographic punctuation: curly quotes and apostrophes, en and em dashes, and ellipses.

This does what Python-Markdown's ``smarty`` extension does, for a fraction of its cost. Smarty
adds a dozen inline patterns, each of which Markdown tries at every position of every line,
which doubled the time a page took to convert. Here one pass over the finished tree's text
does the same: ``--`` becomes an en dash, ``---`` an em dash, ``...`` an ellipsis, and straight
quotes turn to opening or closing quotes by what stands before them. Code, and anything an
author escaped with a backslash, is left as written.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

LEFT_ALONE = frozenset({"code", "pre", "kbd", "samp", "script", "style", "math"})
# A block starts afresh: a quote at its start opens.
BLOCKS = frozenset({"p", "li", "dt", "dd", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
                    "div", "figcaption", "caption", "summary"})
DASHES_AND_DOTS = re.compile(r"---|--|\.\.\.|\. \. \.")
REPLACEMENTS = {"---": "\u2014", "--": "\u2013", "...": "\u2026", ". . .": "\u2026"}
# A quote opens after the start of a block, a space, an opening bracket, a dash or another opening quote.
OPENS_AFTER = frozenset(" \t\n([{\u2013\u2014/\u201c\u2018\u00a0")
QUOTE = re.compile(r"['\"]")
DECADE = re.compile(r"\d\ds")  # '90s: the apostrophe stands for the missing century


def smarten(text: str, before: str) -> str:
    """``text`` with typographic punctuation; ``before`` is the character that precedes it ("" at a block's start)."""
    text = DASHES_AND_DOTS.sub(lambda m: REPLACEMENTS[m.group()], text)
    if "'" not in text and '"' not in text:
        return text

    def curl(match: re.Match[str]) -> str:
        start = match.start()
        previous = text[start - 1] if start else before
        opening = previous == "" or previous in OPENS_AFTER
        if match.group() == '"':
            return "\u201c" if opening else "\u201d"
        if opening and not DECADE.match(text, start + 1) and text[start + 1:start + 2].strip():
            return "\u2018"
        return "\u2019"

    return QUOTE.sub(curl, text)


class TypographyTreeprocessor(Treeprocessor):
    """Smartens the text of every element but code, carrying the preceding character across elements."""

    def run(self, root: etree.Element) -> None:
        self._walk(root, "")

    def _walk(self, element: etree.Element, before: str) -> str:
        """Smarten an element's text and its children's; returns the last character seen."""
        if element.tag in BLOCKS:
            before = ""
        element.text, before = _smarten_part(element.text, before)
        for child in element:
            if child.tag in LEFT_ALONE:
                before = "x"  # code ends like a word: a quote right after it closes
            else:
                before = self._walk(child, before)
            if child.tag in BLOCKS:
                before = ""
            child.tail, before = _smarten_part(child.tail, before)
        return before


def _smarten_part(text: str | None, before: str) -> tuple[str | None, str]:
    """An element's text or tail, smartened unless Markdown marked it to be left alone, and its last character."""
    if not text:
        return text, before
    if not isinstance(text, AtomicString):
        text = smarten(text, before)
    return text, text[-1]


class TypographyExtension(Extension):
    """Registers the typography pass."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.ESCAPED_CHARS.extend(['"', "'"])  # \" keeps a straight quote, as with smarty
        # After inline patterns (20) have made links and emphasis, so quotes around them pair up,
        # and before citations (4) and the plain text (3) are read from the tree.
        md.treeprocessors.register(TypographyTreeprocessor(md), "typography", 19)


def makeExtension(**kwargs) -> TypographyExtension:
    """The extension as Python-Markdown loads it by name: ``Markdown(extensions=["patientsite.markup.typography"])``."""
    return TypographyExtension(**kwargs)
