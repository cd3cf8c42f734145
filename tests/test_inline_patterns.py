"""Trying on a text only the inline patterns that can match it changes nothing that any text becomes."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import pytest
from conftest import FIXTURES, PROJECT, XSS_VECTORS
from markdown import Markdown
from markdown.inlinepatterns import InlineProcessor

from patientsite.build.options import BuildOptions
from patientsite.build.pipeline import build_in_memory
from patientsite.markup.citations.extension import CitationExtension
from patientsite.markup.convert import MARKDOWN_EXTENSIONS
from patientsite.markup.inline_patterns import NEEDS, InlinePatterns
from patientsite.markup.settings import SettingsExtension

SYNTAX = [
    "*em* _em_ **strong** __strong__ ***both*** a * b _c", "`code` ``co`de`` \\`not code\\` \\\\`x`",
    "[link](https://example.org) ![image](a.png) [ref][r] [r] ![img][r]\n\n[r]: https://example.org",
    "<https://example.org> <clinic@example.org> <b>html</b> &copy; &#169; AT&T",
    "A line  \nbreak, a note[^1] and [@a; @b, p. 3] with @a says.\n\n[^1]: The note.",
    "{{ clinic.phone }} and \\{{ clinic.phone }}", "| a | b |\n|---|---|\n| `x` | [@a] |",
    "Term\n:   *Defined* [@a].", "!!! note \"A *title*\"\n    Text with **bold**.",
]


def markdown_with_our_extensions() -> Markdown:
    return Markdown(extensions=[*MARKDOWN_EXTENSIONS, "toc", CitationExtension(is_known=lambda key: True),
                                SettingsExtension({"clinic.phone": "555 *not* [markdown]"})], output_format="html")


def texts_we_did_not_write_for_this() -> list[str]:
    """The project's own Markdown (guides, pages, fixtures), each whole and a paragraph at a time, and every vector."""
    files = [*sorted((PROJECT / "docs").glob("*.md")), PROJECT / "README.md", *sorted((PROJECT / "content").rglob("*.md")),
             *sorted(FIXTURES.rglob("*.md"))]
    texts = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        texts += [text, *text.split("\n\n")]
    return texts + XSS_VECTORS + SYNTAX


def test_every_text_converts_the_same_with_only_the_patterns_that_can_match():
    every, filtered = markdown_with_our_extensions(), markdown_with_our_extensions()
    patterns = InlinePatterns(filtered)
    texts = texts_we_did_not_write_for_this()
    differ = []
    for text in texts:
        every.reset()
        filtered.reset()
        patterns.use_for(text)
        if filtered.convert(text) != every.convert(text):
            differ.append(text[:80])
    assert differ == [] and len(texts) > 500


def test_the_site_builds_the_same_with_only_the_patterns_that_can_match(monkeypatch):
    filtered = build_in_memory(BuildOptions(root=PROJECT, jobs=1)).files
    monkeypatch.setattr(InlinePatterns, "use_for", lambda self, text: None)  # every pattern, every time
    assert build_in_memory(BuildOptions(root=PROJECT, jobs=1)).files == filtered


def test_plain_prose_is_searched_by_fewer_patterns():
    md = markdown_with_our_extensions()
    patterns = InlinePatterns(md)
    patterns.use_for("Plain words, with nothing to mark up.")
    tried = len(md.treeprocessors["inline"].inlinePatterns)
    assert tried < len(md.inlinePatterns) - 10
    assert set(NEEDS) >= {"backtick", "link", "html", "entity", "em_strong", "citation", "setting"}


class _Mark(InlineProcessor):
    def handleMatch(self, m, data):
        element = etree.Element("mark")
        element.text = m.group(1)
        return element, m.start(), m.end()


@pytest.mark.parametrize("text", ["Plain ==marked== words.", "A [link](a.html) and ==marked== words."])
def test_a_pattern_it_does_not_know_is_always_tried(text):
    md = markdown_with_our_extensions()
    md.inlinePatterns.register(_Mark(r"==(.+?)==", md), "site-mark", 65)
    patterns = InlinePatterns(md)
    patterns.use_for(text)
    assert "<mark>marked</mark>" in md.convert(text)
