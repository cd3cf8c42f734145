"""references.json: CSL-JSON read into the same references as BibTeX, beside or instead of references.bib,
with every finding at the line and column of its item or value."""

import dataclasses
import datetime as dt
import json
import re
import textwrap
from pathlib import Path

import pytest
from conftest import FIXTURES, PROJECT, first_line, make_site, messages, page, run_cli

from patientsite.build.cache import BuildCache
from patientsite.build.options import BuildOptions
from patientsite.build.pipeline import build_in_memory
from patientsite.structure.bibliography import cited_entry_findings, library_files, load_library
from patientsite.structure.bibliography.csl_json import OTHER_TYPES, TYPES, note_fields
from patientsite.structure.bibliography.csl_values import rich_text
from patientsite.structure.bibliography.records import Person
from patientsite.structure.bibliography.types import ENTRY_KINDS, NONSTANDARD
from patientsite.structure.config import DEFAULT_EVIDENCE_LABELS

# A Zotero export (File > Export Library > CSL JSON): tabs, years as text, Extra in the note.
ZOTERO_EXPORT = r"""[
	{
		"id": "fontaine2019cannabis",
		"type": "article-journal",
		"abstract": "We measured water uptake.",
		"container-title": "Journal of Pain Research",
		"DOI": "10.2147/JPR.S123456",
		"ISSN": "1178-7090",
		"issue": "3",
		"journalAbbreviation": "J. Pain Res.",
		"language": "en",
		"note": "PMID: 31234567\nevidence: randomized trial",
		"page": "101–110",
		"PMCID": "PMC6543210",
		"source": "PubMed",
		"title": "Effects of <i>Cannabis sativa</i> on H<sub>2</sub>O uptake",
		"volume": "12",
		"author": [
			{"family": "Fontaine", "given": "Jean", "non-dropping-particle": "de la"},
			{"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"},
			{"family": "Smith", "given": "John", "suffix": "Jr."}
		],
		"issued": {"date-parts": [["2019", 3, 14]]},
		"citation-key": "fontaine2019cannabis"
	},
	{
		"id": "who2023pain",
		"type": "webpage",
		"container-title": "WHO",
		"title": "Cancer pain relief",
		"URL": "https://www.who.int/cancer/pain",
		"author": [{"literal": "World Health Organization"}],
		"accessed": {"date-parts": [["2023", 6, 2]]}
	},
	{
		"id": "hardy1984history",
		"type": "book",
		"edition": "2",
		"event-place": "Oxford",
		"publisher": "Oxford University Press",
		"publisher-place": "Oxford",
		"title": "A history of pain",
		"author": [{"family": "Hardy", "given": "Ann"}],
		"issued": {"date-parts": [["1984"], ["1986"]]}
	},
	{
		"id": "miller2010chapter",
		"type": "chapter",
		"container-title": "Textbook of pain",
		"page": "45-60",
		"publisher": "Elsevier",
		"publisher-place": "Philadelphia",
		"title": "Ketamine in the clinic",
		"author": [{"family": "Miller", "given": "Mary-Jane"}],
		"editor": [{"family": "McMahon", "given": "Stephen B."}],
		"issued": {"date-parts": [[2010]]}
	},
	{
		"id": "rossi2018conference",
		"type": "paper-conference",
		"container-title": "Proceedings of the World Congress on Pain",
		"event-title": "World Congress on Pain",
		"page": "7-9",
		"title": "Infusions at home",
		"author": [{"family": "Rossi", "given": "Paolo"}],
		"issued": {"date-parts": [[2018, 9]]}
	},
	{
		"id": "nice2021guideline",
		"type": "report",
		"genre": "Guideline",
		"number": "NG193",
		"publisher": "National Institute for Health and Care Excellence",
		"title": "Chronic pain in over 16s",
		"URL": "https://www.nice.org.uk/guidance/ng193",
		"author": [{"literal": "NICE"}],
		"issued": {"date-parts": [[2021, 4, 7]]}
	},
	{
		"id": "lee2015thesis",
		"type": "thesis",
		"genre": "PhD thesis",
		"publisher": "University of Toronto",
		"publisher-place": "Toronto",
		"title": "Pain after surgery",
		"author": [{"family": "Lee", "given": "Min"}],
		"issued": {"date-parts": [[2015]]}
	},
	{
		"id": "darwin1850letter",
		"type": "manuscript",
		"title": "A letter on pain",
		"author": [{"family": "Darwin", "given": "Erasmus"}],
		"issued": {"date-parts": [[1850]], "circa": true}
	}
]
"""

