"""References as a reader sees them: a library loaded and each entry formatted by the default theme."""

from __future__ import annotations

from pathlib import Path

from lxml import html

from patientsite.structure.bibliography import cited_entry_findings, load_library
from patientsite.structure.config import DEFAULT_EVIDENCE_LABELS
from patientsite.theme.loader import Theme


def formatted_library(path: Path) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Each reference of the library at ``path`` as HTML and as text, by key, and every finding, all entries cited."""
    loaded = load_library(path, path.parent, DEFAULT_EVIDENCE_LABELS)
    library = loaded.value
    findings = [finding.format().split("\n")[0] for finding in
                (*loaded.findings, *cited_entry_findings(library, set(library.references)))]
    ama = Theme(path.parent).markup_macro("partials/reference.html", "ama")
    markup = {key: " ".join(str(ama(reference)).split()) for key, reference in library.references.items()}
    text = {key: " ".join(html.fromstring(f"<p>{value}</p>").text_content().split()) for key, value in markup.items()}
    return markup, text, findings


def format_entries(tmp_path: Path, bib: str) -> dict[str, str]:
    """The text of each reference of a .bib text; the library must load without findings."""
    path = tmp_path / "references.bib"
    path.write_text(bib, encoding="utf-8")
    _, text, findings = formatted_library(path)
    assert findings == []
    return text
