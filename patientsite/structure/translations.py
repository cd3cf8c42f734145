"""Translations: a page in another language sits beside its original, as ``crps.fr.md`` beside ``crps.md``.

A site names its languages in site.yml (``languages: [en, fr]``, the default first). Each other
language is an *edition* of the site under its own folder (``fr/``): its translations, and for
every original that has none yet, the original itself with a note (a *fallback*). A translation
records which version of its original it translates, as ``translation_of:``, a digest of the
original's text that `translation-done` writes; when the original changes, the translation is
*stale*, and says so to its readers.

Translations in a folder of their own (``content/fr/crps.md``) are refused: beside the original,
a translation is found by its name, and an editor sees at once which pages have one.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

from patientsite.structure.pages import PageSource

DIGEST_PREFIX = "sha256:"
DIGEST_LENGTH = 16  # hex digits kept: enough to tell versions of one page apart, short enough to read


def text_digest(text: str) -> str:
    """The digest that a translation's ``translation_of`` records: of the original's whole text, with
    its line endings and trailing spaces made even, so that an editor's settings do not make it stale."""
    normal = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()
    return DIGEST_PREFIX + hashlib.sha256(normal.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


@dataclass(frozen=True)
class TranslationStatus:
    """What a page in another language's edition says of its original."""

    original_url: str
    original_lang: str
    original_updated: object  # the original's date of last review, which a stale notice gives
    fallback: bool = False  # the original itself, shown for want of a translation
    stale: bool = False  # a translation of an older version of the original
    recorded: bool = True  # the translation records the version it translates


@dataclass(frozen=True)
class Versions:
    """The same page in every edition: its URL in each (a translation's, or a fallback's), and the
    languages it is written in (the original's and its translations'), which hreflang names."""

    urls: dict[str, str]
    written_in: tuple[str, ...]

    def hreflang(self) -> dict[str, str]:
        return {language: self.urls[language] for language in self.written_in}


@dataclass(frozen=True)
class Edition:
    """The pages of one language: its translations, and the originals that have none (fallbacks)."""

    language: str
    prefix: str  # '' for the default language, 'fr/' for French
    pages: tuple[PageSource, ...]
    status: dict[str, TranslationStatus]  # by page URL, for the pages of another language's edition
    versions: dict[str, Versions]  # by page URL

    @property
    def sources_url(self) -> str:
        return self.prefix + "sources/"

    @property
    def not_found_url(self) -> str:
        return self.prefix + "404.html"


def editions(pages: tuple[PageSource, ...], languages: tuple[str, ...]) -> tuple[Edition, ...]:
    """One edition for each language, the default's first, from every page read (originals and translations)."""
    default = languages[0]
    originals = {page.rel_path: page for page in pages if not page.original}
    translations = {(page.original, page.lang): page for page in pages if page.original}
    shown: dict[str, list[PageSource]] = {language: [] for language in languages}
    status: dict[str, dict[str, TranslationStatus]] = {language: {} for language in languages}
    versions: dict[str, Versions] = {}
    for original in originals.values():
        urls, written_in, pages_of = {default: original.url}, [default], [original]
        for language in languages[1:]:
            page = translations.get((original.rel_path, language))
            if page is None:
                page = dataclasses.replace(original, url=language + "/" + original.url, edition=language)
                status[language][page.url] = TranslationStatus(original.url, original.lang,
                                                                original.meta.last_reviewed, fallback=True)
            else:
                recorded = page.meta.translation_of is not None
                status[language][page.url] = TranslationStatus(
                    original.url, original.lang, original.meta.last_reviewed, recorded=recorded,
                    stale=recorded and page.meta.translation_of != text_digest(original.file.text))
                written_in.append(language)
            urls[language] = page.url
            pages_of.append(page)
        for page in pages_of:
            shown[page.edition].append(page)
            versions[page.url] = Versions(urls, tuple(written_in))
    for page in pages:  # a page that exists only in another language: it has no original
        if page.original and page.original not in originals:
            shown[page.lang].append(page)
            versions[page.url] = Versions({page.lang: page.url}, (page.lang,))
    prefixes = {language: "" if language == default else language + "/" for language in languages}
    # The Sources page is the site's own, in every language.
    sources = Versions({language: prefix + "sources/" for language, prefix in prefixes.items()}, languages)
    return tuple(Edition(language, prefixes[language], tuple(shown[language]), status[language],
                         {**{page.url: versions[page.url] for page in shown[language]},
                          prefixes[language] + "sources/": sources})
                 for language in languages)
