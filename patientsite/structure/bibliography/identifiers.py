"""A source's identifiers, checked, and the links made from them: DOI, PubMed, PMC, arXiv, URL."""

from __future__ import annotations

import re

from patientsite.diagnostics import Severity
from patientsite.structure.bibliography.latex import plain_text
from patientsite.structure.bibliography.records import EntryFindings, EntryRecord

DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
# BibLaTeX's eprint types that have a stable address, with the label a reference shows.
EPRINTS = {
    "arxiv": ("https://arxiv.org/abs/{}", "arXiv:{}"),
    "hdl": ("https://hdl.handle.net/{}", "hdl:{}"),
    "handle": ("https://hdl.handle.net/{}", "hdl:{}"),
    "jstor": ("https://www.jstor.org/stable/{}", "JSTOR {}"),
    "googlebooks": ("https://books.google.com/books?id={}", "Google Books"),
    "hal": ("https://hal.science/{}", "HAL {}"),
    "biorxiv": ("https://doi.org/10.1101/{}", "bioRxiv {}"),
}
CHECKS = (
    ("doi", r"10\.\d{4,9}/\S+", "a DOI starts with '10.', for example 10.1000/xyz123"),
    ("pmid", r"\d{1,9}", "a PubMed ID is a number, for example 25575710"),
    ("pmcid", r"(?:PMC)?\d{1,9}", "a PubMed Central ID looks like PMC4493167"),
    ("url", r"https?://[^\s\"<>]+", "a URL must start with https:// or http://"),
)


def links(record: EntryRecord, found: EntryFindings) -> dict[str, str]:
    """The identifier fields of a reference, each checked; an invalid one is an error at its field."""
    verbatim = record.verbatim
    eprint, eprint_type = verbatim.get("eprint", ""), (verbatim.get("eprinttype") or
                                                       verbatim.get("archiveprefix", "")).lower()
    values = {
        "doi": _doi(verbatim.get("doi", ""), found),
        "pmid": verbatim.get("pmid") or verbatim.get("pubmed") or (eprint if eprint_type in ("pubmed", "pmid") else ""),
        "pmcid": verbatim.get("pmcid") or (eprint if eprint_type in ("pmc", "pmcid") else ""),
        "url": _url(record),
    }
    for name, pattern, hint in CHECKS:
        if values[name] and not re.fullmatch(pattern, values[name], re.IGNORECASE):
            field_name = name if name in verbatim else "eprint"
            found.add(Severity.ERROR, field_name, f"has the {name} '{values[name]}', which is not valid", hint,
                      "bibtex.link")
            values[name] = ""
    if values["pmcid"] and not values["pmcid"].upper().startswith("PMC"):
        values["pmcid"] = "PMC" + values["pmcid"]
    values["pmcid"] = values["pmcid"].upper()
    address, label = EPRINTS.get(eprint_type, ("", ""))
    values["eprint_url"] = address.format(eprint) if eprint and address else ""
    values["eprint_label"] = label.format(eprint) if eprint and label else ""
    return values


def _doi(written: str, found: EntryFindings) -> str:
    """The DOI itself, from 'doi:10...' or a resolver's address; from a library proxy's address, with a warning."""
    doi = DOI_PREFIX.sub("", written).strip()
    proxied = re.fullmatch(r"https?://[^/\s]+/(10\.\d{4,9}/\S+)", doi, re.IGNORECASE)
    if proxied:
        found.add(Severity.WARNING, "doi", f"has its doi written as an address through {doi.split('/')[2]}; the "
                  f"DOI {proxied.group(1)} is used", "write only the DOI: doi = {" + proxied.group(1) + "}",
                  "bibtex.link")
        return proxied.group(1)
    return doi


def _url(record: EntryRecord) -> str:
    """The entry's address: Mendeley writes several, separated by spaces (the first is kept); an old-style @misc
    puts it in howpublished, perhaps as \\url{...}."""
    url = record.verbatim.get("url", "")
    if not url:
        howpublished = plain_text(record.text.get("howpublished", "")).strip()
        url = howpublished if re.fullmatch(r"https?://\S+", howpublished) else ""
    return url.split()[0] if url else ""
