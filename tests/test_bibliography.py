"""references.bib: LaTeX decoding, names, macros, BibLaTeX fields, and every error at its place."""

import textwrap
from pathlib import Path

import pytest
from conftest import first_line

from patientsite.structure.bibliography import cited_entry_findings, load_library
from patientsite.structure.bibliography.bibtex_values import parse_people
from patientsite.structure.bibliography.records import Person
from patientsite.structure.config import DEFAULT_EVIDENCE_LABELS


def load(tmp_path: Path, bib: str, cited=None):
    """The library of a .bib text, and every finding, with the entries in ``cited`` (all, by default) cited."""
    path = tmp_path / "references.bib"
    path.write_text(textwrap.dedent(bib), encoding="utf-8")
    loaded = load_library(path, tmp_path, DEFAULT_EVIDENCE_LABELS)
    library = loaded.value
    keys = set(library.references) if cited is None else set(cited)
    findings = [*loaded.findings, *cited_entry_findings(library, keys)]
    return library, [first_line(d) for d in sorted(set(findings))]


def test_names_are_split_before_braces_are_removed():
    people = parse_people(r"{von Gunten}, Charles F. and {World Health Organization} and van Hilten, J. J. "
                          r"and Haanp{\"a}{\"a}, Maija and Horlin, A.-L. and Smith, Jr, John")
    assert people == (
        Person("von Gunten", "Charles F."),
        Person("World Health Organization", is_organisation=True),
        Person("van Hilten", "J. J."),
        Person("Haanpää", "Maija"),
        Person("Horlin", "A.-L."),
        Person("Smith", "John", "Jr"),
    )
    assert [p.initials for p in people] == ["CF", "", "JJ", "M", "AL", "J"]


def test_string_macros_concatenation_and_month_macros_are_resolved(tmp_path):
    library, problems = load(tmp_path, """\
        @string{pm = "Pain Medicine"}
        @string{PMS = pm # " Supplement"}
        @article{k, author = {A, B}, title = {T}, journal = PMS # { 2}, year = 2004, month = sep}
    """)
    assert problems == []
    assert library["k"].journal == "Pain Medicine Supplement 2"
    assert library["k"].month == 9
    assert library["k"].year == "2004"


def test_biblatex_field_names_are_accepted(tmp_path):
    library, problems = load(tmp_path, """\
        @article{k, author = {A, B}, title = {T}, journaltitle = {Lancet}, date = {2015-02-07},
                 number = {2}, location = {London}, doi = {https://doi.org/10.1016/S1474-4422(14)70251-0},
                 eprint = {25575710}, eprinttype = {pubmed}}
        @online{w, author = {{Org}}, title = {Page}, url = {https://example.org/?a=1&b=%20}, urldate = {2026-01-02}}
    """)
    assert problems == []
    ref = library["k"]
    assert (ref.journal, ref.year, ref.month, ref.day, ref.issue, ref.location) == ("Lancet", "2015", 2, 7, "2", "London")
    assert ref.doi == "10.1016/S1474-4422(14)70251-0" and ref.pmid == "25575710"
    assert ref.doi_url == "https://doi.org/10.1016/S1474-4422(14)70251-0"
    assert library["w"].url == "https://example.org/?a=1&b=%20"
    assert library["w"].kind == "webpage" and library["w"].year == ""


def test_a_duplicate_key_is_an_error_giving_both_lines(tmp_path):
    _, problems = load(tmp_path, """\
        @article{dup, author = {A, B}, title = {T}, journal = {J}, year = 2000}

        @article{dup, author = {C, D}, title = {U}, journal = {J}, year = 2001}
    """)
    assert problems == ["references.bib:3:10: error: the key 'dup' is used twice: on line 1 and on line 3"]


def test_a_malformed_entry_is_an_error_at_its_line(tmp_path):
    _, problems = load(tmp_path, """\
        @article{ok, author = {A, B}, title = {T}, journal = {J}, year = 2000}
        @article{broken,
          title = {unbalanced,
          year = 2000
        }
        @article{ok2, author = {A, B}, title = {T}, journal = {J}, year = 2000}
    """)
    assert problems == ["references.bib:2:1: error: 'broken' cannot be read: the entry is not closed before the next "
                        "one starts"]


