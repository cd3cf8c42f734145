"""Every finding's id: the name shown in brackets after a message, used in a page's ``allow:``.

docs/errors.md explains each id, with its meaning and how to fix it; a test checks that the
two lists agree, and a `Diagnostic` with an id that is not listed here cannot be made.
"""

from __future__ import annotations

CODES = frozenset({
    # Files and folders
    "file.missing", "file.unreadable", "file.outside", "file.encoding", "file.binary", "file.too-large",
    "yaml.syntax", "yaml.duplicate-field",
    # site.yml
    "config.unknown-setting", "config.invalid", "config.missing", "config.footer", "config.placeholder",
    # Pages and their front matter
    "frontmatter.unknown-field", "frontmatter.invalid", "frontmatter.missing", "frontmatter.description",
    "page.url", "page.placeholder", "page.setting", "content.home",
    # Languages and translations
    "translation.missing", "translation.stale", "translation.language", "translation.folder",
    # Citations and links
    "citation.unknown", "citation.in-link", "citation.unclosed", "citation.repeated", "link.broken", "link.anchor", "html.unsafe",
    # references.bib and references.json
    "csljson.syntax", "bibtex.duplicate", "bibtex.malformed", "bibtex.value", "bibtex.type", "bibtex.name",
    "bibtex.date",
    "bibtex.incomplete", "bibtex.evidence", "bibtex.link", "bibtex.latex", "bibtex.crossref", "bibtex.set", "references.unused",
    # Checks of the pages' content
    "claim.uncited-number", "language.promotional", "risk.vague", "readability.grade", "headings.skipped-level",
    "image.alt-missing", "review.missing", "review.overdue", "review.future",
    # The theme and the output
    "template.error", "theme.anchor", "static.missing", "output.write", "search.index", "internal.error",
})
