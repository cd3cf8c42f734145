"""Hostile text in every place an author can write it: nothing executable reaches the output.

Every vector in tests/data/xss_vectors.txt goes through page bodies, titles and other front-matter
fields, BibTeX fields and site.yml. A build either refuses the input with path:line:col errors
or publishes output in which a parser finds no script, event attribute, unsafe address, frame,
object, form or style of the author's; and Chromium, with the site's Content-Security-Policy
switched off so that the policy cannot hide a failure, opens no dialog on any page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest
import yaml
from conftest import XSS_VECTORS, build, make_site, page, serve_folder, write_folder

from patientsite.theme.metadata import CONTENT_SECURITY_POLICY

SITE_YML = "title: Test site\nclinic:\n  name: Test Clinic\nsearch: false\n"
LOCATION = re.compile(r"^[^:\n]+:\d+:\d+: error: .+", re.M)

FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "svg", "math",
                  "template", "portal", "textarea", "select", "keygen", "video", "audio", "source",
                  "marquee", "noscript", "xss"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "cite", "srcdoc",
                  "xlink:href", "srcset"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
BUTTON_ATTRIBUTES = {"type", "class", "id", "popovertarget", "popovertargetaction", "aria-label"}


def executable_parts(html: str) -> list[str]:
    """Everything in a page that could run script or load another site, except the theme's own."""
    doc = lxml.html.document_fromstring(html)
    found = []
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "script":
            own_module = element.get("type") == "module" and own_file(element.get("src"), r"search\.[0-9a-f]{10}\.js")
            if not own_module and not _is_json_ld(element):
                found.append(lxml.html.tostring(element, encoding="unicode")[:120])
        elif tag in FORBIDDEN_TAGS:
            found.append(f"<{tag}>")
        elif tag == "meta" and element.get("http-equiv") and not (
                element.get("http-equiv") == "Content-Security-Policy" and element.get("content") == CONTENT_SECURITY_POLICY):
            found.append(f"<meta http-equiv={element.get('http-equiv')}>")
        elif tag == "link" and element.get("rel") == "stylesheet" and not own_file(element.get("href"),
                                                                                   r"style\.[0-9a-f]{10}\.css"):
            found.append(f"<link href={element.get('href')}>")
        elif tag in ("form", "input") and element.get("class") != "search-form" and element.get("id") != "search-input":
            found.append(f"<{tag}>")
        elif tag == "button" and (element.get("type") != "button" or set(element.attrib) - BUTTON_ATTRIBUTES):
            found.append(lxml.html.tostring(element, encoding="unicode")[:120])  # a button only opens a popover
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on") or name == "style":
                found.append(f"{name}= on <{tag}>")
            elif name in URL_ATTRIBUTES:
                scheme = re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):", value)
                if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
                    found.append(f"{name}={value[:60]} on <{tag}>")
    return found


def own_file(address: str | None, name: str) -> bool:
    """A theme file in static/, linked relatively ('../static/...') or from the site's root ('/static/...')."""
    return re.fullmatch(r"(\.\./)*static/" + name + "|/static/" + name, address or "") is not None


def _is_json_ld(element) -> bool:
    if element.get("type") != "application/ld+json" or element.get("src"):
        return False
    text = element.text or ""
    json.loads(text)
    return "<" not in text


def bib_text(value: str) -> str:
    """A value written in BibTeX so that it decodes to exactly ``value``."""
    special = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "#": r"\#", "$": r"\$", "&": r"\&",
               "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
    return "".join(special.get(ch, ch) for ch in value)


def build_accepting(root: Path, remove) -> tuple[object, list[str]]:
    """Build; where inputs are refused, check the refusal is a located error, remove them, and build again."""
    refused = []
    for _ in range(3):
        result = build(root)
        if not result.report.errors:
            return result, refused
        for error in result.report.errors:
            assert LOCATION.match(error.format()), error.format()
            refused.append(remove(error))
    raise AssertionError([e.format() for e in result.report.errors])


