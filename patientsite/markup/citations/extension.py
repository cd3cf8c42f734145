"""The Python-Markdown extension that turns pandoc-style citations into numbered links.

It is shaped like Python-Markdown's own footnotes extension: one `Extension` owns the
per-page state and its config, an inline processor collects citations, and a tree
processor numbers them and fills them in. ``reset()`` clears the state between pages, and
``take_found()`` (from `CollectingExtension`) hands over the citations found, for diagnostics.

Priorities, and why:
- The bracketed pattern runs at 175, after code spans (190) and backslash escapes (180),
  so that code is never a citation and ``\\[@key]`` stays literal; and before links
  (160) and reference links (170), which would otherwise read ``[@key]`` as link text.
- The in-text pattern (``@key says``) runs at 174, just after it, and only after a
  space or an opening bracket, so that e-mail addresses and ``/@`` in URLs are left alone.
- A prefix or suffix is the author's Markdown: the inline processors render it as children of
  the citation's placeholder (``<citation-part>``, where no in-text citation is looked for).
  A tree processor at 6 takes those out of the page, after typography (19) has curled their
  quotes and before the table of contents (5) reads the headings' text for their ids.
- The tree processor that numbers runs at 4, after the table-of-contents extension (5) has made
  the heading ids, so that a citation's number never leaks into a heading's id.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import Callable

from markdown import Markdown
from markdown.inlinepatterns import InlineProcessor

from patientsite.markup.citations.locators import matching_bracket, parse_locator
from patientsite.markup.citations.numbering import Affix, CitationRegistry, Hidden, NumberedItem, Part, Text, arrange
from patientsite.markup.citations.sentences import starts_sentence
from patientsite.markup.citations.syntax import IN_TEXT_RE, KEY, CitationItem, key_from_match, parse_bracketed
from patientsite.markup.collecting import CollectingExtension, ExtensionTreeprocessor
from patientsite.structure.anchors import preview_id, reference_id

PENDING_ATTR = "data-citation"
PART_TAG, PART_ATTR = "citation-part", "data-part"
# An opening bracket, perhaps a prefix, and a key: what the author meant as a citation.
UNCLOSED_RE = re.compile(r"\[(?:[^\[\]@]*\s)?-?@" + KEY)


@dataclass(frozen=True)
class FoundCitation:
    """A citation as found in one converted text, in document order, for diagnostics."""

    raw: str
    keys: tuple[str, ...]
    unknown: tuple[str, ...]
    inside_link: bool


@dataclass(frozen=True)
class UnclosedCitation:
    """``[@key`` with no closing bracket in its paragraph: the text as far as the key."""

    raw: str


@dataclass(frozen=True)
class _Pending:
    items: tuple[CitationItem, ...]
    raw: str
    in_text: bool
    # The rendered prefixes and suffixes, by (item's position, "prefix" or "suffix").
    parts: dict[tuple[int, str], etree.Element] = field(default_factory=dict)


class CitationExtension(CollectingExtension[FoundCitation | UnclosedCitation]):
    """Numbered, two-way linked citations for one page at a time."""

    def __init__(self, **kwargs):
        self.config = {
            "is_known": [lambda key: False, "Callable: is this key in the bibliography?"],
            "describe": [lambda key: key, "Callable: the short reference, for a citation's accessible preview"],
            "author_label": [lambda key: key, "Callable: the authors' names for an in-text citation"],
            "link_label": [lambda number, key: str(number),
                           "Callable: the accessible name of a citation's button, from the source's number and key"],
            "full_reference": [lambda number: str(number),
                               "Callable: the text of the preview's link to the full reference, from its number"],
        }
        super().__init__(**kwargs)

    def reset(self) -> None:
        """Forget every citation and number: called between pages."""
        super().reset()
        self.registry = CitationRegistry()
        self.pending: dict[str, _Pending] = {}

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        if "@" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("@")
        md.inlinePatterns.register(BracketedCitationProcessor(r"\[", self, md), "citation", 175)
        in_text = IN_TEXT_RE + r"(?:[ ]?\[(?P<locator>[^\[\]@]*)\](?![(\[:]))?"
        md.inlinePatterns.register(InTextCitationProcessor(in_text, self), "citation-in-text", 174)
        # Raw HTML in a prefix or suffix stays text, as it always has: a citation's words are Markdown only.
        raw_html = md.inlinePatterns["html"]
        raw_html.ANCESTOR_EXCLUDES = (*raw_html.ANCESTOR_EXCLUDES, PART_TAG)
        md.treeprocessors.register(CitationPartsTreeprocessor(md, self), "citation-parts", 6)
        md.treeprocessors.register(CitationTreeprocessor(md, self), "citation", 4)

    def placeholder(self, pending: _Pending) -> etree.Element:
        """An empty element that the tree processor fills in once numbers are known."""
        index = str(len(self.pending))
        self.pending[index] = pending
        element = etree.Element("span")
        element.set(PENDING_ATTR, index)
        for position, item in enumerate(pending.items):
            for which, markdown in (("prefix", item.prefix), ("suffix", item.suffix)):
                if markdown:
                    etree.SubElement(element, PART_TAG, {PART_ATTR: f"{position}:{which}"}).text = markdown
        return element


class BracketedCitationProcessor(InlineProcessor):
    """``[@key]``, ``[@a; @b]``, ``[see @key, p. 12]``."""

    def __init__(self, pattern: str, extension: CitationExtension, md):
        super().__init__(pattern, md)  # md: so that unescape() can restore code and escapes in the raw text
        self.extension = extension

    def handleMatch(self, m, data):
        # "[text][@label]" is a reference link whose label happens to start with @.
        parsed = parse_bracketed(data[m.start():]) if data[m.start() - 1: m.start()] != "]" else None
        if parsed is None:
            self._note_unclosed(data, m.start())
            return None, None, None
        items, length = parsed
        raw = self.unescape(data[m.start(): m.start() + length])  # code and escapes as written, not placeholders
        return self.extension.placeholder(_Pending(items, raw, in_text=False)), m.start(), m.start() + length

    def _note_unclosed(self, data: str, start: int) -> None:
        """Remember ``[@key`` without its ``]``: the key is still cited (in text), but the author should know."""
        unclosed = UNCLOSED_RE.match(data, start)
        if unclosed and matching_bracket(data, start) is None:
            self.extension.found.append(UnclosedCitation(unclosed.group(0)))


class InTextCitationProcessor(InlineProcessor):
    """``@key says`` and ``@key [p. 33] says``: the authors' names followed by the number."""

    ANCESTOR_EXCLUDES = (PART_TAG,)  # "[@a, see (@b)]": the suffix's "@b" is text

    def __init__(self, pattern: str, extension: CitationExtension):
        super().__init__(pattern)
        self.extension = extension

    def handleMatch(self, m, data):
        if data[max(m.start() - 2, 0): m.start()] == "][":
            return None, None, None  # the label of a reference link, "[text][@label]"
        locator, suffix = parse_locator(m.group("locator") or "")
        item = CitationItem(key=key_from_match(m), locator=locator, suffix=suffix)
        return self.extension.placeholder(_Pending((item,), m.group(0), in_text=True)), m.start(), m.end()


class CitationPartsTreeprocessor(ExtensionTreeprocessor[CitationExtension]):
    """Takes the rendered prefixes and suffixes out of the page until their citations are filled in."""

    def run(self, root: etree.Element) -> None:
        for element in [e for e in root.iter("span") if e.get(PENDING_ATTR) in self.extension.pending]:
            pending = self.extension.pending[element.get(PENDING_ATTR)]
            for part in list(element):
                position, which = part.get(PART_ATTR).split(":")
                pending.parts[(int(position), which)] = part
                element.remove(part)


SECTION_HEADINGS = frozenset({"h2", "h3"})


class CitationTreeprocessor(ExtensionTreeprocessor[CitationExtension]):
    """Numbers the collected citations in document order and builds their links."""

    def run(self, root: etree.Element) -> None:
        if self.extension.pending:  # a text with no citation has nothing to number
            self._walk(root, inside_link=False)

    def _walk(self, element: etree.Element, inside_link: bool) -> None:
        for position, child in enumerate(element):
            if child.tag in SECTION_HEADINGS:  # the citations below it are in its section
                self.extension.registry.section = " ".join("".join(child.itertext()).split())
            index = child.get(PENDING_ATTR)
            if index is None:
                self._walk(child, inside_link or child.tag == "a")
                continue
            pending = self.extension.pending.pop(index)
            if not pending.in_text:
                _strip_space_before(element, position)
            self._fill(child, pending, inside_link, pending.in_text and starts_sentence(element, position))
            if not pending.in_text:
                _join_to_word(element, position)

    def _fill(self, element: etree.Element, pending: _Pending, inside_link: bool, capitalise: bool) -> None:
        del element.attrib[PENDING_ATTR]
        is_known: Callable[[str], bool] = self.extension.getConfig("is_known")
        keys = tuple(item.key for item in pending.items)
        unknown = tuple(key for key in keys if not is_known(key))
        self.extension.found.append(FoundCitation(pending.raw, keys, unknown, inside_link))
        if unknown or inside_link:
            element.set("class", "citation-error")
            element.text = pending.raw
            return
        cited = [self.extension.registry.cite(item) for item in pending.items]
        parts = {(cited[position].anchor, which): part for (position, which), part in pending.parts.items()}
        sup = element
        if pending.in_text:
            element.set("class", "citation-in-text")
            names = self.extension.getConfig("author_label")(pending.items[0].key)
            # "de la Fontaine et al found" starts a sentence as "De la Fontaine"; the data keeps its case.
            element.text = names[:1].upper() + names[1:] if capitalise else names
            sup = etree.SubElement(element, "sup")
        else:
            element.tag = "sup"
        sup.set("class", "citation")
        for part in arrange(cited):
            self._append(sup, part, parts)

    def _append(self, sup: etree.Element, part: Part, parts: dict[tuple[str, str], etree.Element]) -> None:
        if isinstance(part, Text):
            _append_text(sup, part.text)
        elif isinstance(part, Affix):
            _append_markup(sup, parts[(part.cited.anchor, part.which)])
        elif isinstance(part, Hidden):
            anchor = etree.SubElement(sup, "span", {"id": part.cited.anchor, "class": "cite-anchor"})
            anchor.text = ""
        else:
            self._link(sup, part.cited)

    def _link(self, sup: etree.Element, cited: NumberedItem) -> None:
        """The number, a button that opens the source's preview in place (the Popover API: no script);
        the preview names the source and links to its full entry in the page's reference list."""
        config = self.extension.getConfig
        card_id = preview_id(cited.anchor)
        button = etree.SubElement(sup, "button", {
            "type": "button", "class": "cite", "id": cited.anchor, "popovertarget": card_id,
            "aria-label": config("link_label")(cited.number, cited.item.key),
        })
        button.text = str(cited.number)
        card = etree.SubElement(sup, "span", {"class": "cite-preview", "id": card_id, "popover": "auto"})
        text = etree.SubElement(card, "span", {"class": "cite-preview-text"})
        text.text = config("describe")(cited.item.key)
        text.tail = " "
        more = etree.SubElement(card, "a", {"href": "#" + reference_id(cited.number), "class": "cite-more"})
        more.text = config("full_reference")(cited.number)


def _append_text(sup: etree.Element, text: str) -> None:
    if len(sup):
        sup[-1].tail = (sup[-1].tail or "") + text
    else:
        sup.text = (sup.text or "") + text


def _append_markup(sup: etree.Element, part: etree.Element) -> None:
    """A prefix or suffix as Markdown made it: its text, then its elements (emphasis, code), unwrapped."""
    _append_text(sup, part.text or "")
    for child in list(part):
        sup.append(child)


def _strip_space_before(parent: etree.Element, position: int) -> None:
    """A superscript number sits right after the word it follows: "week 12 [@a]." becomes "week 12¹."."""
    if position == 0:
        parent.text = parent.text.rstrip() if parent.text else parent.text
    else:
        previous = parent[position - 1]
        previous.tail = previous.tail.rstrip() if previous.tail else previous.tail


def _join_to_word(parent: etree.Element, position: int) -> None:
    """Keep a citation on the line of the word before it, and the punctuation after it: the number is
    a button, which a browser would otherwise let start a line of its own."""
    citation = parent[position]
    before = parent.text if position == 0 else parent[position - 1].tail
    word = re.search(r"\S+$", before or "")
    if word is None:
        return
    joined = etree.Element("span", {"class": "cite-joined"})
    joined.text = word.group()
    if position == 0:
        parent.text = before[:word.start()]
    else:
        parent[position - 1].tail = before[:word.start()]
    after = re.match(r"[.,;:!?)\]\u2019\u201d]*", citation.tail or "").group()
    joined.tail = (citation.tail or "")[len(after):]
    citation.tail = after
    parent.remove(citation)
    joined.append(citation)
    parent.insert(position, joined)


def makeExtension(**kwargs) -> CitationExtension:
    """The extension as Python-Markdown loads it by name: ``"patientsite.markup.citations.extension"``."""
    return CitationExtension(**kwargs)
