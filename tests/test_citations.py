"""Citations in pages: numbering, ranges, locators, back-links, and what is never a citation."""

import re

from conftest import BIB, build, first_line, html_of, make_site, messages, page


def body_of(tmp_path, body, bib=BIB, **fields):
    result = build(make_site(tmp_path, {"index.md": page(body=body, **fields)}, bib))
    assert result.report.errors == [], messages(result)
    return result, html_of(result, "index.html")


def visible(sup):
    """The visible text of a citation: numbers, separators, locators, prefixes and suffixes, without the previews."""
    parts = [sup.text or ""]
    for child in sup:
        if child.tag == "button":
            parts.append(child.text or "")
        elif child.get("class") not in ("cite-anchor", "cite-preview"):
            parts.append(child.text_content())  # the emphasis or code of a prefix or suffix
        parts.append(child.tail or "")
    return "".join(parts)


def sups(doc):
    return [visible(s) for s in doc.xpath("//div[@class='page-body']//sup[@class='citation']")]


def test_sources_are_numbered_in_order_of_first_citation_and_keep_their_number(tmp_path):
    _, doc = body_of(tmp_path, "One [@c]. Two [@a]. Three [@c]. Four [@b].")
    assert sups(doc) == ["1", "2", "1", "3"]
    refs = doc.xpath("//section[@class='references']//li[starts-with(@id, 'ref-')]")
    assert [r.get("id") for r in refs] == ["ref-1", "ref-2", "ref-3"]
    assert "Gamma C" in refs[0].text_content() and "Alpha A" in refs[1].text_content()


def test_numbers_in_a_group_are_sorted_and_three_or_more_consecutive_become_a_range(tmp_path):
    _, doc = body_of(tmp_path, "[@a] [@b] [@c] [@d] [@e].\n\nAll [@e; @c; @a; @b]. Some [@e; @a; @c].")
    assert sups(doc)[5:] == ["1–3,5", "1,3,5"]


def test_the_ends_of_a_range_are_links_and_hidden_members_still_get_back_links(tmp_path):
    _, doc = body_of(tmp_path, "Many [@a; @b; @c; @d].")
    sup = doc.xpath("//div[@class='page-body']//sup[@class='citation']")[0]
    assert [a.get("href") for a in sup.xpath("./span/a[@class='cite-more']")] == ["#ref-1", "#ref-4"]
    assert sorted(s.get("id") for s in sup.xpath(".//span[@class='cite-anchor']")) == ["cite-2-1", "cite-3-1"]
    for number in (2, 3):
        backlink = doc.xpath(f"//li[@id='ref-{number}']//a[contains(@class, 'backlink')]")[0]
        assert backlink.get("href") == f"#cite-{number}-1"


def test_two_consecutive_numbers_are_not_a_range(tmp_path):
    _, doc = body_of(tmp_path, "Two [@a; @b].")
    assert sups(doc) == ["1,2"]


def test_locators_are_shown_after_their_number_and_stop_a_range(tmp_path):
    _, doc = body_of(tmp_path, "See [@a, p. 12]. And [@a; @b, pp. 3-4; @c].")
    assert sups(doc) == ["1(p. 12)", "1,2(pp. 3-4),3"]


def test_a_group_with_prefixes_keeps_its_written_order(tmp_path):
    _, doc = body_of(tmp_path, "Compare [see @b, p. 2; also @a].")
    assert sups(doc) == ["see 1(p. 2); also 2"]


def test_in_text_citation_names_the_authors(tmp_path):
    _, doc = body_of(tmp_path, "@b found this. @c [p. 4] agrees.")
    spans = doc.xpath("//span[@class='citation-in-text']")
    assert [s.text for s in spans] == ["Beta and Bravo", "Gamma et al"]
    assert visible(spans[1].xpath("./sup")[0]) == "2(p. 4)"


def test_every_citation_is_a_button_that_opens_its_preview_in_place(tmp_path):
    _, doc = body_of(tmp_path, "One [@d].")
    button = doc.xpath("//button[@class='cite']")[0]
    assert button.get("aria-label") == "Source 1: Delta. Fourth? J. 2004." and button.get("type") == "button"
    preview = doc.get_element_by_id(button.get("popovertarget"))
    assert preview.get("popover") == "auto" and preview.getparent() is button.getparent()
    assert preview.xpath("./span[@class='cite-preview-text']")[0].text == "Delta. Fourth? J. 2004."
    more = preview.xpath("./a[@class='cite-more']")[0]
    assert more.get("href") == "#ref-1" and more.text == "See source 1 in full"