def assert_clean(result) -> int:
    pages = [path for path in result.files if path.endswith(".html")]
    problems = {path: executable_parts(result.files[path]) for path in pages}
    assert {path: found for path, found in problems.items() if found} == {}
    return len(pages)


def write(result, folder: Path) -> Path:
    write_folder(folder, result.files, result.copies)
    return folder


def build_pages(folder: Path, pages: dict[str, str]):
    """Build a site of these pages; a page the build refuses (at its place) is left out. Returns the
    result, the refused pages and the written output folder."""
    root = make_site(folder / "site", pages, site_yml=SITE_YML)

    def remove(error):
        (root / error.path).unlink(missing_ok=True)
        return error.path

    result, refused = build_accepting(root, remove)
    return result, refused, write(result, folder / "out")


MARKDOWN_LINKS = ("[", "!", "<javascript")  # vectors written as Markdown links rather than HTML
# A vector that names a site.yml setting, as a page may ({{ clinic.phone }}): an unknown name is
# an error at its place (page.setting), never a template evaluated.
NAMES_A_SETTING = re.compile(r"\{\{\s*[A-Za-z_][\w.-]*\s*\}\}")


def refusable(vector: str) -> bool:
    return vector.startswith(MARKDOWN_LINKS) or NAMES_A_SETTING.search(vector) is not None


@pytest.fixture(scope="module")
def bodies(tmp_path_factory):
    """Each vector in a paragraph, a list, a heading, a table and running text of its own page; and all on one."""
    folder = tmp_path_factory.mktemp("bodies")
    pages = {f"v{i}.md": page(f"Vector {i}", f"Some text.\n\n{vector}\n\n- {vector}\n\n## {vector}\n\n"
                                             f"| A | B |\n|---|---|\n| {vector} | x |\n\nText {vector} more text.\n")
             for i, vector in enumerate(XSS_VECTORS)}
    pages["index.md"] = page("Home", "All of them on one page:\n\n" + "\n\n".join(
        v for v in XSS_VECTORS if not v.startswith(MARKDOWN_LINKS)))
    return build_pages(folder, pages)


@pytest.fixture(scope="module")
def front_matter(tmp_path_factory):
    """Each vector as the title, menu title, reviewer, key point, condition and drug of a page."""
    folder = tmp_path_factory.mktemp("front-matter")
    pages = {}
    for i, vector in enumerate(XSS_VECTORS):
        fields = {"title": vector, "description": "A page.", "last_reviewed": "2026-11-01", "nav_title": vector[:40],
                  "reviewed_by": vector, "key_points": [vector], "conditions": [vector], "drugs": [vector]}
        pages[f"v{i}.md"] = "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\n\nText.\n"
    pages["index.md"] = page("Home")
    return build_pages(folder, pages)


@pytest.fixture(scope="module")
def bibtex(tmp_path_factory):
    """Each vector as the author, title, journal, note and publisher of a reference, all cited on one page."""
    folder = tmp_path_factory.mktemp("bibtex")
    entries = "\n".join(
        f"@article{{v{i}, author = {{{bib_text(vector)} and Smith, Ann}}, title = {{{bib_text(vector)}}},\n"
        f"  journal = {{{bib_text(vector)}}}, note = {{{bib_text(vector)}}}, publisher = {{{bib_text(vector)}}},\n"
        f"  year = {{2001}}}}" for i, vector in enumerate(XSS_VECTORS))
    cite = "; ".join(f"@v{i}" for i in range(len(XSS_VECTORS)))
    root = make_site(folder / "site", {"index.md": page("Home", f"Cited here [{cite}].")}, bib=entries,
                     site_yml=SITE_YML)
    result = build(root)
    return result, [], write(result, folder / "out")


def test_page_bodies(bodies):
    result, refused, _ = bodies
    # Markdown links to javascript: and data: addresses are refused at their line; raw HTML is cleaned and reported.
    assert set(refused) <= {f"content/v{i}.md" for i, v in enumerate(XSS_VECTORS) if refusable(v)}
    assert refused
    assert {d.code for d in result.report.warnings} >= {"html.unsafe"}
    assert assert_clean(result) >= len(XSS_VECTORS) - len(refused)


