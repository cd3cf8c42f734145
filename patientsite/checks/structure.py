"""Page structure: heading levels that skip a step, and images without a text alternative."""

from __future__ import annotations

from patientsite.checks.places import locate
from patientsite.diagnostics import Report
from patientsite.markup.convert import PageContent


def check_structure(content: PageContent, report: Report) -> None:
    """Headings go down one level at a time below the title (h1); every image has alt text."""
    page = content.page
    previous = 1
    for level, text in content.body_text.headings:
        if level == 1:
            report.warning(page.file.display, *locate(page, text), f"the heading '{text}' is a top-level heading",
                           "the page's title is its only top-level heading: start sections with ##",
                           code="headings.skipped-level")
        elif level > previous + 1:
            report.warning(page.file.display, *locate(page, text), f"the heading '{text}' jumps from level "
                           f"{previous} to {level}", f"use {'#' * (previous + 1)} for it", code="headings.skipped-level")
        previous = level
    for image in content.body_text.images + content.key_points_text.images:
        if not image.alt:
            report.error(page.file.display, *locate(page, image.src), f"the image '{image.src}' has no text "
                         "alternative", "describe it in the brackets: ![A nurse checks a drip](drip.jpg)",
                         code="image.alt-missing")