def test_a_source_cited_several_times_links_back_to_each_place_by_its_section(tmp_path):
    _, doc = body_of(tmp_path, "One [@a].\n\n## Risks\n\nTwo [@a; @b]. Three [@a].\n\n## What \"next\" means\n\nFour [@a].",
                     key_points="\n  - Key [@a].")
    entry = doc.xpath("//li[@id='ref-1']")[0]
    assert " ".join(entry.xpath(".//p[@class='backlinks']")[0].text_content().split()) == (
        "Cited in: Key points; Start of the page; Risks (1, 2); What \u201cnext\u201d means")
    backlinks = entry.xpath(".//a[contains(@class, 'backlink')]")
    assert [a.get("href") for a in backlinks] == [f"#cite-1-{n}" for n in range(1, 6)]
    assert backlinks[2].get("aria-label") == "Risks, place 1 of 2"
    ids = set(doc.xpath("//@id"))
    assert all(a.get("href")[1:] in ids for a in backlinks)
    # A source cited once has one way back.
    back = doc.xpath("//li[@id='ref-2']//a[@class='backlink']")
    assert len(back) == 1 and back[0].get("href") == "#cite-2-1"
    assert " ".join(back[0].text_content().split()) == "↑ Back to text citing source 2"


def test_key_points_are_cited_first(tmp_path):
    _, doc = body_of(tmp_path, "Body [@b] and [@a].", key_points="\n  - Point [@a].")
    point = doc.xpath("//section[@class='key-points']//sup[@class='citation']")[0]
    assert visible(point) == "1"
    assert sups(doc) == ["2", "1"]


NOT_CITATIONS = """\
Code `[@a]` and an e-mail me@example.org and a URL https://example.org/@a.

    [@a] in a code block

```
[@a] in a fenced block
```

A [link](https://example.org/@a), an escaped \\[@a], and an escaped \\@a. A [defined link][@b].

[@b]: https://example.org/defined
"""


def test_code_email_urls_links_and_escapes_are_never_citations(tmp_path):
    result, doc = body_of(tmp_path, NOT_CITATIONS, bib=BIB)
    assert sups(doc) == []
    text = doc.xpath("//div[@class='page-body']")[0].text_content()
    assert "[@a] in a code block" in text and "an escaped [@a]" in text and "escaped @a." in text
    assert doc.xpath("//a[@href='https://example.org/defined']")[0].text == "defined link"
    assert any("'a' is not cited" in m for m in messages(result, notices=True))


def test_a_citation_before_a_colon_is_a_numbered_citation(tmp_path):
    _, doc = body_of(tmp_path, "They can include [@a]:\n\n- one")
    assert sups(doc) == ["1"] and not doc.xpath("//span[@class='citation-in-text']")


def test_a_citation_in_a_heading_does_not_change_the_heading_id(tmp_path):
    _, doc = body_of(tmp_path, "## Results [@a]\n\nText.")
    assert doc.xpath("//h2[@id='results']")


def test_a_reference_that_no_page_cites_is_a_notice_at_its_entry_and_not_shown(tmp_path):
    result = build(make_site(tmp_path, {"index.md": page(body="One [@a].")}, BIB))
    unused = [m for m in messages(result, notices=True) if "not cited" in m]
    assert unused == [f"references.bib:{line}:10: notice: '{key}' is not cited on any page, so the site does not "
                      "show it" for line, key in ((2, "b"), (3, "c"), (4, "d"), (5, "e"))]
    sources = result.files["sources/index.html"]
    assert 'id="source-a"' in sources and 'id="source-b"' not in sources


def test_a_whole_exported_library_is_one_notice_and_builds_under_strict(tmp_path):
    bib = BIB + "".join(f"@article{{x{i}, author = {{A, B}}, title = {{T}}, journal = {{J}}, year = 2000}}\n"
                        for i in range(40))
    result = build(make_site(tmp_path, {"index.md": page(body="One [@a].")}, bib), strict=True)
    unused = [m for m in messages(result, notices=True) if "not cited" in m]
    assert unused == ["references.bib:1:1: notice: 44 entries are not cited on any page, so the site does not show "
                      "them: 'b', 'c', 'd' and 41 more"]
    assert not result.failed(strict=True)


def test_a_citation_inside_link_text_is_an_error(tmp_path):
    result = build(make_site(tmp_path, {"index.md": page(body="See [the study [@a]](https://example.org).")}, BIB))
    assert "content/index.md:7:16: error: the citation [@a] is inside a link's text" in messages(result)


def test_a_superscript_number_sits_right_after_the_word_it_follows_on_its_line(tmp_path):
    result, _ = body_of(tmp_path, "At week 12 [@a]. First [@b] *then* @c says.")
    html = result.files["index.html"]
    # The word, the number and the full stop are kept together, so that the number never starts a line.
    assert 'week <span class="cite-joined">12<sup class="citation">' in html
    assert re.search(r'</sup>\.</span> <span class="cite-joined">First<sup class="citation">', html)
    assert '</em> <span class="citation-in-text">' in html


