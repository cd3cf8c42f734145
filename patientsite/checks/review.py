"""Clinical review: pages that no clinician has reviewed yet, and pages past their review date."""

from __future__ import annotations

import datetime as dt
import re

from patientsite.diagnostics import Report, Severity
from patientsite.markup.convert import PageContent
from patientsite.structure.config import SiteConfig


def check_review(content: PageContent, config: SiteConfig, today: dt.date, report: Report) -> None:
    """Report a missing reviewer and an overdue review, as strongly as site.yml asks."""
    page, meta = content.page, content.page.meta
    if meta.last_reviewed > today:
        line, col = _field_place(page.file.text[:page.body_start], "last_reviewed")
        report.error(page.file.display, line, col,
                     f"'last_reviewed' is {meta.last_reviewed.isoformat()}, after the day of this build "
                     f"({today.isoformat()}): readers would be told the page was reviewed on a day still to come",
                     "write the day the page was last reviewed or updated, as YYYY-MM-DD", code="review.future")
    if not meta.reviewed_by and page.original:
        # A translation is reviewed apart from its original: its own 'reviewed_by' is the translation's.
        report.add(Severity(config.review_missing), page.file.display, 1, 1,
                   "the translation has not been reviewed ('reviewed_by' is empty); it tells readers so",
                   "after a clinician and a qualified translator have reviewed the translation itself, add "
                   "'reviewed_by: Name, credentials'", code="review.missing")
    elif not meta.reviewed_by:
        report.add(Severity(config.review_missing), page.file.display, 1, 1,
                   "the page has not been clinically reviewed ('reviewed_by' is empty); it tells readers so",
                   "after a clinician has reviewed it, add 'reviewed_by: Name, credentials'", code="review.missing")
    if meta.next_review < today:
        report.add(Severity(config.review_overdue), page.file.display, 1, 1,
                   f"the page was due for review on {meta.next_review.isoformat()}; it tells readers so",
                   "review the page, then update 'last_reviewed' (and 'next_review' if it is set)",
                   code="review.overdue")


def _field_place(front_matter: str, name: str) -> tuple[int, int]:
    """The line and column of a front-matter field's value."""
    match = re.search(rf"^{name}[ \t]*:[ \t]*", front_matter, re.MULTILINE)
    if not match:
        return 1, 1
    return front_matter.count("\n", 0, match.start()) + 1, match.end() - match.start() + 1
