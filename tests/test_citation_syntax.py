"""The citation grammar, tested against the examples in pandoc's manual."""

import pytest

from patientsite.markup.citations.syntax import CitationItem, parse_bracketed

PANDOC_CITATIONS = {
    "[see @doe99, pp. 33-35; also @smith04, chap. 1]": (
        CitationItem("doe99", prefix="see", locator="pp. 33-35"),
        CitationItem("smith04", prefix="also", locator="chap. 1"),
    ),
    "[@doe99, pp. 33-35, 38-39 and passim]": (CitationItem("doe99", locator="pp. 33-35, 38-39 and passim"),),
    "[@smith04; @doe99]": (CitationItem("smith04"), CitationItem("doe99")),
    "[@smith{ii, A, D-Z}, with a suffix]": (CitationItem("smith", locator="ii, A, D-Z", suffix="with a suffix"),),
    "[@smith, {pp. iv, vi-xi, (xv)-(xvii)} with suffix here]": (
        CitationItem("smith", locator="pp. iv, vi-xi, (xv)-(xvii)", suffix="with suffix here"),),
    "[@smith{}, 99 years later]": (CitationItem("smith", suffix="99 years later"),),
    "[-@smith04]": (CitationItem("smith04"),),
    "[@key, p. 12]": (CitationItem("key", locator="p. 12"),),
    "[@key, 12]": (CitationItem("key", locator="p. 12"),),
    "[@a; @b, p. 5]": (CitationItem("a"), CitationItem("b", locator="p. 5")),
    "[@{https://example.com/bib?name=foobar&date=2000}, p. 33]": (
        CitationItem("https://example.com/bib?name=foobar&date=2000", locator="p. 33"),),
    "[@Foo_bar.baz:qux-2]": (CitationItem("Foo_bar.baz:qux-2"),),
}


@pytest.mark.parametrize("text", PANDOC_CITATIONS)
def test_pandoc_examples_parse_into_items(text):
    items, length = parse_bracketed(text)
    assert items == PANDOC_CITATIONS[text]
    assert length == len(text)


@pytest.mark.parametrize("text", [
    "[a link](https://example.org/@someone)",
    "[text][ref]",
    "[see above]",
    "[write to me@example.org]",
    "[@]",
    "[@a}]",
    "[@a",
    "[see @a and @b]",
])
def test_brackets_that_are_not_citations_are_left_alone(text):
    assert parse_bracketed(text) is None


def test_a_citation_followed_by_a_colon_is_still_a_citation():
    items, length = parse_bracketed("[@a]: and more")
    assert items == (CitationItem("a"),) and length == 4


def test_trailing_punctuation_is_not_part_of_the_key():
    items, _ = parse_bracketed("[@doe99.]")
    assert items[0].key == "doe99"
    assert items[0].suffix == "."
