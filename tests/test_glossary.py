"""The glossary: an anchor for every term, an A to Z, and the first use of a term on a page opening its meaning."""

from __future__ import annotations

from conftest import BIB, build, html_of, make_site, messages, page

SITE_YML = "title: T\nclinic:\n  name: C\nglossary: glossary.md\n"
GLOSSARY = page("Glossary", body="""\
## A to Z

Anaesthetic
:   A medicine that stops you feeling pain during an operation.

Dose
:   How much of a medicine you take at one time.

Intravenous (IV)
:   Into a vein, through a thin tube.
""")
TEXT = ("A dose of an anaesthetic can be given IV [@a]. Each dose is checked.\n\n"
        "## Doses and more\n\nThe [dose page](other.md) says so, and intravenous doses are common [@a].\n\n"
        "Not iv in lower case, nor in `dose code`.\n")


def site(tmp_path, glossary: bool = True):
    pages = {"index.md": page(body=TEXT), "other.md": page("Other"), "glossary.md": GLOSSARY}
    return build(make_site(tmp_path, pages, BIB, site_yml=SITE_YML if glossary else "title: T\nclinic:\n  name: C\n"))


def test_every_glossary_term_has_an_anchor_and_the_glossary_an_a_to_z(tmp_path):
    result = site(tmp_path)
    assert result.report.errors == [], messages(result)
    doc = html_of(result, "glossary/index.html")
    assert doc.xpath("//dt/@id") == ["term-anaesthetic", "term-dose", "term-intravenous-iv"]
    letters = doc.xpath("//nav[@class='a-to-z']//li")
    assert len(letters) == 26
    assert [(a.text, a.get("href")) for a in doc.xpath("//nav[@class='a-to-z']//a")] == [
        ("A", "#term-anaesthetic"), ("D", "#term-dose"), ("I", "#term-intravenous-iv")]
    assert not doc.xpath("//button[@class='term']")  # the glossary does not link to itself


def test_the_first_use_of_each_term_on_a_page_opens_its_meaning_in_place(tmp_path):
    result = site(tmp_path)
    doc = html_of(result, "index.html")
    buttons = doc.xpath("//div[@class='page-body']//button[@class='term']")
    # "dose", "anaesthetic" and "IV" once each: not again, not in a heading, a link, code or the wrong case.
    assert [b.text for b in buttons] == ["dose", "anaesthetic", "IV"]
    for button in buttons:
        preview = doc.get_element_by_id(button.get("popovertarget"))
        assert preview.get("popover") == "auto" and preview.get("class") == "term-preview"
        more = preview.xpath("./a")[0]
        assert more.text == "More in the glossary" and more.get("href").startswith("glossary/#term-")
    iv = doc.get_element_by_id(buttons[2].get("popovertarget"))
    assert iv.xpath("string(./dfn)") == "Intravenous (IV)" and "Into a vein, through a thin tube." in iv.text_content()


def test_marking_the_terms_changes_no_word_of_the_page_and_no_finding(tmp_path):
    marked, plain = site(tmp_path / "marked"), site(tmp_path / "plain", glossary=False)

    def words(result):
        doc = html_of(result, "index.html")
        for preview in doc.xpath("//span[@class='term-preview']"):
            preview.drop_tree()
        return " ".join(doc.xpath("//div[@class='page-body']")[0].text_content().split())

    assert words(marked) == words(plain)
    assert not html_of(plain, "index.html").xpath("//button[@class='term']")
    found = {(d.code, d.line) for d in marked.report.diagnostics if d.path == "content/index.md"}
    assert found == {(d.code, d.line) for d in plain.report.diagnostics if d.path == "content/index.md"}
