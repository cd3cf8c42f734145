"""Placeholders that would reach the public: '[Clinic name]' in site.yml, '[Write about ...]' in a page.

A warning in a local build, where they are expected while a site is being written; an error
when the build publishes (``--base-url``); a notice in a demonstration (``--demo``).
"""

from __future__ import annotations

from patientsite.diagnostics import Report, Severity
from patientsite.markup.convert import PageContent
from patientsite.markup.plaintext import CITATION_MARK
from patientsite.structure.config import SiteConfig
from patientsite.structure.placeholders import placeholders_in

# What each kind of placeholder is called, and why it must not be published.
KINDS = {False: ("a placeholder", "readers would see it"), True: ("an example address", "it reaches nobody")}


def severity(config: SiteConfig) -> Severity:
    if config.demo:
        return Severity.NOTICE
    return Severity.ERROR if config.publishing else Severity.WARNING


# The words for a setting of the clinic's, where its name is not enough.
SETTING_WORDS = {"phone": "phone number", "email": "email address", "hours": "opening hours", "number": "number"}


def _hint(config: SiteConfig, what: str) -> str:
    if config.demo:
        return f"this build is a demonstration (--demo); for a clinic's site, {what}"
    if config.publishing:
        return f"{what}: a site is not published with placeholders"
    return f"{what} before the site is published (a demonstration site is built with --demo)"


def check_site_placeholders(config: SiteConfig, report: Report) -> None:
    """One finding for each placeholder in site.yml's values."""
    for found in config.placeholders:
        kind, why = KINDS[found.is_address]
        report.add(severity(config), found.path, found.line, found.col,
                   f"'{found.setting}' holds {kind}, '{found.text}': {why}",
                   _hint(config, f"write {_words(found.setting)}"),
                   code="config.placeholder")


def _words(setting: str) -> str:
    """'title' -> "the site's real title"; 'clinic.phone' -> "the clinic's real phone number";
    'emergency[2].number' -> "the real number"; 'clinic.prices.infusion' -> "the clinic's real price for
    'infusion' ..."."""
    parts = setting.replace("[", ".[").split(".")
    if parts[:2] == ["clinic", "prices"] and len(parts) == 3:
        return f"the clinic's real price for '{parts[2]}' (a range if it varies)"
    last = SETTING_WORDS.get(parts[-1], parts[-1].replace("_", " "))
    if len(parts) == 1:
        return f"the site's real {last}"
    return f"the clinic's real {last}" if parts[0] == "clinic" and len(parts) == 2 else f"the real {last}"


def check_page_placeholders(content: PageContent, config: SiteConfig, report: Report) -> None:
    """One finding for each placeholder that the page shows its readers (in its title, description,
    key points or text), found where it was written: in the page, or in site.yml."""
    page = content.page
    shown = [page.meta.title, page.meta.description]
    shown += [block.text.replace(CITATION_MARK, " ") for text in (content.key_points_text, content.body_text)
              for block in text.blocks]
    # A placeholder that a page shows from a site.yml setting ({{ clinic.prices.infusion }}) is
    # reported once, in site.yml, where it is filled in.
    from_settings: set[str] | None = None  # made only when a placeholder is not in the page's own text
    start = 0
    for text in shown:
        for match in placeholders_in(text):
            offset = page.file.text.find(match.group(), start)
            if offset < 0:
                offset = page.file.text.find(match.group())
                if offset < 0 and from_settings is None:
                    from_settings = {found.group() for value in config.text_settings().values()
                                     for found in placeholders_in(value)}
                if offset < 0 and match.group() in from_settings:
                    continue
            else:
                start = offset + len(match.group())
            line, col = page.file.position(offset) if offset >= 0 else (page.body_line, 1)
            kind, why = KINDS[not match.group().startswith("[")]
            report.add(severity(config), page.file.display, line, col,
                       f"the page shows {kind}, '{match.group()}': {why}",
                       _hint(config, "replace it with the clinic's own text"), code="page.placeholder")
