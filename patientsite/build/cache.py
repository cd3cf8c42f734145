"""The build cache on disk, in ``.cache/`` beside the output folder: safe to delete at any time.

Besides the record of the last good build (last_build.py), it holds three things. First, a
small record of each page of the last build (what it cites and links to, its anchors and
findings, and where it was written, with the file's signature and SHA-256), found by a digest
of everything the page depends on, so that an edit builds only the pages it affects. Pages are
not copied: the next build links the live file into the new site if it is still exactly as
written, and builds the page again if it is not. Second, the site before the live one
(``previous-site/``), which the next build starts from instead of an empty folder
(output.StagedOutput). Third, the syllable counts of textstat's pronunciation dictionary
(checks/syllables.py).

Anything truncated, corrupt, of another format or made by other code is ignored and rebuilt,
never trusted.
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from patientsite.build.last_build import FORMAT, cache_folder, generator_digest, write_atomically
from patientsite.build.options import BuildOptions
from patientsite.build.output import WrittenFile
from patientsite.build.page_builder import BuiltPage
from patientsite.checks.syllables import Syllables
from patientsite.diagnostics import Diagnostic
from patientsite.structure.bibliography import Library
from patientsite.structure.pages import FrontMatter


@dataclass
class BuildCache:
    """What the last build made, kept for the next: an edit builds again only the pages it affects.

    Each page's record is found by a digest of everything the page depends on (its text, the
    site's settings, pages, menu and templates, the date, the generator), and is reused only
    while the references it cites are unchanged too.
    """

    pages: dict[str, BuiltPage] = field(default_factory=dict)  # by key
    front_matter: dict[str, FrontMatter] = field(default_factory=dict)  # by a digest of the page's path and text
    library: tuple[str, Library, tuple[Diagnostic, ...]] | None = None  # by a digest of references.bib and references.json
    # The Sources page as written, with its element ids, by a digest of its entries and layout.
    sources_pages: dict[str, tuple[WrittenFile, tuple[str, ...]]] = field(default_factory=dict)
    syllables: Syllables = field(default_factory=Syllables)  # by word: the readability check's counts
    folder: Path | None = None  # where this cache is kept on disk, if it is: compiled templates go there too
    built: int = 0  # pages built (not reused) by the latest build
    used: set[str] = field(default_factory=set)  # the keys the latest build used: the cache on disk keeps these

    def start(self) -> None:
        self.built = 0
        self.used = set()

    def kept(self) -> BuildCache:
        """Only what the latest build used: what the next build can hope to reuse."""
        def used(entries: dict) -> dict:
            return {key: value for key, value in entries.items() if key in self.used}

        return BuildCache(pages=used(self.pages), sources_pages=used(self.sources_pages),
                          front_matter=self.front_matter, library=self.library,
                          syllables=Syllables(self.syllables.known))

    def stats(self) -> str:
        return f"{self.built} page{'s' * (self.built != 1)} built"


def load_cache(options: BuildOptions) -> BuildCache:
    """The cache of the last build into ``options.out``, or an empty one."""
    cache = _read_cache(options)
    cache.folder = cache_folder(options.out)
    cache.syllables.dictionary_file = cache.folder / "syllables.bin"
    return cache


PAGES_PER_PICKLE = 500  # records pickled together: equal strings among them are kept once


def _read_cache(options: BuildOptions) -> BuildCache:
    try:
        data = (cache_folder(options.out) / "pages.pickle").read_bytes()
        header_end = data.index(b"\n")
        payload = memoryview(data)[header_end + 1:-64]  # a view: not a copy of megabytes
        if data[:header_end] != _header(options) or hashlib.sha256(payload).hexdigest().encode() != data[-64:]:
            return BuildCache()
        stream = io.BytesIO(data)
        stream.seek(header_end + 1)
        cache = pickle.load(stream)
        if not isinstance(cache, BuildCache):
            return BuildCache()
        while (pages := pickle.load(stream)) is not None:
            cache.pages.update(pages)
    except Exception:  # noqa: BLE001 - whatever is wrong with it, a cache that cannot be read is rebuilt
        return BuildCache()
    return cache


def save_cache(options: BuildOptions, cache: BuildCache) -> None:
    """Keep what the latest build into ``options.out`` used, for the next build into it.

    The pages' records are pickled a few hundred at a time: pickled at once, a large site's
    would take tens of megabytes of memory while they are written.
    """
    cache.syllables.keep_dictionary()
    kept = cache.kept()
    pages, kept.pages = list(kept.pages.items()), {}

    def write(file: BinaryIO) -> None:
        file.write(_header(options) + b"\n")
        checksummed = _Checksummed(file)
        for part in (kept, *(dict(pages[start:start + PAGES_PER_PICKLE])
                             for start in range(0, len(pages), PAGES_PER_PICKLE)), None):
            pickle.dump(part, checksummed, protocol=pickle.HIGHEST_PROTOCOL)
        file.write(checksummed.hasher.hexdigest().encode())

    write_atomically(cache_folder(options.out) / "pages.pickle", write)


def _header(options: BuildOptions) -> bytes:
    return json.dumps([FORMAT, str(options.root.resolve()), generator_digest()]).encode()


class _Checksummed:
    """A file that keeps the SHA-256 of what is written through it."""

    def __init__(self, file: BinaryIO):
        self.file = file
        self.hasher = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.hasher.update(data)
        return self.file.write(data)
