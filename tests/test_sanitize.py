"""The allow-list's check of Markdown's tree: HTML it lets past nh3 is HTML that nh3 would leave as it is.

A page whose tree is plainly inside the allow-list is not run through nh3 (see
patientsite/markup/sanitize.py). These tests hold that shortcut to what nh3 itself does: on
the clinic's pages, the starter's and every hostile vector, each text found plain is left
byte for byte unchanged by nh3; and raw HTML, disallowed attributes and disguised addresses
are never found plain.
"""

from __future__ import annotations

import pytest
from conftest import PROJECT, XSS_VECTORS, make_site, page, run_cli
from markdown import Markdown

from patientsite.build.options import BuildOptions
from patientsite.build.pipeline import build_in_memory
from patientsite.markup.convert import MARKDOWN_EXTENSIONS
from patientsite.markup.sanitize import AllowListExtension, clean


def converted_texts(monkeypatch, root) -> list[tuple[str, bool]]:
    """Every text a build of ``root`` converts, as (HTML, whether it was found plain)."""
    found = []
    convert = Markdown.convert

    def recording(md: Markdown, source: str) -> str:
        html = convert(md, source)
        found.append((html, next(ext.plain for ext in md.registeredExtensions if isinstance(ext, AllowListExtension))))
        return html

    monkeypatch.setattr(Markdown, "convert", recording)
    build_in_memory(BuildOptions(root=root, jobs=1))
    return found


def plain(text: str) -> tuple[str, bool]:
    allow_list = AllowListExtension()
    html = Markdown(extensions=[*MARKDOWN_EXTENSIONS, "toc", allow_list], output_format="html").convert(text)
    return html, allow_list.plain


def test_clinic_pages_found_plain_are_what_nh3_would_make(monkeypatch):
    texts = converted_texts(monkeypatch, PROJECT)
    found_plain = [html for html, is_plain in texts if is_plain]
    assert [html for html in found_plain if clean(html) != html] == []
    assert len(found_plain) >= 0.9 * len(texts)  # the shortcut serves nearly every text: the clinic writes no HTML


def test_starter_pages_found_plain_are_what_nh3_would_make(monkeypatch, tmp_path):
    assert run_cli("init", tmp_path / "site").returncode == 0
    texts = converted_texts(monkeypatch, tmp_path / "site")
    assert texts and [html for html, is_plain in texts if is_plain and clean(html) != html] == []


def test_hostile_text_found_plain_is_what_nh3_would_make(monkeypatch, tmp_path):
    pages = {f"v{i}.md": page(f"Vector {i}", f"Text.\n\n{vector}\n\n- {vector}\n\n| A | B |\n|---|---|\n| {vector} | x |\n")
             for i, vector in enumerate(XSS_VECTORS)}
    texts = converted_texts(monkeypatch, make_site(tmp_path, {"index.md": page("Home"), **pages}))
    changed = [html for html, is_plain in texts if is_plain and clean(html) != html]
    assert changed == []
    assert sum(1 for _, is_plain in texts if not is_plain) >= len(XSS_VECTORS) // 2


@pytest.mark.parametrize("text", [
    "<b>bold</b>", "<script>alert(1)</script>", "A <!-- comment --> here.", "&bogus; entity",
    "A paragraph\n{: style=\"color: red\" }", "A paragraph\n{: onclick=\"alert(1)\" }",
    "[link](&#106;avascript:alert(1))", "[link](javascript:alert(1))", "[link](JavaScript:alert(1))",
    "[link](data:text/html,x)", "![image](javascript:alert(1))", "[link](<java\tscript:alert(1)>)",
    "[link](vbscript:x)", "| A | B |\n|:--|--:|\n| 1 | 2 |",  # alignment is a style attribute
    # nh3 writes these as characters rather than character references: they go through it.
    "Caf&eacute; &copy; &#169;", "Text with a note.[^1]\n\n[^1]: The note.",
])
def test_raw_html_attribute_lists_disguised_addresses_and_references_are_not_plain(text):
    html, is_plain = plain(text)
    assert not is_plain, html


@pytest.mark.parametrize("text", [
    "A paragraph with *emphasis*, `code` and **strong** text.", "[a site](https://example.org/a?b=1#c)",
    "[a page](other.html#part)", "[mail](mailto:clinic@example.org)", "[call](tel:+15555550100)",
    "| A | B |\n|---|---|\n| 1 | 2 |",
    "Term\n:   Its definition.", "!!! note\n    An admonition.", "## A heading\n\n- a list\n- of items",
    "![an image](images/a.png)", "A < B & C > D",
])
def test_markdown_of_its_own_is_plain_and_nh3_would_leave_it_unchanged(text):
    html, is_plain = plain(text)
    assert is_plain, html
    assert clean(html) == html