def test_an_unknown_key_in_a_key_point_is_reported_at_its_line_in_the_front_matter(tmp_path):
    site = make_site(tmp_path, {"index.md": page(body="Text.", key_points="\n  - Fine.\n  - Point [@nope].")}, BIB)
    errors = build(site).report.errors
    assert [first_line(error) for error in errors] == ["content/index.md:7:12: error: unknown citation key 'nope'"]


def test_markdown_in_a_prefix_or_suffix_is_rendered(tmp_path):
    _, doc = body_of(tmp_path, "See [*see* @a, pp. 33-35, 38-39 and *passim*]. And [@b, p. 2, `code` and **bold**].")
    first, second = doc.xpath("//div[@class='page-body']//sup[@class='citation']")
    assert [e.text for e in first.xpath("./em")] == ["see", "passim"]
    assert "*" not in first.text_content()
    assert second.xpath("./code")[0].text == "code" and second.xpath("./strong")[0].text == "bold"
    assert visible(second) == "2(p. 2), code and bold"


def test_raw_html_in_a_prefix_or_suffix_stays_text(tmp_path):
    _, doc = body_of(tmp_path, "See [<b>see</b> @a, p. 2, *so* <img src=x onerror=alert(1)>].")
    sup = doc.xpath("//div[@class='page-body']//sup[@class='citation']")[0]
    assert not doc.xpath("//img") and not sup.xpath(".//b") and sup.xpath("./em")[0].text == "so"
    assert visible(sup) == "<b>see</b> 1(p. 2), so <img src=x onerror=alert(1)>"


def test_a_citation_in_a_suffix_is_text_and_a_prefix_stays_out_of_the_heading_id(tmp_path):
    _, doc = body_of(tmp_path, "## Results [see *also* @a, and (@b)]\n\nText [@b].")
    assert doc.xpath("//h2[@id='results']")
    assert visible(doc.xpath("//h2//sup[@class='citation']")[0]) == "see also 1, and (@b)"


def test_a_suffix_after_a_locator_keeps_its_comma_and_its_words(tmp_path):
    _, doc = body_of(tmp_path, "Quoted [@a, p. 33, emphasis added].")
    assert sups(doc) == ["1(p. 33), emphasis added"]


def test_an_implied_page_range_is_shown_as_pages(tmp_path):
    _, doc = body_of(tmp_path, "See [@a, 33-35] and [@b, 12].")
    assert sups(doc) == ["1(pp. 33-35)", "2(p. 12)"]


def test_empty_braces_after_a_key_keep_the_suffix_as_written(tmp_path):
    _, doc = body_of(tmp_path, "Then [@a{}, 99 years later].")
    assert sups(doc) == ["1, 99 years later"]


def test_an_unclosed_citation_is_a_warning_at_its_place_with_a_hint(tmp_path):
    body = "Allergy to pollen [@a and more.\n\nA [closed] bracket, [see @b] and an escaped \\[@c are not.\n"
    result = build(make_site(tmp_path, {"index.md": page(body=body)}, BIB))
    unclosed = [d for d in result.report.warnings if d.code == "citation.unclosed"]
    assert [first_line(d) for d in unclosed] == ["content/index.md:7:19: warning: the citation [@a is not closed"]
    assert "[@a]" in unclosed[0].hint
    assert build(make_site(tmp_path, {"index.md": page(body=body)}, BIB), strict=True).report.fails(strict=True)


def test_a_key_point_that_starts_with_a_citation_is_a_yaml_error_whose_hint_says_to_quote_it(tmp_path):
    site = make_site(tmp_path, {"index.md": page(key_points="\n  - @a says it works.")}, BIB)
    (error,) = build(site).report.errors
    assert first_line(error).startswith("content/index.md:6:5: error: the YAML cannot be read")
    assert error.code == "yaml.syntax" and 'put the whole value in quotes, as in - "@a says it works."' in error.hint
    _, doc = body_of(tmp_path / "quoted", "Text [@b].", key_points='\n  - "@a says it works."')
    assert doc.xpath("//section[@class='key-points']//span[@class='citation-in-text']")[0].text == "Alpha"


def test_an_in_text_citation_that_starts_a_sentence_starts_with_a_capital(tmp_path):
    bib = BIB + "@article{f, author = {de la Fontaine, Jean and Roe, R. and Poe, P.}, title = {Sixth}, " \
                "journal = {J}, year = {2006}}\n"
    body = ("@f found this. Later @f agreed. Still [@a]. @f again! \"Yes.\" @f said; e.g. @f.\n\n"
            "- @f in a list\n\n**Done.** @f [p. 3] too, in (@f).\n\n")
    _, doc = body_of(tmp_path, body + "[@b; @c; @d; @e]", bib=bib)
    names = [s.text for s in doc.xpath("//div[@class='page-body']//span[@class='citation-in-text']")]
    capital, lower = "De la Fontaine et al", "de la Fontaine et al"
    assert names == [capital, lower, capital, capital, lower, capital, capital, lower]
    assert "de la Fontaine J" in doc.xpath("//li[@id='ref-1']")[0].text_content()