def test_titles_and_front_matter_fields(front_matter):
    result, refused, _ = front_matter
    # Only key points that are Markdown links to unsafe addresses, or that name an unknown setting.
    limit = 6 + sum(1 for vector in XSS_VECTORS if NAMES_A_SETTING.search(vector))
    assert len(refused) <= limit
    assert assert_clean(result) >= len(XSS_VECTORS) - limit


def test_bibtex_fields(bibtex):
    result, _, _ = bibtex
    assert result.report.errors == []
    assert assert_clean(result) == 3
    sources = result.files["sources/index.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in sources  # shown as text, as written


@pytest.mark.parametrize("field", ["url", "doi"])
def test_bibtex_addresses_are_refused_unless_they_are_http_or_a_doi(tmp_path, field):
    for i, vector in enumerate(XSS_VECTORS):
        entry = f"@misc{{v{i}, author = {{Smith, Ann}}, title = {{T}}, year = {{2001}},\n  {field} = {{{bib_text(vector)}}}}}"
        root = make_site(tmp_path / f"site{i}", {"index.md": page("Home", f"Cited [@v{i}].")}, bib=entry,
                         site_yml=SITE_YML)
        result = build(root)
        if result.report.errors:
            assert [e.code for e in result.report.errors] == ["bibtex.link"], vector
            assert result.report.errors[0].line == 2  # where the field is written
        else:
            assert vector.startswith("https://"), vector
            assert_clean(result)


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    """Each vector in every text setting of site.yml, one site per vector; every tenth is written out."""
    folder = tmp_path_factory.mktemp("settings")
    results, written = {}, {}
    for i, vector in enumerate(XSS_VECTORS):
        config = {"title": vector, "description": vector, "search": False,
                  "clinic": {name: vector for name in ("name", "phone", "email", "address", "hours")},
                  "emergency": [{"label": vector, "number": vector}]}
        root = make_site(folder / f"site{i}", {"index.md": page("Home")}, site_yml=yaml.safe_dump(config))
        results[vector] = build(root)
        if i % 10 == 0 and not results[vector].report.errors:
            written[f"site.yml {i}"] = write(results[vector], folder / f"out{i}")
    return results, written


def test_site_settings(settings):
    results, _ = settings
    for vector, result in results.items():
        if result.report.errors:
            assert all(LOCATION.match(e.format()) and e.path == "site.yml" for e in result.report.errors), vector
        else:
            assert_clean(result)
    assert sum(not result.report.errors for result in results.values()) >= len(XSS_VECTORS) // 2


def test_no_page_of_any_hostile_site_runs_script_in_chromium(browser, bodies, front_matter, bibtex, settings):
    sites = {"bodies": bodies[2], "front matter": front_matter[2], "bibtex": bibtex[2], **settings[1]}
    assert len(sites) >= 8
    dialogs = []
    opened = 0
    for name, folder in sites.items():
        url, server = serve_folder(folder)
        context = browser.new_context(bypass_csp=True)
        tab = context.new_page()
        where = [name]
        tab.on("dialog", lambda dialog, where=where: (dialogs.append(where[0]), dialog.dismiss()))
        try:
            for html in sorted(folder.rglob("*.html"))[:15]:
                where[0] = f"{name}: {html.relative_to(folder)}"
                tab.goto(url + html.relative_to(folder).as_posix(), wait_until="load")
                tab.mouse.move(10, 10)
                tab.mouse.move(300, 300)
                tab.wait_for_timeout(20)
                opened += 1
        finally:
            context.close()
            server.shutdown()
    assert dialogs == []
    assert opened > 40


def test_the_checker_finds_what_it_looks_for():
    """The static scan itself fails on executable markup, so that a clean result means something."""
    for html in ('<p><img src=x onerror="alert(1)"></p>', "<script>alert(1)</script>", '<a href="javascript:x">a</a>',
                 '<iframe src="https://example.org"></iframe>', '<p style="color: red">a</p>',
                 '<meta http-equiv="refresh" content="0">', '<svg><a href="#">x</a></svg>'):
        assert executable_parts(f"<html><body>{html}</body></html>"), html
