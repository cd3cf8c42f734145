"""Every check of a built site: each page's own (claims, structure, review, placeholders, readability) as it is
built, then the site's as a whole (links and anchors, unused references)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Mapping, Protocol, Sequence

from patientsite.checks.claims import check_claims
from patientsite.checks.links import LinkingPage, check_links
from patientsite.checks.placeholders import check_page_placeholders
from patientsite.checks.readability import Readability, check_readability
from patientsite.checks.references import check_unused_references
from patientsite.checks.review import check_review
from patientsite.checks.structure import check_structure
from patientsite.checks.syllables import Syllables
from patientsite.diagnostics import Report
from patientsite.markup.convert import PageContent
from patientsite.markup.plaintext import CITATION_MARK
from patientsite.structure.bibliography import Library
from patientsite.structure.config import SiteConfig
from patientsite.structure.translations import TranslationStatus


@dataclass(frozen=True)
class PageSummary:
    """One page's row in `check --summary`: its reading grade, citations and review."""

    path: str
    title: str
    readability: Readability | None
    citations: int
    reviewed_by: str | None
    next_review: dt.date
    language: str = ""  # on a site in several languages: the page's, and whether it is a translation
    translation: str = ""  # 'original', 'up to date', 'stale', 'not recorded'; '' on a site in one language


@dataclass(frozen=True)
class PageChecks:
    """What one page's own checks need besides the page: the settings, the date, the glossary's terms."""

    config: SiteConfig
    today: dt.date
    terms: frozenset[str]
    syllables: Syllables
    # On a site in several languages, the status of each page of this language's that is a translation.
    translations: Mapping[str, TranslationStatus] = field(default_factory=dict)
    several_languages: bool = False

    def run(self, content: PageContent, report: Report) -> PageSummary:
        """Check one page's text; findings go to the report, and the page's figures are returned."""
        check_claims(content, report, content.page.lang or self.config.language)
        check_structure(content, report)
        check_review(content, self.config, self.today, report)
        check_page_placeholders(content, self.config, report)
        score = check_readability(content, self.config.readability_target, self.terms, self.syllables, report,
                                  content.page.lang or self.config.language, self.config.reading_ease_target)
        citations = sum(block.text.count(CITATION_MARK) for text in (content.key_points_text, content.body_text)
                        for block in text.blocks)
        page = content.page
        status = self.translations.get(page.url)
        translation = "" if not self.several_languages else "original" if status is None else \
            "stale" if status.stale else "up to date" if status.recorded else "not recorded"
        return PageSummary(page.file.display, page.meta.title, score, citations, page.meta.reviewed_by,
                           page.meta.next_review, page.lang if self.several_languages else "", translation)


class CheckedPage(LinkingPage, Protocol):
    """What the site-wide checks need of a built page: its links, and every key it cites, known or not."""

    cited_keys: tuple[str, ...]


def check_whole_site(pages: Sequence[CheckedPage], ids: dict[str, tuple[str, ...]], library: Library, report: Report,
                     every_page_read: bool = True, also_cited: frozenset[str] = frozenset()) -> None:
    """The checks that need every page: links and anchors (``ids`` by URL), and references no page cites
    (only when every page could be read: a page with an error may cite them). A key in ``also_cited``
    (cited by a draft) is not unused."""
    check_links(pages, ids, report)
    if every_page_read:
        check_unused_references({key for page in pages for key in page.cited_keys} | also_cited, library, report)


def glossary_terms(glossary: PageContent) -> frozenset[str]:
    """The terms that the glossary page (site.yml 'glossary') defines."""
    terms: set[str] = set()
    for block in glossary.body_text.blocks:
        if block.tag == "dt":
            # "Intravenous (IV)" defines both "Intravenous" and "IV".
            match = re.fullmatch(r"(.+?)\s*\((.+)\)", block.text)
            terms.update((match.group(1), match.group(2)) if match else (block.text,))
    return frozenset(terms)
