"""The words around citations come from the theme's templates: a clinic translates them there."""

from pathlib import Path

from conftest import BIB, PROJECT, build, html_of, make_site, page

CITATION_PARTIAL = (PROJECT / "templates" / "partials" / "citation.html").read_text()


def own_template(root: Path, name: str, text: str) -> None:
    path = root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_citation_links_accessible_name_is_the_themes_label_macro(tmp_path):
    root = make_site(tmp_path, {"index.md": page(body="One [@a]. Two [@d].")}, BIB)
    own_template(root, "partials/citation.html", CITATION_PARTIAL.replace("Source {{ number }}:", "Référence {{ number }} :"))
    links = html_of(build(root), "index.html").xpath("//a[@class='cite']")
    assert [link.get("aria-label") for link in links] == ["Référence 1 : Alpha. First. J. 2001.",
                                                          "Référence 2 : Delta. Fourth? J. 2004."]