EQUIVALENT_BIB = r"""
@article{fontaine2019cannabis,
  author = {de la Fontaine, Jean and van Beethoven, Ludwig and Smith, Jr., John},
  title = {Effects of \emph{Cannabis sativa} on H\textsubscript{2}O uptake},
  journaltitle = {Journal of Pain Research}, shortjournal = {J. Pain Res.},
  volume = {12}, number = {3}, pages = {101--110}, date = {2019-03-14},
  doi = {10.2147/JPR.S123456}, pmid = {31234567}, pmcid = {PMC6543210}, langid = {english},
  evidence = {randomized trial}}
@online{who2023pain, author = {{World Health Organization}}, title = {Cancer pain relief}, journaltitle = {WHO},
  url = {https://www.who.int/cancer/pain}, urldate = {2023-06-02}}
@book{hardy1984history, author = {Hardy, Ann}, title = {A history of pain}, edition = {2},
  publisher = {Oxford University Press}, location = {Oxford}, date = {1984/1986}}
@incollection{miller2010chapter, author = {Miller, Mary-Jane}, editor = {McMahon, Stephen B.},
  title = {Ketamine in the clinic}, booktitle = {Textbook of pain}, pages = {45--60}, publisher = {Elsevier},
  location = {Philadelphia}, date = {2010}}
@inproceedings{rossi2018conference, author = {Rossi, Paolo}, title = {Infusions at home},
  booktitle = {Proceedings of the World Congress on Pain}, pages = {7--9}, date = {2018-09}}
@report{nice2021guideline, author = {{NICE}}, title = {Chronic pain in over 16s}, type = {Guideline},
  number = {NG193}, institution = {National Institute for Health and Care Excellence},
  url = {https://www.nice.org.uk/guidance/ng193}, date = {2021-04-07}}
@thesis{lee2015thesis, author = {Lee, Min}, title = {Pain after surgery}, type = {PhD thesis},
  institution = {University of Toronto}, location = {Toronto}, date = {2015}}
@unpublished{darwin1850letter, author = {Darwin, Erasmus}, title = {A letter on pain}, date = {1850~}}
"""


def load(tmp_path: Path, json_text: str = "", bib: str | None = None, cited=None):
    """The library of references.json (and references.bib, if given), and every finding as a first line, with
    the entries in ``cited`` (all, by default) cited."""
    (tmp_path / "references.json").write_text(textwrap.dedent(json_text), encoding="utf-8")
    if bib is not None:
        (tmp_path / "references.bib").write_text(textwrap.dedent(bib), encoding="utf-8")
    loaded = load_library(library_files(tmp_path), tmp_path, DEFAULT_EVIDENCE_LABELS)
    library = loaded.value
    keys = set(library.references) if cited is None else set(cited)
    findings = [*loaded.findings, *cited_entry_findings(library, keys)]
    return library, [first_line(d) for d in sorted(set(findings), key=lambda d: (d.path, d.line, d.col))]


def without_place(reference):
    return dataclasses.replace(reference, line=0, col=0)


