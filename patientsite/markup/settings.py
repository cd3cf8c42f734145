"""Settings in a page's text: ``{{ clinic.phone }}`` shows the value that site.yml gives it.

A clinic writes its details, its disclosure and its prices once, in site.yml, and a page shows
them where it names them, so that no page repeats a price that goes out of date. Only text
settings can be shown (``title``, ``clinic.name``, ``clinic.prices.infusion``); the value is
text, never Markdown or HTML, and a placeholder in it (``[$000]``) is marked on the page as
one, as the templates mark it. Inside code, ``{{ ... }}`` stays as it is; so does ``\\{{``.
A name that site.yml does not give is collected (``found``), to be reported at its place.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import Mapping

from markdown import Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from patientsite.diagnostics import did_you_mean
from patientsite.markup.collecting import CollectingExtension
from patientsite.structure.placeholders import placeholders_in

SETTING = r"\{\{\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)\s*\}\}"
# After Python-Markdown's code spans (190) and backslash escapes (180), so that `{{ x }}` and \{{ x }}
# stay as written; before its links (170 and below), so that a setting may be a link's text.
PRIORITY = 175


@dataclass(frozen=True)
class UnknownSetting:
    """A ``{{ name }}`` whose name site.yml does not give as text: as written, and why."""

    raw: str
    name: str
    problem: str
    hint: str


def marked_placeholders(text: str, parent: etree.Element) -> None:
    """Append ``text`` to ``parent``, each placeholder in it in a ``<mark class="placeholder">``."""
    last: etree.Element | None = None
    position = 0

    def add(piece: str) -> None:
        if not piece:
            return
        if last is None:
            parent.text = AtomicString((parent.text or "") + piece)
        else:
            last.tail = AtomicString((last.tail or "") + piece)

    for match in placeholders_in(text):
        add(text[position:match.start()])
        last = etree.SubElement(parent, "mark", {"class": "placeholder"})
        last.text = AtomicString(match.group())
        position = match.end()
    add(text[position:])


class SettingsExtension(CollectingExtension[UnknownSetting]):
    """Replaces ``{{ name }}`` with the text setting of that name (see the module's description)."""

    def __init__(self, settings: Mapping[str, str], groups: frozenset[str] = frozenset(), **kwargs):
        """``settings``: the text settings by name; ``groups``: the names that hold settings, such as 'clinic'."""
        self.settings = dict(settings)
        self.groups = groups
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.inlinePatterns.register(_SettingProcessor(SETTING, md, self), "setting", PRIORITY)

    def unknown(self, raw: str, name: str) -> UnknownSetting:
        inside = sorted(known for known in self.settings if known.startswith(name + "."))
        if name in self.groups or inside:
            shown = ", ".join(f"'{known}'" for known in inside[:6]) or "none"
            return UnknownSetting(raw, name, f"'{name}' in site.yml is a group of settings, not a text",
                                  f"name one text setting in it: {shown}")
        nearest = did_you_mean(name, list(self.settings))
        return UnknownSetting(raw, name, f"site.yml has no text setting '{name}'",
                              nearest or f"add '{name}' to site.yml, or write \\{{{{ for a literal '{{{{'")


class _SettingProcessor(InlineProcessor):
    def __init__(self, pattern: str, md: Markdown, extension: SettingsExtension):
        super().__init__(pattern, md)
        self.extension = extension

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:
        name = m.group(1)
        value = self.extension.settings.get(name)
        span = etree.Element("span", {"class": "setting"})
        if value is None:
            self.extension.found.append(self.extension.unknown(m.group(), name))
            span.text = AtomicString(m.group())
        else:
            marked_placeholders(value, span)
        return span, m.start(), m.end()
