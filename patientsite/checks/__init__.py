"""Every check of a built site, run after rendering: links, references, claims, readability, review, structure."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from patientsite.bibliography import Library
from patientsite.checks.claims import check_claims
from patientsite.checks.links import check_links
from patientsite.checks.readability import Readability, check_readability
from patientsite.checks.references import check_unused_references
from patientsite.checks.review import check_review
from patientsite.checks.structure import check_structure
from patientsite.checks.syllables import Syllables
from patientsite.diagnostics import Diagnostic, Report
from patientsite.digests import digest
from patientsite.parallel import in_parallel, parallel_map
from patientsite.plaintext import CITATION_MARK
from patientsite.site import Site


@dataclass(frozen=True)
class PageReport:
    """The state of one page, for `check --summary`."""

    path: str
    title: str
    readability: Readability | None
    citations: int
    reviewed_by: str | None
    next_review: dt.date


def run_checks(site: Site, ids: dict[str, frozenset[str]], library: Library, today: dt.date,
               report: Report, jobs: int = 1, cache=None) -> list[PageReport]:
    """Run every check; findings go to the report, and each page's figures are returned.

    The checks of one page's text at a time are shared among ``jobs`` processes; a page whose
    conversion, settings, date and glossary are unchanged reuses its results from ``cache``.
    """
    check_links(site, ids, report)
    check_unused_references(site, library, report)
    terms = glossary_terms(site)
    known = cache.checks if cache is not None else {}
    keys = [digest("checks", site.config, today, sorted(terms), report.allowed.get(content.page.file.display),
                   content.digest)
            for content in site.pages]
    todo = [index for index, key in enumerate(keys) if key not in known]
    syllables = cache.syllables if cache is not None else Syllables()
    if in_parallel(len(todo), jobs):
        syllables.warm_up()  # the workers inherit the pronunciation dictionary instead of each loading it

    def check_page(index: int) -> tuple[PageReport, list[Diagnostic], list[Diagnostic], dict[str, int]]:
        content = site.pages[index]  # by index: a worker has the pages already, and need not be sent them
        own = Report(report.root, allowed=report.allowed)
        check_claims(content, own)
        check_structure(content, own)
        check_review(content, site.config, today, own)
        score = check_readability(content, site.config.readability_target, terms, syllables, own)
        citations = sum(block.text.count(CITATION_MARK) for text in (content.key_points_text, content.body_text)
                        for block in text.blocks)
        summary = PageReport(content.page.file.display, content.page.meta.title, score, citations,
                             content.page.meta.reviewed_by, content.page.meta.next_review)
        # The words a worker counted come back with its results, for the cache to keep.
        return summary, own.diagnostics, own.silenced, syllables.take_learned()

    results = {}
    for index, (summary, found, silenced, learned) in zip(todo, parallel_map(check_page, todo, jobs), strict=True):
        results[index] = summary, found, silenced
        syllables.known.update(learned)
    syllables.take_learned()  # words counted here are known here already: none is new to pass on
    pages = []
    for index, key in enumerate(keys):
        summary, found, silenced = results[index] if index in results else known[key]
        if cache is not None:
            cache.checks[key] = (summary, found, silenced)
            cache.used.add(key)
        report.diagnostics.extend(found)
        report.silenced.extend(silenced)
        pages.append(summary)
    return pages


def glossary_terms(site: Site) -> frozenset[str]:
    """The terms that the glossary page (site.yml 'glossary') defines."""
    terms: set[str] = set()
    for content in site.pages:
        if content.page.rel_path == site.config.glossary:
            for block in content.body_text.blocks:
                if block.tag == "dt":
                    # "Intravenous (IV)" defines both "Intravenous" and "IV".
                    match = re.fullmatch(r"(.+?)\s*\((.+)\)", block.text)
                    terms.update((match.group(1), match.group(2)) if match else (block.text,))
    return frozenset(terms)
