"""The words of a page as a reader meets them: text blocks with citations marked, headings and images.

A Python-Markdown tree processor collects them after citations are numbered, so that the
checks (uncited numbers, readability, vague risks) work on what the page says rather than
on its Markdown, and know which sentences carry a citation.
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Markdown
from markdown.util import HTML_PLACEHOLDER_RE, STX

from patientsite.markup.collecting import CollectingExtension, ExtensionTreeprocessor
from patientsite.structure.anchors import cited_number

# Stands in for a citation inside a text block: a character no page contains.
CITATION_MARK = "\ue000"
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCK_TAGS = {"p", "li", "td", "th", "dt", "dd"} | HEADING_TAGS
SKIPPED_TAGS = {"pre", "code", "script", "style"}
CITED_LEAD_IN = re.compile(CITATION_MARK + r"\W*:$")
ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|vs|etc|Dr|Mr|Mrs|Ms|St|p|pp|No|approx|al)\.$", re.IGNORECASE)


@dataclass(frozen=True)
class TextBlock:
    """A paragraph, list item, heading or table cell: its tag and its text, citations marked."""

    tag: str
    text: str
    # For each citation mark in the text, in order: the numbers of the sources it cites (none for a
    # citation with an error).
    sources: tuple[tuple[int, ...], ...] = ()
    # An item of a list whose lead-in ends with a citation and a colon ("First choices [@a]:"), which
    # covers the whole list.
    introduced: bool = False

    def sentences(self) -> tuple[str, ...]:
        """The block's sentences; a citation mark stays with the sentence it ends."""
        return split_sentences(self.text)


@dataclass(frozen=True)
class Image:
    """An image of the page: its address and its text alternative."""

    src: str
    alt: str


@dataclass(frozen=True)
class PageText:
    """The text of a converted region: its blocks in order, its headings (level, text) and its images."""

    blocks: tuple[TextBlock, ...]
    headings: tuple[tuple[int, str], ...]
    images: tuple[Image, ...]


@functools.lru_cache(maxsize=4096)  # each check of a page reads its sentences again
def split_sentences(text: str) -> tuple[str, ...]:
    """Split text into sentences at '.', '!' or '?' followed by a space, minding common abbreviations."""
    sentences, start = [], 0
    for match in re.finditer(r"[.!?]" + CITATION_MARK + r"*\s+", text):
        candidate = text[start: match.end()].strip()
        if ABBREVIATIONS.search(candidate.rstrip(CITATION_MARK)):
            continue
        sentences.append(candidate)
        start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return tuple(sentences)


class PlainTextExtension(CollectingExtension[TextBlock | Image]):
    """Collects the text blocks and images of each converted text; ``take_text()`` hands them over."""

    def take_text(self) -> PageText:
        """The text found since the last call, as a `PageText`; the collection starts afresh."""
        found = self.take_found()
        blocks = tuple(item for item in found if isinstance(item, TextBlock))
        headings = tuple((int(block.tag[1]), block.text) for block in blocks if block.tag in HEADING_TAGS)
        return PageText(blocks, headings, tuple(item for item in found if isinstance(item, Image)))

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # After citations (4) are numbered and before unescaping (0).
        md.treeprocessors.register(PlainTextTreeprocessor(md, self), "plain-text", 3)


class PlainTextTreeprocessor(ExtensionTreeprocessor[PlainTextExtension]):
    """Collects the images, then the innermost text blocks, of a converted tree into the extension's ``found``."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "img":
                self.extension.found.append(Image(element.get("src", ""), element.get("alt", "").strip()))
        self._collect(root)

    def _collect(self, element: etree.Element, introduced: bool = False) -> None:
        lead_in = False  # the block before this child ends with a citation and a colon
        for child in element:
            if child.tag in SKIPPED_TAGS:
                continue
            has_blocks = any(d.tag in BLOCK_TAGS for d in child.iter() if d is not child)
            if child.tag in BLOCK_TAGS and not has_blocks:
                sources: list[tuple[int, ...]] = []
                text = " ".join(self._text(child, sources).split())
                if text:
                    self.extension.found.append(TextBlock(child.tag, text, tuple(sources), introduced))
                lead_in = bool(CITED_LEAD_IN.search(text))
            else:
                self._collect(child, introduced or (lead_in and child.tag in ("ul", "ol")))
                lead_in = False

    def _plain(self, text: str) -> str:
        """Text with backslash escapes undone and stashed entities (smart quotes, dashes) restored."""
        if STX not in text and "<" not in text and "&" not in text:
            return text  # most text: no escape or placeholder (both start with STX), no tag, no entity
        text = self.md.treeprocessors["unescape"].unescape(text)
        stash = self.md.htmlStash.rawHtmlBlocks
        text = HTML_PLACEHOLDER_RE.sub(lambda m: str(stash[int(m.group(1))]) if int(m.group(1)) < len(stash) else "",
                                       text)
        return html.unescape(re.sub(r"<[^>]+>", "", text))

    def _text(self, element: etree.Element, sources: list[tuple[int, ...]]) -> str:
        """The element's text, each citation a mark; the numbers each mark cites are added to ``sources``."""
        parts = [self._plain(element.text or "")]
        for child in element:
            kind = child.get("class")
            if kind == "citation-in-text":
                parts.append((child.text or "") + CITATION_MARK)
                sources.append(_cited_numbers(child))
            elif kind in ("citation", "citation-error"):
                # A citation with an error is still a citation the author wrote: its error is reported
                # once, by itself, and the checks of the text count the sentence as cited.
                parts.append(CITATION_MARK)
                sources.append(_cited_numbers(child))
            elif kind == "term-preview":
                pass  # a glossary term's definition, shown only when the reader opens it
            elif child.tag not in SKIPPED_TAGS or child.tag == "code":
                parts.append(self._text(child, sources))
            parts.append(self._plain(child.tail or ""))
        return "".join(parts)


def _cited_numbers(citation: etree.Element) -> tuple[int, ...]:
    """The source numbers of one citation, from the ids of its places (those hidden in a range too)."""
    numbers = {cited_number(element.get("id", "")) for element in citation.iter()} - {None}
    return tuple(sorted(numbers))


def makeExtension(**kwargs) -> PlainTextExtension:
    """The extension as Python-Markdown loads it by name: ``Markdown(extensions=["patientsite.markup.plaintext"])``."""
    return PlainTextExtension(**kwargs)