def test_a_zotero_export_gives_the_same_references_as_the_equivalent_bib(tmp_path):
    (tmp_path / "json").mkdir()
    (tmp_path / "bib").mkdir()
    from_json, json_problems = load(tmp_path / "json", ZOTERO_EXPORT)
    (tmp_path / "bib" / "references.bib").write_text(EQUIVALENT_BIB, encoding="utf-8")
    loaded = load_library(tmp_path / "bib" / "references.bib", tmp_path / "bib", DEFAULT_EVIDENCE_LABELS)
    from_bib = loaded.value
    assert json_problems == [] and loaded.findings == () and from_bib.entry_findings == {}
    assert list(from_json.references) == list(from_bib.references)
    for key, reference in from_json.references.items():
        assert without_place(reference) == without_place(from_bib[key]), key
    article = from_json["fontaine2019cannabis"]
    assert [person.family for person in article.authors] == ["de la Fontaine", "van Beethoven", "Smith"]
    assert article.authors[2] == Person("Smith", "John", "Jr.")
    assert (article.pmid, article.evidence, article.pages, article.journal_short) == \
        ("31234567", "randomized trial", "101-110", "J Pain Res")
    assert article.note == ""  # the note held only fields
    assert from_json["who2023pain"].authors == (Person("World Health Organization", is_organisation=True),)
    assert from_json["who2023pain"].urldate == dt.date(2023, 6, 2)
    assert from_json["hardy1984history"].date_shown == "1984-1986"
    assert from_json["darwin1850letter"].date_shown == "ca 1850"
    assert (from_json["nice2021guideline"].kind, from_json["nice2021guideline"].type_label) == ("report", "Guideline")
    assert from_json["miller2010chapter"].book_title == "Textbook of pain"


def test_an_entry_is_at_the_line_and_column_of_its_id(tmp_path):
    library, _ = load(tmp_path, ZOTERO_EXPORT)
    assert (library["fontaine2019cannabis"].line, library["fontaine2019cannabis"].col) == (3, 9)
    assert (library["who2023pain"].line, library["who2023pain"].col) == (27, 9)


def test_invalid_json_is_one_error_at_the_place_json_found(tmp_path):
    _, problems = load(tmp_path, """\
        [
          {"id": "a", "type": "book", "title": "A"
           "issued": {"date-parts": [[2004]]}}
        ]
    """)
    assert problems == ["references.json:3:4: error: this is not valid JSON: a comma is missing between two values"]


def test_a_comma_after_the_last_item_is_named_as_such(tmp_path):
    _, problems = load(tmp_path, '[\n  {"id": "a", "type": "book", "title": "A", "issued": {"date-parts": [[2004]]}},\n]\n')
    assert problems == ["references.json:3:1: error: this is not valid JSON: a comma is left after the last value"]


def test_a_file_that_is_not_a_list_is_an_error(tmp_path):
    _, problems = load(tmp_path, '{"id": "a", "type": "book"}')
    assert problems == ["references.json:1:1: error: the file holds an object, not a list of items"]


def test_each_problem_is_at_the_line_and_column_of_its_value(tmp_path):
    _, problems = load(tmp_path, """\
        [
          {"type": "book", "title": "No id"},
          {"id": "names", "type": "book", "title": "T", "issued": {"date-parts": [[2004]]},
           "author": "Smith, Jane"},
          {"id": "parts", "type": "book", "title": "T", "issued": {"date-parts": [["March", 2004]]}},
          {"id": "day", "type": "book", "title": "T",
           "issued": {"date-parts": [[2023, 2, 30]]}},
          {"id": "access", "type": "webpage", "title": "T", "URL": "https://example.org",
           "accessed": {"date-parts": [[2023]]}},
          {"id": "person", "type": "book", "title": "T", "issued": {"date-parts": [[2004]]},
           "author": [{"family": "Ok"}, {"given": "Jane", "family": ["Smith"]}]},
          {"id": "title", "type": "book", "title": ["T"], "issued": {"date-parts": [[2004]]}},
          {"id": "names", "type": "book", "title": "Copy", "issued": {"date-parts": [[2004]]}}
        ]
    """)
    assert problems == [
        "references.json:2:3: error: item 1 of the list has no id",
        "references.json:4:14: error: the author of 'names' is the text 'Smith, Jane', not a list of names",
        "references.json:5:75: error: the issued date of 'parts' has date-parts that hold the text 'March', not a number",
        "references.json:7:30: error: the issued date of 'day' is '2023-02-30': there is no day 30 (February 2023 has "
        "28 days)",
        "references.json:9:16: error: the accessed date of 'access' is '2023', not a whole day",
        "references.json:11:61: error: the author of 'person' has a family name that is a list, not text",
        "references.json:12:10: error: 'title' has no title",
        "references.json:12:44: error: the title of 'title' is a list, not text",
        "references.json:13:10: error: the key 'names' is used twice: on line 3 and on line 13",
    ]


