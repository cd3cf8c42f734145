"""References in AMA (11th edition) style, as the default theme's partials/reference.html writes them."""

import pytest
from helpers_references import format_entries, formatted_library


@pytest.mark.parametrize("entry, text", [
    # One editor is "ed.", several are "eds.".
    ("@book{k, editor = {Smith, John}, title = {Handbook}, publisher = {P}, date = 2019}",
     "Smith J, ed. Handbook. P; 2019."),
    ("@book{k, editor = {Smith, John and Roe, Rita}, title = {Handbook}, publisher = {P}, date = 2019}",
     "Smith J, Roe R, eds. Handbook. P; 2019."),
    # Editions are ordinals.
    ("@book{k, author = {Doe, Ann}, title = {Pain}, edition = 6, publisher = {P}, date = 2019}",
     "Doe A. Pain. 6th ed. P; 2019."),
    ("@book{k, author = {Doe, Ann}, title = {Pain}, edition = {2nd edition}, publisher = {P}, date = 2019}",
     "Doe A. Pain. 2nd ed. P; 2019."),
    ("@book{k, author = {Doe, Ann}, title = {Pain}, edition = 11, publisher = {P}, date = 2019}",
     "Doe A. Pain. 11th ed. P; 2019."),
    # A name that ends with its own mark takes no second full stop.
    ("@article{k, author = {Doe, Ann}, title = {Who Cares?}, journal = {Who Cares?}, date = 2001, volume = 2}",
     "Doe A. Who Cares? Who Cares? 2001;2."),
    ("@article{k, author = {Doe, Ann}, title = {T}, journal = {J. Organomet. Chem.}, date = 2001, pages = {1--5}}",
     "Doe A. T. J Organomet Chem. 2001:1-5."),  # AMA abbreviates journals without points
    ("@book{k, author = {Doe, Ann}, title = {Pain}, pages = 571, publisher = {P}, date = 2019}",
     "Doe A. Pain. P; 2019."),  # a book's page count is not a range of pages
    ("@article{k, author = {Doe, Ann}, title = {T}, journal = {Journal of Pain}, shortjournal = {J. Pain},"
     " date = 2001, volume = 2, number = 3, pages = {10\u201312}}", "Doe A. T. J Pain. 2001;2(3):10-12."),
    # Hyphenated given names keep both initials, in capitals.
    ("@article{k, author = {Lee, Mary-Jane and Kim, min-jung}, title = {T}, journal = {J}, date = 2001}",
     "Lee MJ, Kim MJ. T. J. 2001."),
    # With no author, the title leads.
    ("@manual{k, title = {Ketamine hydrochloride injection: label}, organization = {{US Food and Drug Administration}},"
     " date = 2022}", "Ketamine hydrochloride injection: label. US Food and Drug Administration; 2022."),
    ("@online{k, title = {Complex regional pain syndrome}, organization = {NHS}, url = {https://www.nhs.uk/crps/},"
     " urldate = {2026-01-02}}",
     "Complex regional pain syndrome. NHS. Accessed January 2, 2026. https://www.nhs.uk/crps/"),
    # An undated entry's "n.d." ends the reference with its own full stop, not a second one.
    ("@misc{k, author = {{NHS}}, title = {CRPS: treatment}, year = {n.d.}}", "NHS. CRPS: treatment. n.d."),
    # Subtitles are joined as AMA joins them.
    ("@book{k, author = {Doe, Ann}, title = {Pain}, subtitle = {A guide}, publisher = {P}, date = 2019}",
     "Doe A. Pain: A guide. P; 2019."),
    ("@thesis{k, author = {Doe, Ann}, title = {Pain}, type = {phdthesis}, institution = {McGill University}, date = 2001}",
     "Doe A. Pain. Dissertation. McGill University; 2001."),
    ("@report{k, author = {Roe, Rita}, title = {Audit}, type = {techreport}, number = {TR-12}, institution = {NHS},"
     " date = 2010}", "Roe R. Audit. NHS; 2010. Technical report TR-12."),
    ("@patent{k, author = {Cohen, Stanley N. and Boyer, Herbert W.}, title = {Process for producing chimeras},"
     " number = {4237224}, type = {patentus}, date = {1980-12-02}}",
     "Cohen SN, Boyer HW, inventors. Process for producing chimeras. US patent 4237224. December 2, 1980."),
    ("@article{k, author = {Doe, Ann}, title = {T}, journal = {J}, date = {1984/1986}}", "Doe A. T. J. 1984-1986."),
    ("@article{k, author = {Doe, Ann}, title = {T}, journal = {J}, pubstate = {inpress}}", "Doe A. T. J. In press."),
    ("@article{k, author = {Doe, Ann}, title = {T}, journal = {arXiv}, date = 2020, eprint = {2001.01234},"
     " eprinttype = {arxiv}}", "Doe A. T. arXiv. 2020. arXiv:2001.01234"),
])
def test_references_read_as_ama_writes_them(tmp_path, entry, text):
    assert format_entries(tmp_path, entry + "\n")["k"] == text


def test_a_chapter_through_crossref_names_its_book_and_editors(tmp_path):
    text = format_entries(tmp_path, """\
@incollection{chapter, author = {Doe, Ann}, title = {Pain in children}, crossref = {book}, pages = {10--20}}
@collection{book, editor = {Roe, Rita and Poe, Paul}, title = {Textbook of Pain}, edition = 7,
            publisher = {Elsevier}, date = 2019}
""")
    assert text["chapter"] == "Doe A. Pain in children. In: Roe R, Poe P, eds. Textbook of Pain. 7th ed. Elsevier; " \
        "2019:10-20."


def test_titles_keep_their_italics_sub_and_superscripts_and_language(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text(r"""@article{k, author = {Doe, Ann}, title = {\emph{In vivo} $\beta_2$ agonists in children
  {\textless}5 years}, journal = {J}, date = 2001, langid = {french}}
""", encoding="utf-8")
    markup, text, findings = formatted_library(path)
    assert findings == []
    assert '<span class="ref-title" lang="fr"><i>In vivo</i> β<sub>2</sub> agonists in children &lt;5 years.' \
        in markup["k"]


def test_a_set_lists_its_members_as_one_reference(tmp_path):
    text = format_entries(tmp_path, """\
@set{both, entryset = {one,two}}
@article{one, author = {Alpha, A}, title = {First}, journal = {J}, date = 2000}
@article{two, author = {Beta, B}, title = {Second}, journal = {J}, date = 2001}
""")
    assert text["both"] == "Alpha A. First. J. 2000. Beta B. Second. J. 2001."
