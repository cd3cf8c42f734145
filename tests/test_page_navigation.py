"""The ways around a page: its map ("On this page"), "Back to top", and the pages before and after it."""

from __future__ import annotations

from conftest import build, html_of, make_site, messages, page

SECTIONS = "\n\n".join(f"## Part {n}\n\nText {n}." for n in range(1, 6))


def test_a_page_with_more_than_four_sections_has_a_map_of_them_after_its_introduction(tmp_path):
    root = make_site(tmp_path, {"index.md": page(body="An introduction.\n\n" + SECTIONS),
                                "short.md": page("Short", body="Intro.\n\n" + SECTIONS.split("\n\n## Part 5")[0])})
    result = build(root)
    assert result.report.errors == [], messages(result)
    doc = html_of(result, "index.html")
    contents = doc.xpath("//details[@class='page-contents']")
    assert len(contents) == 1 and contents[0].xpath("./summary")[0].text == "On this page"
    links = contents[0].xpath(".//a")
    assert [(a.get("href"), a.text) for a in links] == [(f"#part-{n}", f"Part {n}") for n in range(1, 6)]
    body = doc.xpath("//div[@class='page-body']")[0]
    assert [child.tag for child in body][:2] == ["p", "details"]  # the introduction, then the map
    assert not html_of(result, "short/index.html").xpath("//details[@class='page-contents']")


def test_each_page_links_back_to_the_top_and_to_the_pages_before_and_after_it_in_the_menu(tmp_path):
    root = make_site(tmp_path, {"index.md": page("Home", order="1"), "b.md": page("Bee", order="2"),
                                "c.md": page("Sea", order="3"), "hidden.md": page("Hidden", in_nav="false")})
    result = build(root)

    def turns(name):
        doc = html_of(result, name)
        assert doc.xpath("//p[@class='back-to-top']/a/@href") == ["#main"]
        return [(a.get("rel"), a.get("href"), a.xpath("string(.)").split(None, 1)[1])
                for a in doc.xpath("//nav[@class='page-turn']/a")]

    assert turns("index.html") == [("next", "b/", "Bee")]
    assert turns("b/index.html") == [("prev", "../", "Home"), ("next", "../c/", "Sea")]
    assert turns("c/index.html") == [("prev", "../b/", "Bee")]
    assert turns("hidden/index.html") == []  # a page that is not in the menu has no place in its order
