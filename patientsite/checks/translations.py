"""Translations that have fallen behind their originals, or never said which version they translate."""

from __future__ import annotations

from typing import Mapping

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


def check_evidence_labels(types: Mapping[str, str], given: Mapping[str, str], words: Mapping[str, str],
                          language: str, report: Report) -> None:
    """An evidence type that a language's pages would label in English: one that site.yml adds,
    with no label for it in that language's site.<lang>.yml or the theme's words (``translation.missing``)."""
    missing = [kind for kind in types if kind not in given and f"evidence.{kind}" not in words]
    if missing:
        shown = ", ".join(f"'{kind}'" for kind in missing)
        report.error(f"site.{language}.yml", 1, 1, f"the evidence type{'s' if len(missing) > 1 else ''} {shown} "
                     f"{'have' if len(missing) > 1 else 'has'} no label in '{language}'",
                     f"add them under 'evidence_labels' in site.{language}.yml, in that language",
                     code="translation.missing")