def test_a_problem_in_an_item_that_no_page_cites_is_a_warning(tmp_path):
    _, problems = load(tmp_path, '[{"id": "a", "type": "book", "title": "A", "issued": {"date-parts": [[2004, 13]]}}]',
                       cited=[])
    assert problems == ["references.json:1:70: warning: the issued date of 'a' is '2004-13': there is no month 13 "
                        "(months run from 01 to 12) (no page cites it, so this is a warning)"]


def test_hints_speak_csl_json_not_bibtex(tmp_path):
    (tmp_path / "references.json").write_text('[{"id": "a", "type": "book"}]', encoding="utf-8")
    library = load_library(library_files(tmp_path), tmp_path, DEFAULT_EVIDENCE_LABELS).value
    hints = {finding.message: finding.hint for finding in library.entry_findings["a"]}
    assert hints["'a' has no title"] == 'add "title": "..." to the item'
    assert hints["'a' has no year or date"].startswith('add "issued": {"date-parts": [[2004]]}')


def test_an_unknown_type_is_a_warning_that_names_the_type_meant(tmp_path):
    (tmp_path / "references.json").write_text(
        '[{"id": "a", "type": "article-jounal", "title": "A", "issued": {"date-parts": [[2004]]}}]', encoding="utf-8")
    library = load_library(library_files(tmp_path), tmp_path, DEFAULT_EVIDENCE_LABELS).value
    finding, = library.entry_findings["a"]
    assert first_line(finding) == "references.json:1:22: warning: 'a' has the type 'article-jounal', which CSL " \
        "does not define; it is shown as a source of no particular type"
    assert finding.hint.startswith("did you mean 'article-journal'")
    assert library["a"].kind == "misc"


def test_every_csl_type_becomes_a_biblatex_type_that_the_references_know():
    for csl_type, entry_type in TYPES.items():
        assert entry_type in ENTRY_KINDS or entry_type in NONSTANDARD, csl_type
    assert not set(TYPES) & OTHER_TYPES


def test_both_files_are_merged_and_a_key_in_both_is_an_error_naming_both(tmp_path):
    library, problems = load(tmp_path, """\
        [
          {"id": "only-json", "type": "book", "title": "J", "issued": {"date-parts": [[2004]]}},
          {"id": "both", "type": "book", "title": "J", "issued": {"date-parts": [[2004]]}}
        ]
    """, bib="""\
        @book{only-bib, title = {B}, year = 2001}

        @book{both, title = {B}, year = 2001}
    """)
    assert set(library.references) == {"only-json", "both", "only-bib"}
    assert library["both"].title == "B"  # the entry of references.bib is kept
    assert library.file_of("only-json") == "references.json" and library.file_of("only-bib") == "references.bib"
    assert problems == ["references.json:3:10: error: the key 'both' is used twice: in references.bib on line 3 and "
                        "in references.json on line 3"]


def test_without_either_file_the_error_names_both(tmp_path):
    loaded = load_library(library_files(tmp_path), tmp_path, DEFAULT_EVIDENCE_LABELS)
    finding, = loaded.findings
    assert first_line(finding) == "references.bib:1:1: error: references.bib is missing"
    assert "references.json" in finding.hint


