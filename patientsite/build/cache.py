"""The build cache on disk, in ``.cache/`` beside the output folder: safe to delete at any time.

It holds four things. First, a small record of each page of the last build (what it cites
and links to, its anchors and findings, and where it was written, with the file's signature
and SHA-256), found by a digest of everything the page depends on, so that an edit builds only
the pages it affects. Pages are not copied: the next build links the live file into the new
site if it is still exactly as written, and builds the page again if it is not.
Second, the site before the live one (``previous-site/``), which the next build starts from
instead of an empty folder (output.StagedSite).
Third, the syllable counts of textstat's pronunciation dictionary (checks/syllables.py).
Fourth, a record of the last good build: a digest of everything it read (the site's files, the
theme, the generator itself, the options and the build date), the size and modification time
of every file it wrote, and its findings. When the next build would read exactly the same and
the output is exactly as written, there is nothing to do: the findings are shown again and the
output is left as it is, byte for byte what a full build would write.

The record's check runs before the generator itself is loaded, so this module is cheap to
import. Anything truncated, corrupt, of another format or made by other code is ignored and
rebuilt, never trusted.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable

from patientsite import __version__
from patientsite.diagnostics import Diagnostic, Report, Severity
from patientsite.build.options import BuildOptions, build_date
from patientsite.structure.textfiles import files_below

FORMAT = 8
GENERATOR = Path(__file__).resolve().parents[1]
DEFAULT_THEME = GENERATOR.parent  # as theme.DEFAULT_THEME, which is too heavy to import here


def cache_folder(out: Path) -> Path:
    """Where the cache of a build into ``out`` lives."""
    return out.parent / ".cache" / f"patientsite-{out.name}"


@functools.lru_cache(maxsize=1)
def generator_digest() -> str:
    """A digest of the generator's code and default theme: a cache made by other code is not used.

    Worked out once a process: the code does not change while it runs.
    """
    hasher = hashlib.sha256(__version__.encode())
    for folder, label in ((GENERATOR, "generator"), (DEFAULT_THEME / "templates", "theme/templates"),
                          (DEFAULT_THEME / "static", "theme/static")):
        _add_folder(hasher, folder, label)
    return hasher.hexdigest()


def load_pages(options: BuildOptions, out: Path):
    """The pages' cache of the last build into ``out`` (a `BuildCache`), or an empty one."""
    cache = _read_pages(options, out)
    cache.folder = cache_folder(out)
    cache.syllables.dictionary_file = cache.folder / "syllables.bin"
    return cache


PAGES_PER_PICKLE = 500  # records pickled together: equal strings among them are kept once


def _read_pages(options: BuildOptions, out: Path):
    import pickle

    from patientsite.build.pipeline import BuildCache

    try:
        data = (cache_folder(out) / "pages.pickle").read_bytes()
        header_end = data.index(b"\n")
        payload = memoryview(data)[header_end + 1:-64]  # a view: not a copy of megabytes
        if data[:header_end] != _pages_header(options) or hashlib.sha256(payload).hexdigest().encode() != data[-64:]:
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


def save_pages(options: BuildOptions, out: Path, cache) -> None:
    """Keep what the latest build into ``out`` used, for the next build into it.

    The pages' records are pickled a few hundred at a time: pickled at once, a large site's
    would take tens of megabytes of memory while they are written.
    """
    import pickle

    cache.syllables.keep_dictionary()
    kept = cache.kept()
    pages, kept.pages = list(kept.pages.items()), {}

    def write(file: BinaryIO) -> None:
        file.write(_pages_header(options) + b"\n")
        checksummed = _Checksummed(file)
        for part in (kept, *(dict(pages[start:start + PAGES_PER_PICKLE])
                             for start in range(0, len(pages), PAGES_PER_PICKLE)), None):
            pickle.dump(part, checksummed, protocol=pickle.HIGHEST_PROTOCOL)
        file.write(checksummed.hasher.hexdigest().encode())

    _write_atomically(cache_folder(out) / "pages.pickle", write)


