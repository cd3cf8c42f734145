"""Glossary terms: an anchor for each term that a definition list defines, and, on every other page,
the first use of each glossary term as a term whose definition opens in place.

The definition opens with the Popover API, as a citation's preview does: no script, and nothing
to load until a reader taps the word. Only the first use on a page is marked, so that a page is
not dotted with them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import Callable

from markdown import Markdown

from patientsite.markup.collecting import CollectingExtension, ExtensionTreeprocessor
from patientsite.structure.urls import slugify

# Where a term is not marked: headings and titles, links and buttons, citations, code, and the
# glossary's own terms.
SKIPPED = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "a", "button", "sup", "code", "pre", "dfn", "abbr", "dt",
                     "summary", "script", "style"})
SKIPPED_CLASSES = frozenset({"admonition-title", "cite-preview", "term-preview"})


@dataclass(frozen=True)
class Term:
    """A term of the glossary: as written ("Intravenous (IV)"), its anchor there, and its definition."""

    name: str
    anchor: str
    definition: str

    def forms(self) -> tuple[str, ...]:
        """The words a page may use for it: "Intravenous (IV)" is "Intravenous" and "IV"."""
        match = re.fullmatch(r"(.+?)\s*\((.+)\)", self.name)
        return (match.group(1), match.group(2)) if match else (self.name,)


def term_anchor(name: str) -> str:
    """The id of a term in the glossary: 'Intravenous (IV)' -> 'term-intravenous-iv'."""
    return "term-" + (slugify(name) or "x")


class GlossaryExtension(CollectingExtension[Term]):
    """Finds the terms a page's definition lists define (``found``), giving each an anchor; with
    ``use(...)``, marks the first use of each glossary term on the other pages."""

    def __init__(self, **kwargs):
        self.config = {"more": [lambda name: name, "Callable: the text of the link from a definition to the glossary"]}
        self.pattern: re.Pattern[str] | None = None
        self.by_form: dict[str, Term] = {}
        self.href: Callable[[str], str] | None = None
        super().__init__(**kwargs)

    def reset(self) -> None:
        super().reset()
        self.used: set[str] = set()

    def use(self, terms: tuple[Term, ...]) -> None:
        """The glossary's terms, whose first use on each page is marked from now on."""
        self.by_form = {form.casefold() if not form.isupper() else form: term
                        for term in terms for form in term.forms() if len(form) >= 2}
        forms = sorted(self.by_form, key=lambda form: (-len(form), form))
        alternatives = "|".join(f"(?-i:{re.escape(form)})" if form.isupper() else re.escape(form) for form in forms)
        self.pattern = re.compile(rf"\b(?:{alternatives})(?:e?s)?\b", re.IGNORECASE) if forms else None

    def start_page(self, href: Callable[[str], str] | None) -> None:
        """Mark terms on this page, linking each definition to ``href(anchor)``; None on the glossary itself."""
        self.href = href

    def term_of(self, text: str) -> Term | None:
        for candidate in (text, re.sub(r"e?s$", "", text)):
            term = self.by_form.get(candidate) or self.by_form.get(candidate.casefold())
            if term is not None:
                return term
        return None

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # After citations are filled in (4), before the plain text is collected (3).
        md.treeprocessors.register(GlossaryTreeprocessor(md, self), "glossary", 3.5)


class GlossaryTreeprocessor(ExtensionTreeprocessor[GlossaryExtension]):
    def run(self, root: etree.Element) -> None:
        for dl in root.iter("dl"):
            self._anchor_terms(dl)
        if self.extension.href is not None and self.extension.pattern is not None:
            self._mark(root)

    def _anchor_terms(self, dl: etree.Element) -> None:
        children = list(dl)
        for index, dt in enumerate(children):
            if dt.tag != "dt":
                continue
            name = " ".join("".join(dt.itertext()).split())
            dt.set("id", dt.get("id") or term_anchor(name))
            definition = next((" ".join("".join(dd.itertext()).split()) for dd in children[index + 1:index + 2]
                               if dd.tag == "dd"), "")
            self.extension.found.append(Term(name, dt.get("id"), definition))

    def _mark(self, element: etree.Element) -> None:
        if element.text:
            element.text = self._marked(element.text, element, 0)
        for child in list(element):
            if child.tag not in SKIPPED and not SKIPPED_CLASSES & set((child.get("class") or "").split()):
                self._mark(child)
            if child.tail:
                child.tail = self._marked(child.tail, element, list(element).index(child) + 1)

    def _marked(self, text: str, parent: etree.Element, position: int) -> str:
        """The text up to the first unmarked term in it; the term and the rest go in as new elements."""
        extension = self.extension
        for match in extension.pattern.finditer(text):
            term = extension.term_of(match.group())
            if term is None or term.anchor in extension.used:
                continue
            extension.used.add(term.anchor)
            button, preview = self._term(match.group(), term)
            parent.insert(position, button)
            parent.insert(position + 1, preview)
            preview.tail = self._marked(text[match.end():], parent, position + 2)
            return text[:match.start()]
        return text

    def _term(self, word: str, term: Term) -> tuple[etree.Element, etree.Element]:
        preview_id = f"{term.anchor}-preview"
        button = etree.Element("button", {"type": "button", "class": "term", "popovertarget": preview_id})
        button.text = word
        preview = etree.Element("span", {"class": "term-preview", "id": preview_id, "popover": "auto"})
        name = etree.SubElement(preview, "dfn")
        name.text = term.name
        name.tail = f": {term.definition} "
        more = etree.SubElement(preview, "a", {"href": self.extension.href(term.anchor)})
        more.text = self.extension.getConfig("more")(term.name)
        return button, preview


def makeExtension(**kwargs) -> GlossaryExtension:
    """The extension as Python-Markdown loads it by name: ``"patientsite.markup.glossary"``."""
    return GlossaryExtension(**kwargs)
