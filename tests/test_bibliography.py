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
    assert problems == ["references.bib:3:3: error: 'broken' cannot be read: the value of 'title' is not closed"]


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
