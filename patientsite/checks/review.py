"""Clinical review: pages that no clinician has reviewed yet, and pages past their review date."""

from __future__ import annotations

import datetime as dt

from patientsite.diagnostics import Report, Severity
from patientsite.markup.convert import PageContent
from patientsite.structure.config import SiteConfig


def check_review(content: PageContent, config: SiteConfig, today: dt.date, report: Report) -> None:
    """Report a missing reviewer and an overdue review, as strongly as site.yml asks."""
    page, meta = content.page, content.page.meta
    if not meta.reviewed_by:
        report.add(Severity(config.review_missing), page.file.display, 1, 1,
                   "the page has not been clinically reviewed ('reviewed_by' is empty); it tells readers so",
                   "after a clinician has reviewed it, add 'reviewed_by: Name, credentials'", code="review.missing")
    if meta.next_review < today:
        report.add(Severity(config.review_overdue), page.file.display, 1, 1,
                   f"the page was due for review on {meta.next_review.isoformat()}; it tells readers so",
                   "review the page, then update 'last_reviewed' (and 'next_review' if it is set)",
                   code="review.overdue")