@pytest.mark.parametrize("fields, missing", [
    ("author = {A, B}, year = 2000", "title"),
    ("author = {A, B}, title = {T}", "year or date"),
])
def test_an_entry_without_title_or_year_is_an_error(tmp_path, fields, missing):
    _, problems = load(tmp_path, f"\n@article{{key1, {fields}}}\n")
    assert problems == [f"references.bib:2:10: error: 'key1' has no {missing}"]


def test_an_entry_without_author_is_accepted_and_led_by_its_title(tmp_path):
    library, problems = load(tmp_path, "@manual{m, title = {Drug Facts}, year = 2020, organization = {FDA}}\n")
    assert problems == []
    assert library["m"].authors == () and library["m"].names == ()


def test_an_undefined_macro_is_an_error_at_its_field(tmp_path):
    _, problems = load(tmp_path, """\
        @article{k, author = {A, B}, title = {T}, year = 2000,
          journal = painmed}
    """)
    assert problems == ["references.bib:2:3: error: field 'journal' of 'k': 'painmed' is not defined: "
                        "it is neither text in braces nor an @string macro"]


def test_invalid_links_and_unknown_evidence_types_are_reported(tmp_path):
    _, problems = load(tmp_path, """\
        @article{k, author = {A, B}, title = {T}, journal = {J}, year = 2000,
          url = {javascript:alert(1)}, doi = {not-a-doi}, evidence = {randomised trial}}
    """)
    assert problems == [
        "references.bib:2:3: error: 'k' has the url 'javascript:alert(1)', which is not valid",
        "references.bib:2:32: error: 'k' has the doi 'not-a-doi', which is not valid",
        "references.bib:2:51: warning: 'k' has an unknown evidence type 'randomised trial'",
    ]


def test_an_unknown_entry_type_is_shown_as_misc_with_a_warning(tmp_path):
    library, problems = load(tmp_path, "@artcle{k, author = {A, B}, title = {T}, year = 2000}\n")
    assert problems == ["references.bib:1:9: warning: 'k' has the entry type @artcle, which BibLaTeX does not define; "
                        "it is shown as @misc"]
    assert library["k"].kind == "misc"


def test_a_missing_bib_file_is_a_clear_error(tmp_path):
    loaded = load_library(tmp_path / "references.bib", tmp_path, DEFAULT_EVIDENCE_LABELS)
    assert [first_line(d) for d in loaded.findings] == ["references.bib:1:1: error: references.bib is missing"]
    assert loaded.value.references == {}


UNCITED_PROBLEMS = """\
    @set{group, entryset = {a, missing}}
    @article{a, author = {A, B}, title = {T}, journal = {J}}
    @article{range, author = {A, B}, title = {T}, journal = {J}, date = {1984/1986}}
    @article{impossible, author = {A, B}, title = {T}, journal = {J}, date = {2026-13-01}}
"""


def test_an_uncited_entry_s_problems_are_warnings_at_their_lines(tmp_path):
    _, problems = load(tmp_path, UNCITED_PROBLEMS, cited=[])
    assert problems == [
        "references.bib:1:13: warning: the set 'group' names 'missing', which is not an entry of references.bib "
        "(no page cites it, so this is a warning)",
        "references.bib:2:10: warning: 'a' has no year or date (no page cites it, so this is a warning)",
        "references.bib:4:67: warning: 'impossible' has the date '2026-13-01': there is no month 13 (months run from "
        "01 to 12) (no page cites it, so this is a warning)",
    ]


def test_the_same_problems_in_a_cited_entry_stay_errors(tmp_path):
    _, problems = load(tmp_path, UNCITED_PROBLEMS, cited=["group", "impossible"])
    assert [problem.split(": ")[1] for problem in problems] == ["error", "error", "error"]


