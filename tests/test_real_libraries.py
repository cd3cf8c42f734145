"""Reference libraries that nobody here wrote: BibLaTeX's own examples, and real Zotero, JabRef and Mendeley exports.

tests/fixtures/libraries/SOURCES.md says where each file comes from. expected-ama.yml gives, for a
sample of entries, the reference as AMA 11 prints it, written by hand from AMA's rules without this
code's output. Two deliberate differences are normalised away: titles are shown in the case the
library writes them (AMA's sentence case would lower-case unprotected proper names), and the links
that the site adds after a reference (PubMed, free full text). Entries whose expected journal is an
NLM abbreviation that the file does not give are left out: that needs NLM's catalogue.
"""

import re
from pathlib import Path

import pytest
import yaml
from conftest import build, make_site, messages, page
from helpers_references import formatted_library
from lxml import html

LIBRARIES = Path(__file__).parent / "fixtures" / "libraries"
EXPECTED = yaml.safe_load((LIBRARIES / "expected-ama.yml").read_text(encoding="utf-8"))
# The keys whose expected journal name is an NLM abbreviation not in the file, or whose form AMA leaves open.
NOT_COMPARED = {
    "biblatex-examples.bib": {"shore", "sigfridsson", "baez/online", "itzhaki", "kowalik", "almendro", "sorace",
                              "kant:kpv", "britannica", "jcg", "set"},
    "zotero-bbt.bib": {"ezzati2001tl", "gao2008ijog&o", "gele2017ijwh", "kelaher1999eha", "landy2016bjc",
                       "egondi2013ijerph", "henderson2011h&scitc", "henderson2011hscc", "kiruga2013jotns",
                       "jacobsConceptualFrameworkRestoration2013", "duflo2008sspies",
                       "forestresearchSweetChestnutBlight07:55:48.320713+00:00", "EradicationChestnutBlight"},
    "mendeley.bib": {"Paus2010", "Henderson2014", "VandenHeuvel2009", "Towlson2013", "RamonyCajal1995"},
    "mendeley-theses.bib": {"Martin-Sanchez2004", "Vandenberghe2006", "FernandezdeCanete2014"},
}
# Every finding about each file: each one is a real mistake in the export.
FINDINGS = {
    "biblatex-examples.bib": [],
    "jabref.bib": [],
    "mendeley.bib": [],
    "zotero-bbt.bib": [
        "zotero-bbt.bib:57:3: warning: 'elliottLongtermChangesForest2008' has its doi written as an address through "
        "dx.doi.org.ezp-prod1.hul.harvard.edu; the DOI 10.1007/s11258-007-9352-3 is used [bibtex.link]",
        "zotero-bbt.bib:69:7: error: 'EradicationChestnutBlight' has no year or date [bibtex.incomplete]",
        "zotero-bbt.bib:123:3: error: 'forestresearchSweetChestnutBlight07:55:48.320713+00:00' has the year "
        "'07:55:48.320713+00:00': this is not a date [bibtex.date]",
        "zotero-bbt.bib:174:3: warning: 'greiner2013peny' has its doi written as an address through "
        "dx.doi.org.ezp-prod1.hul.harvard.edu; the DOI 10.1007/s11111-012-0178-0 is used [bibtex.link]",
    ],
    "mendeley-theses.bib": ["mendeley-theses.bib:6:7: error: 'epacs2014' has no year or date [bibtex.incomplete]"],
    "zotero-biblatex.bib": [],
}


def comparable(text: str) -> str:
    return re.sub(r" (?:PubMed|Google Books|Free full text \(PMC\d+\))", "", text.replace("*", "")).casefold()


@pytest.mark.parametrize("name", sorted(FINDINGS))
def test_a_real_library_loads_with_only_its_real_mistakes_reported(name):
    _, _, findings = formatted_library(LIBRARIES / name)
    assert findings == FINDINGS[name]


@pytest.mark.parametrize("name, key", [(name, key) for name, entries in EXPECTED.items() if name.endswith(".bib")
                                       for key in entries if key not in NOT_COMPARED.get(name, ())])
def test_a_real_entry_reads_as_ama_writes_it(name, key):
    _, text, _ = formatted_library(LIBRARIES / name)
    assert comparable(text[key]) == comparable(EXPECTED[name][key])


def test_biblatex_s_examples_keep_their_latex_as_html():
    markup, _, _ = formatted_library(LIBRARIES / "biblatex-examples.bib")
    assert "Le <i>De Anima</i> dans la tradition" in markup["moraux"]
    assert "“" in markup["spiegelberg"] or "\u201c" in markup["spiegelberg"]


def test_a_site_that_cites_every_entry_of_biblatex_s_examples_builds(tmp_path):
    text = (LIBRARIES / "biblatex-examples.bib").read_text(encoding="utf-8")
    keys = re.findall(r"^@(?!string)\w+\{([^,\s]+),", text, re.MULTILINE | re.IGNORECASE)
    body = "\n\n".join(f"Source {index} is cited here [@{key}]." for index, key in enumerate(keys, 1))
    root = make_site(tmp_path, {"index.md": page("Every example", body)})
    (root / "references.bib").write_text(text, encoding="utf-8")
    result = build(root)
    assert [m for m in messages(result) if "bibtex" in m or "citation" in m or "references" in m] == []
    assert not result.report.errors
    sources = result.files["sources/index.html"]
    assert sources.count('class="ref-title"') >= len(keys)  # a set lists each of its members
    assert "Kastenholz MA, Hünenberger PH." in sources


def test_a_zotero_biblatex_export_reads_right_to_a_parser():
    """The clinic's own sources as Zotero's BibLaTeX export writes them (file, keywords, shortjournal, langid,
    eprint, {\\textless}), and two synthetic entries that hold the LaTeX Zotero writes for <, >, β₂ and H₂O."""
    markup, text, _ = formatted_library(LIBRARIES / "zotero-biblatex.bib")
    assert text["sigtermansKetamineProducesEffective2009"] == (
        "Sigtermans MJ, van Hilten JJ, Bauer MCR, et al. Ketamine Produces Effective and Long-Term Pain Relief in "
        "Patients with Complex Regional Pain Syndrome Type 1. Pain. 2009;145:304-311. "
        "doi:10.1016/j.pain.2009.06.023 PubMed")
    assert text["finnerupPharmacotherapyNeuropathicPain2015"].startswith(
        "Finnerup NB, Attal N, Haroutounian S, et al. Pharmacotherapy for Neuropathic Pain in Adults: A Systematic "
        "Review and Meta-Analysis. Lancet Neurol. 2015;14(2):162-173.")
    assert "Falls in Adults Aged >65 Years and Children <5 Years." in text["SyntheticAdultsAged65"]
    title = html.fromstring(markup["SyntheticBeta2Agonists"]).xpath("//span[@class='ref-title']")[0]
    assert title.get("lang") == "en"
    assert [(child.tag, child.text) for child in title] == [("sub", "2"), ("sub", "2"), ("sup", "\u22123"),
                                                           ("i", "in vivo")]
    assert "“Effect”" in title.text_content()
    assert text["SyntheticBeta2Agonists"].endswith("J Synth Tests. 2020-2021;1:1-9.")