def test_a_site_with_only_references_json_builds_and_shows_rich_text(tmp_path):
    root = make_site(tmp_path / "site", {"index.md": page("Home", "Water [@fontaine2019cannabis]; pain "
                                                                   "[@who2023pain].\n")})
    (root / "references.bib").unlink()
    items = json.loads(ZOTERO_EXPORT)
    items[1]["title"] = "Relief <script>alert(1)</script> & <span class=\"nocase\">WHO</span>"
    (root / "references.json").write_text(json.dumps(items, indent=2), encoding="utf-8")
    result = build_in_memory(BuildOptions(root=root))
    errors = [m for m in messages(result) if ": error:" in m]
    assert errors == []
    html = result.files["index.html"]
    assert "Effects of <i>Cannabis sativa</i> on H<sub>2</sub>O uptake" in html
    assert "Relief &lt;script&gt;alert(1)&lt;/script&gt; &amp; WHO" in html and "<script>alert" not in html
    unused = [m for m in messages(result, notices=True) if "is not cited" in m]
    assert unused and all(m.startswith("references.json:") for m in unused)


def test_an_edit_to_references_json_is_seen_by_the_next_build(tmp_path):
    root = make_site(tmp_path / "site", {"index.md": page("Home", "Text [@a].\n")}, bib="")
    path = root / "references.json"
    path.write_text('[{"id": "a", "type": "book", "title": "First", "issued": {"date-parts": [[2004]]}}]')
    options = BuildOptions(root=root)
    cache = BuildCache()
    assert "First" in build_in_memory(options, cache).files["index.html"]
    path.write_text('[{"id": "a", "type": "book", "title": "Second", "issued": {"date-parts": [[2004]]}}]')
    assert "Second" in build_in_memory(options, cache).files["index.html"]


def test_build_builds_again_when_only_references_json_changed(tmp_path):
    root = make_site(tmp_path / "site", {"index.md": page("Home", "Text [@a].\n")}, bib="")
    path = root / "references.json"
    path.write_text('[{"id": "a", "type": "book", "title": "First", "issued": {"date-parts": [[2004]]}}]')
    assert run_cli("--root", root).returncode == 0
    path.write_text('[{"id": "a", "type": "book", "title": "Second", "issued": {"date-parts": [[2004]]}}]')
    again = run_cli("--root", root)
    assert again.returncode == 0 and "nothing changed" not in again.stdout
    assert "Second" in (root / "_site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("written", "html"), [
    ("H<sub>2</sub>O and <i>in vivo</i>", "H<sub>2</sub>O and <i>in vivo</i>"),
    ('<span style="font-variant:small-caps;">Nasa</span> <b>bold</b><sup>2</sup>', "Nasa <b>bold</b><sup>2</sup>"),
    ('<span class="nocase">iPhone</span> use', "iPhone use"),
    ("x < y & <em>z</em>", "x &lt; y &amp; &lt;em&gt;z&lt;/em&gt;"),
    ("<i>not closed", "&lt;i&gt;not closed"),
    ("<i>a<b>b</i>c</b>", "&lt;i&gt;a<b>b&lt;/i&gt;c</b>"),
    ('<i onclick="x()">t</i> <span>plain</span>', '&lt;i onclick=&#34;x()&#34;&gt;t&lt;/i&gt; &lt;span&gt;plain'
     '&lt;/span&gt;'),
    ("  two\n  lines  ", "two lines"),
])
def test_csl_rich_text_keeps_only_i_b_sup_and_sub(written, html):
    assert rich_text(written) == html


def test_leading_note_lines_are_variables_as_citeproc_reads_them():
    fields, rest = note_fields("PMID: 123\n{:publisher-place: Oxford}\nRetracted in 2020: see below.\n"
                               "Evidence: cohort study\nhttps://example.org")
    assert fields == {"pmid": "123", "publisher-place": "Oxford", "evidence": "cohort study"}
    assert rest == "Retracted in 2020: see below.\nhttps://example.org"