@pytest.mark.parametrize("date, message", [
    ("2026-13-01", "there is no month 13 (months run from 01 to 12)"),
    ("2026-02-30", "there is no day 30 (February 2026 has 28 days)"),
    ("2027-00-10", "there is no month 0 (months run from 01 to 12)"),
    ("1986/1984", "the range ends before it starts"),
    ("spring 2004", "this is not a date"),
])
def test_an_impossible_date_is_one_error_at_its_field(tmp_path, date, message):
    _, problems = load(tmp_path, f"@article{{k, title = {{T}}, journal = {{J}},\n  date = {{{date}}}}}\n")
    assert problems == [f"references.bib:2:3: error: 'k' has the date '{date}': {message}"]


@pytest.mark.parametrize("fields, shown, year", [
    ("date = {1984/1986}", "1984-1986", "1984"),
    ("date = {1997/}", "1997-", "1997"),
    ("date = {1850~}", "ca 1850", "1850"),
    ("date = {1850?}", "1850?", "1850"),
    ("date = {2004-22}", "2004", "2004"),  # a season (summer): only its year is shown
    ("year = {1984--1986}", "1984-1986", "1984"),
    ("year = {2004b}", "2004", "2004b"),
    ("pubstate = {inpress}", "In press", ""),
    ("year = {in press}", "In press", ""),
    ("year = {n.d.}", "n.d.", "n.d."),
])
def test_biblatex_dates_ranges_and_publication_states_are_read(tmp_path, fields, shown, year):
    library, problems = load(tmp_path, f"@article{{k, title = {{T}}, journal = {{J}}, {fields}}}\n")
    assert problems == []
    assert (library["k"].date_shown, library["k"].year) == (shown, year)


def test_a_chapter_inherits_its_book_through_crossref_as_biblatex_does(tmp_path):
    library, problems = load(tmp_path, """\
        @inbook{chapter, author = {Kant, Immanuel}, title = {Kritik}, crossref = {works}, pages = {1-10}}
        @book{works, author = {Kant, Immanuel}, title = {Werke}, subtitle = {Ausgabe}, editor = {Weischedel, W.},
              publisher = {Suhrkamp}, date = {1968}, shorttitle = {W}}
        @article{art, title = {A}, crossref = {journal}, date = 2000}
        @periodical{journal, title = {The Journal}, editor = {E, F}, date = 2000}
        @article{shared, title = {B}, xdata = {common}}
        @xdata{common, journaltitle = {Shared Journal}, date = 2001}
    """)
    assert problems == []
    chapter = library["chapter"]
    assert (chapter.kind, chapter.title, chapter.book_title, chapter.publisher, chapter.year) == \
        ("chapter", "Kritik", "Werke: Ausgabe", "Suhrkamp", "1968")
    assert [p.family for p in chapter.editors] == ["Weischedel"]
    assert library["art"].journal == "The Journal"
    assert (library["shared"].journal, library["shared"].year) == ("Shared Journal", "2001")
    assert "common" not in library  # an @xdata entry only lends its fields


def test_a_crossref_to_a_missing_entry_is_a_warning(tmp_path):
    _, problems = load(tmp_path, "@incollection{c, title = {T}, date = 2000, crossref = {nowhere}}\n")
    assert problems == ["references.bib:1:15: warning: 'c' has crossref = {nowhere}, but there is no entry "
                        "'nowhere'; its fields are not inherited"]


def test_subtitles_types_numbers_and_eprints_are_kept(tmp_path):
    library, problems = load(tmp_path, """\
        @thesis{th, author = {Doe, Ann}, title = {Pain}, subtitle = {A study}, type = {phdthesis},
                institution = {McGill University}, date = 2001}
        @mastersthesis{ma, author = {Doe, Ann}, title = {Pain}, school = {MIT}, year = 1999}
        @report{rep, author = {Roe, R.}, title = {Audit}, type = {techreport}, number = {TR-12}, institution = {NHS},
                date = 2010}
        @patent{pat, author = {Cohen, S. N.}, title = {Chimeras}, number = {4237224}, type = {patentus},
                date = {1980-12-02}}
        @article{arx, author = {Doe, Ann}, title = {Preprint}, journal = {arXiv}, date = 2020,
                 eprint = {2001.01234}, eprinttype = {arxiv}}
    """)
    assert problems == []
    assert (library["th"].title, library["th"].type_label, library["th"].institution) == \
        ("Pain: A study", "Dissertation", "McGill University")
    assert (library["ma"].type_label, library["ma"].institution) == ("Master's thesis", "MIT")
    assert (library["rep"].kind, library["rep"].type_label, library["rep"].number) == ("report", "Technical report", "TR-12")
    assert (library["pat"].kind, library["pat"].type_label, library["pat"].number) == ("patent", "US patent", "4237224")
    assert (library["arx"].eprint_url, library["arx"].eprint_label) == \
        ("https://arxiv.org/abs/2001.01234", "arXiv:2001.01234")


