"""Only the inline patterns that can match a text are tried on it.

Python-Markdown tries every inline pattern (code, links, emphasis, HTML, citations...) on every
run of text of a page, one regular-expression search each, with a Python call around every
search; on a page of plain prose most of them cannot match at all. Each pattern named here
needs one of a few characters to match, as its regular expression shows: ``[`` for a link or a
citation, ``<`` for raw HTML or an automatic link, ``&`` for an entity. Before a text is
converted, the patterns whose characters the text lacks are left out of the inline processor's
list, and the others keep their order. Every text that Python-Markdown searches is a piece of
the text converted (or, for a setting's value, a text that no pattern searches), so a pattern
left out could not have matched. A pattern not named here, such as one a site's own extension
adds, is always tried.
"""

from __future__ import annotations

from markdown import Markdown
from markdown.inlinepatterns import Pattern

# Each pattern's name in Python-Markdown (and ours), and the characters one of which its match contains.
NEEDS = {
    "backtick": "`", "escape": "\\",
    "footnote": "[", "reference": "[", "link": "[", "image_link": "[", "image_reference": "[",
    "short_reference": "[", "short_image_ref": "[",
    "autolink": "<", "automail": "<", "html": "<",
    "linebreak": "\n", "entity": "&", "em_strong": "*_", "not_strong": "*_", "em_strong2": "_",
    "citation": "[", "citation-in-text": "@", "setting": "{",
}


class InlinePatterns:
    """The inline processor's patterns for each text converted with a Markdown instance."""

    def __init__(self, md: Markdown):
        self.inline = md.treeprocessors["inline"]
        named = {id(md.inlinePatterns[name]): name for name in NEEDS if name in md.inlinePatterns}
        self.patterns = [(named.get(id(pattern), ""), pattern) for pattern in md.inlinePatterns]  # in priority order
        self.telling = "".join(sorted({character for name, _ in self.patterns for character in NEEDS.get(name, "")}))
        self.lists: dict[str, list[Pattern]] = {}

    def use_for(self, text: str) -> None:
        """Let the inline processor try on ``text`` only the patterns that can match in it."""
        present = "".join(character for character in self.telling if character in text)
        patterns = self.lists.get(present)
        if patterns is None:
            patterns = self.lists[present] = [pattern for name, pattern in self.patterns
                                              if not name or any(c in present for c in NEEDS[name])]
        self.inline.inlinePatterns = patterns
