"""Translations that have fallen behind their originals, or never said which version they translate."""

from __future__ import annotations

from patientsite.diagnostics import Report, Severity
from patientsite.structure.config import SiteConfig
from patientsite.structure.translations import Edition


def check_translations(editions: tuple[Edition, ...], config: SiteConfig, report: Report) -> None:
    """One finding for each translation older than its original (``translation.stale``), at its first line:
    a warning, or an error where site.yml's ``translation_stale`` says so."""
    severity = Severity.ERROR if config.translation_stale == "error" else Severity.WARNING
    for edition in editions[1:]:
        for page in edition.pages:
            status = edition.status.get(page.url)
            if status is None or status.fallback:
                continue
            name = page.rel_path
            command = f"python build.py translation-done {name}"
            if status.stale:
                report.add(severity, page.file.display, 1, 1,
                           f"the translation is older than its original, content/{page.original}, which has changed "
                           "since the translation was recorded; its readers are told so",
                           f"bring the translation up to date, then run: {command}", code="translation.stale")
            elif not status.recorded:
                report.add(severity, page.file.display, 1, 1,
                           f"the translation does not record which version of content/{page.original} it translates",
                           f"when it matches the original, run: {command}", code="translation.stale")
