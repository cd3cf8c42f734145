"""The citation grammar, tested against the examples in pandoc's manual and its locator tests.

Pandoc's own results are in its repository: test/command/pandoc-citeproc-locators-integrated.md
and pandoc-citeproc-locators-delimited.md, read with src/Text/Pandoc/Citeproc/Locator.hs.
"""

import pytest

from patientsite.markup.citations.locators import parse_locator
from patientsite.markup.citations.syntax import CitationItem, parse_bracketed

PANDOC_CITATIONS = {
    "[see @doe99, pp. 33-35 and *passim*; @smith04, chap. 1]": (
        CitationItem("doe99", prefix="see", locator="pp. 33-35", suffix="and *passim*"),
        CitationItem("smith04", locator="chap. 1"),
    ),
    "[see @doe99, pp. 33-35; also @smith04, chap. 1]": (
        CitationItem("doe99", prefix="see", locator="pp. 33-35"),
        CitationItem("smith04", prefix="also", locator="chap. 1"),
    ),
    "[@doe99, pp. 33-35, 38-39 and *passim*]": (
        CitationItem("doe99", locator="pp. 33-35, 38-39", suffix="and *passim*"),),
    "[@smith04; @doe99]": (CitationItem("smith04"), CitationItem("doe99")),
    # "If no locator term is used, 'page' is assumed", in braces too.
    "[@smith{ii, A, D-Z}, with a suffix]": (CitationItem("smith", locator="pp. ii, A, D-Z", suffix=", with a suffix"),),
    "[@smith, {pp. iv, vi-xi, (xv)-(xvii)} with suffix here]": (
        CitationItem("smith", locator="pp. iv, vi-xi, (xv)-(xvii)", suffix="with suffix here"),),
    "[@smith{}, 99 years later]": (CitationItem("smith", suffix=", 99 years later"),),
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


def test_a_comma_and_a_word_without_a_number_end_the_locator_and_start_the_suffix():
    items, _ = parse_bracketed("[@doe99, p. 33, emphasis added]")
    assert items == (CitationItem("doe99", locator="p. 33", suffix=", emphasis added"),)


@pytest.mark.parametrize("rest, locator, suffix", [
    (", 89, and suffix", "p. 89", ", and suffix"),
    (", 123-79, and suffix", "pp. 123-79", ", and suffix"),
    (", xi, will be entirely suffix", "", ", xi, will be entirely suffix"),  # "page" needs a digit
    (", p. xi, gives you a (page) locator xi", "p. xi", ", gives you a (page) locator xi"),
    (", pp. VII, 89, gives you a (pages) locator VII, 89", "pp. VII, 89", ", gives you a (pages) locator VII, 89"),
    (" and nothing else", "", "and nothing else"),
    (", 3(a), 4.4.8, 7A(2)(a)(i)-(iv)", "pp. 3(a), 4.4.8, 7A(2)(a)(i)-(iv)", ""),
    (", p.3, and suffix", "p. 3", ", and suffix"),
    (", (13 entirely suffix", "", ", (13 entirely suffix"),
    (", p. {(a)}", "", ", p. {(a)}"),
    (" {} 123-35 numbers are suffix", "", "123-35 numbers are suffix"),
    (" {123-35} numbers not, but text is suffix", "pp. 123-35", "numbers not, but text is suffix"),
    (", {p. a}", "p. a", ""),
    (", { p. 9 }", "p. 9", ""),
    (", {}", "", ""),
    (", suffix", "", ", suffix"),
])
def test_locators_are_split_from_suffixes_where_pandoc_splits_them(rest, locator, suffix):
    assert parse_locator(rest) == (locator, suffix)


@pytest.mark.parametrize("written, shown", [
    ("33-35", "pp. 33-35"), ("33", "p. 33"), ("33, 35", "pp. 33, 35"),
    ("p. 33-35", "pp. 33-35"), ("pp. 5", "p. 5"), ("pages 3-4", "pp. 3-4"), ("Page 3", "p. 3"),
    ("bks. 2-3", "bks. 2-3"), ("book 2", "bk. 2"),
    ("chaps. 2-3", "chaps. 2-3"), ("chapter 1", "chap. 1"), ("chapters 1, 2", "chaps. 1, 2"),
    ("cols. 3-4", "cols. 3-4"), ("figs. 2, 3", "figs. 2, 3"), ("figure 2", "fig. 2"),
    ("fols. 1-2", "fols. 1-2"), ("nos. 4-5", "nos. 4-5"), ("number 4", "no. 4"),
    ("ll. 4-8", "ll. 4-8"), ("line 4", "l. 4"), ("nn. 3-4", "nn. 3-4"), ("note 3", "n. 3"),
    ("opp. 2, 3", "opp. 2, 3"), ("opera 2, 3", "opp. 2, 3"), ("paras. 2-4", "paras. 2-4"), ("¶¶ 2-4", "paras. 2-4"),
    ("pts. 1-2", "pts. 1-2"), ("secs. 4-5", "secs. 4-5"), ("§ 4", "sec. 4"), ("Sections 4-5", "secs. 4-5"),
    ("s.v. 3", "s.v. 3"), ("s.vv. 3, 4", "s.vv. 3, 4"), ("sub verbis 3, 4", "s.vv. 3, 4"),
    ("vv. 2-3", "vv. 2-3"), ("verse 2", "v. 2"), ("vols. 1-2", "vols. 1-2"), ("volume 1", "vol. 1"),
])
def test_every_locator_term_of_pandocs_english_locale_is_recognised_and_shown_short(written, shown):
    items, _ = parse_bracketed(f"[@a, {written}]")
    assert items == (CitationItem("a", locator=shown),)


def test_empty_braces_end_the_key_and_keep_the_suffix_as_written_not_as_a_locator():
    items, _ = parse_bracketed("[@smith{}, 99 years later]")
    assert items == (CitationItem("smith", suffix=", 99 years later"),)


def test_an_in_text_suffix_without_a_locator_is_set_off_by_a_comma():
    assert parse_locator("with suffix") == ("", ", with suffix")
    assert parse_locator("p. 30, with suffix") == ("p. 30", ", with suffix")