def _pages_header(options: BuildOptions) -> bytes:
    return json.dumps([FORMAT, str(options.root.resolve()), generator_digest()]).encode()


class _Checksummed:
    """A file that keeps the SHA-256 of what is written through it."""

    def __init__(self, file: BinaryIO):
        self.file = file
        self.hasher = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.hasher.update(data)
        return self.file.write(data)


def _write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write a file whole or not at all, with ``write``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as file:
            write(file)
        os.replace(file.name, path)
    except OSError:
        pass  # a cache that cannot be written costs only time


def inputs_digest(options: BuildOptions, out: Path) -> str:
    """A digest of everything a build reads and is asked to do."""
    hasher = hashlib.sha256()
    today = options.today or build_date()
    hasher.update(json.dumps([FORMAT, __version__, str(out), options.strict, options.base_url,
                              today.isoformat()]).encode())
    root = options.root
    for path in (root / "site.yml", root / "references.bib"):
        _add_file(hasher, path, path.name)
    hasher.update(generator_digest().encode())
    for name in ("content", "templates", "static"):
        _add_folder(hasher, root / name, name)
    return hasher.hexdigest()


def _add_folder(hasher, folder: Path, label: str) -> None:
    """Every file below ``folder`` (none if it does not exist), by its path and content."""
    for rel_path, path in files_below(folder):
        if "__pycache__" not in rel_path.split("/"):
            _add_file(hasher, path, f"{label}/{rel_path}")


def _add_file(hasher, path: Path, name: str) -> None:
    try:
        data = path.read_bytes()
    except OSError:
        data = None
    hasher.update(f"\0{name}\0{len(data) if data is not None else -1}\0".encode())
    hasher.update(data or b"")


def output_manifest(out: Path) -> dict[str, list[int]]:
    """Every file of the output, with its size and modification time."""
    manifest = {}
    for folder, _, names in os.walk(out):
        for name in names:
            path = os.path.join(folder, name)
            stat = os.stat(path)
            manifest[os.path.relpath(path, out)] = [stat.st_size, stat.st_mtime_ns]
    return dict(sorted(manifest.items()))


def record_build(options: BuildOptions, out: Path, digest: str, report: Report, page_count: int) -> None:
    """Remember a good build that was just written into ``out``."""
    record = {"format": FORMAT, "inputs": digest, "output": output_manifest(out), "pages": page_count,
              "findings": [_as_list(d) for d in report.diagnostics], "silenced": [_as_list(d) for d in report.silenced]}
    body = json.dumps(record, separators=(",", ":")).encode()
    _write_atomically(cache_folder(out) / "last-build.json",
                      lambda file: file.write(hashlib.sha256(body).hexdigest().encode() + b"\n" + body))


def unchanged_build(options: BuildOptions, out: Path) -> tuple[str, Report | None, int]:
    """The inputs' digest, and the last build's findings and page count if nothing changed since it."""
    digest = inputs_digest(options, out)
    try:
        checksum, body = (cache_folder(out) / "last-build.json").read_bytes().split(b"\n", 1)
        if hashlib.sha256(body).hexdigest().encode() != checksum:
            return digest, None, 0
        record = json.loads(body)
        if record["format"] != FORMAT or record["inputs"] != digest or record["output"] != output_manifest(out):
            return digest, None, 0
        report = Report(options.root)
        report.diagnostics = [_from_list(d) for d in record["findings"]]
        report.silenced = [_from_list(d) for d in record["silenced"]]
        return digest, report, record["pages"]
    except (OSError, ValueError, KeyError, TypeError):
        return digest, None, 0


def _as_list(d: Diagnostic) -> list:
    return [d.path, d.line, d.col, d.severity.value, d.message, d.hint, d.code]


def _from_list(values: list) -> Diagnostic:
    path, line, col, severity, message, hint, code = values
    return Diagnostic(path, line, col, Severity(severity), message, hint, code)