def test_an_items_own_variable_comes_before_its_notes(tmp_path):
    library, problems = load(tmp_path, """\
        [{"id": "a", "type": "article-journal", "title": "A", "container-title": "J",
          "issued": {"date-parts": [[2004]]}, "PMID": "111", "evidence": "guideline",
          "note": "PMID: 222\\nissue: 4\\nSeen in print."}]
    """)
    assert problems == []
    assert (library["a"].pmid, library["a"].issue, library["a"].evidence, library["a"].note) == \
        ("111", "4", "guideline", "")  # a note is the owner's own, and never shown


def test_dates_may_be_raw_literal_or_text_as_pandoc_accepts_them(tmp_path):
    library, problems = load(tmp_path, """\
        [{"id": "raw", "type": "book", "title": "T", "issued": {"raw": "2004-3-7"}},
         {"id": "range", "type": "book", "title": "T", "issued": "1984/1986"},
         {"id": "undated", "type": "book", "title": "T", "issued": {"literal": "n.d."}},
         {"id": "press", "type": "book", "title": "T", "issued": {"literal": "in press"}},
         {"id": "empty", "type": "webpage", "title": "T", "URL": "https://example.org",
          "issued": {"date-parts": [[""]]}, "accessed": {"date-parts": [[2024, 1, 2]]}}]
    """)
    assert problems == []
    assert (library["raw"].year, library["raw"].month, library["raw"].day) == ("2004", 3, 7)
    assert library["range"].date_shown == "1984-1986"
    assert library["undated"].year == "n.d." and library["press"].date_shown == "In press"
    assert library["empty"].year == "" and library["empty"].urldate == dt.date(2024, 1, 2)


def test_the_authoring_guides_csl_json_example_loads_without_findings(tmp_path):
    guide = (PROJECT / "docs" / "authoring.md").read_text(encoding="utf-8")
    example = re.search(r"<!-- example: csl-json -->\n```json\n(.*?)\n```", guide, re.DOTALL).group(1)
    library, problems = load(tmp_path, example)
    assert problems == []
    reference, = library.references.values()
    assert reference.evidence_label and reference.authors[1].is_organisation


ZOTERO_FIXTURE = FIXTURES / "libraries" / "zotero.json"


@pytest.mark.skipif(not ZOTERO_FIXTURE.is_file(), reason="no real Zotero export in tests/fixtures/libraries")
def test_a_real_zotero_export_loads_with_no_errors(tmp_path):
    library, problems = load(tmp_path, ZOTERO_FIXTURE.read_text(encoding="utf-8"), cited=[])
    # Its only findings are items that Zotero itself holds without a title or a date, and they are warnings.
    assert problems and all(": warning: " in p and ("has no title" in p or "has no year or date" in p)
                            for p in problems)
    assert len(library.references) == 42
    liu = library["liuCOVID19FirstDocumented2020"]
    assert (liu.kind, liu.doi, liu.volume, liu.issue, liu.pages, liu.year) == \
        ("article", "10.1016/j.bj.2020.04.007", "43", "4", "328-333", "2020")
    assert [person.family for person in liu.authors] == ["Liu", "Kuo", "Shih"]
    webmd = library["CoronavirusHistoryOrigin"]
    assert (webmd.kind, webmd.journal, webmd.urldate, webmd.language) == ("webpage", "WebMD", dt.date(2022, 5, 1),
                                                                          "en")
    aging = library["blagosklonnyCausesAgingDeath2020"]  # PMID and PMCID are lines of Zotero's Extra
    assert (aging.pmid, aging.pmcid, aging.note, aging.month, aging.day) == ("32534452", "PMC7346074", "", 6, 12)
    preprint = library["mastersChangesLifeExpectancy2022"]
    assert (preprint.kind, preprint.institution, preprint.doi) == ("report", "medRxiv", "10.1101/2022.04.05.22273393")