@pytest.mark.parametrize("entry_type", ["patent", "periodical", "thesis", "report", "mvbook", "bookinbook",
                                        "suppperiodical", "inreference", "dataset", "software", "standard", "video"])
def test_every_biblatex_type_is_known(tmp_path, entry_type):
    _, problems = load(tmp_path, f"@{entry_type}{{k, title = {{T}}, date = 2000}}\n")
    assert problems == []


def test_a_set_is_one_reference_listing_its_members(tmp_path):
    library, problems = load(tmp_path, """\
        @set{both, entryset = {one,two}}
        @article{one, author = {A, B}, title = {First}, journal = {J}, date = 2000}
        @article{two, author = {C, D}, title = {Second}, journal = {J}, date = 2001}
    """)
    assert problems == []
    assert library["both"].kind == "set"
    assert [member.key for member in library["both"].members] == ["one", "two"]
    assert library["both"].names == library["one"].authors


def test_a_command_that_cannot_be_decoded_is_a_warning_at_its_line(tmp_path):
    _, problems = load(tmp_path, "@article{k, title = {T},\n  journal = {The \\acrlong{JPM}}, date = 2000}\n")
    assert problems == ["references.bib:2:18: warning: the journal of 'k' uses the LaTeX command \\acrlong, which "
                        "cannot be shown; its text is shown without it"]


@pytest.mark.parametrize("bib, expected", [
    ("@article{k, title = {T}, date = 2000,\n  journal = {J} year = 2000}\n",
     "references.bib:2:3: error: field 'journal' of 'k': a comma is missing before 'year'"),
    ("@article{k, title = {T}, date = 2000\n  journal = {J}}\n",
     "references.bib:1:26: error: field 'date' of 'k': a comma is missing before 'journal'"),
    ("@article{k, title = {T},\n  journal = {J, date = 2000}\n@article{m, title = {U}, date = 2000}\n",
     "references.bib:1:1: error: 'k' cannot be read: the entry is not closed before the next one starts"),
    ("@article{k title = {T}, date = 2000}\n", "references.bib:1:11: error: 'k' cannot be read: a comma is missing "
     "after the key"),
    ("@article{k, title = {T}, date = 2000, journal}\n", "references.bib:1:39: error: 'k' cannot be read: the field "
     "'journal' has no '=' and no value"),
    ('@article{k, title = "T, date = 2000}\n@book{b, title={X}, date=2000}\n', "references.bib:1:13: error: 'k' "
     "cannot be read: the value of 'title' is not closed"),
    ("@article{k, title = {T}, date = 2000\n", "references.bib:1:1: error: 'k' cannot be read: the entry is not "
     "closed before the end of the file"),
])
def test_what_bibtexparser_cannot_read_is_our_located_message_and_nothing_leaks(tmp_path, capfd, bib, expected):
    _, problems = load(tmp_path, bib)
    assert problems == [expected]
    assert capfd.readouterr().err == ""


def test_names_put_particles_first_and_initial_hyphenated_given_names(tmp_path):
    people = parse_people(r"Geer, Ingrid de and Lee, Mary-Jane and Doe, min-jung and {\'E}mile, Zola")
    assert [(p.family, p.initials) for p in people] == [("de Geer", "I"), ("Lee", "MJ"), ("Doe", "MJ"),
                                                       ("Émile", "Z")]
