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
