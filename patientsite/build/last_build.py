"""The record of the last good build, and where a build's cache lives (``.cache/`` beside the output).

The record holds a digest of everything the build read (the site's files, the theme, the
generator itself, the options and the build date), the size and modification time of every
file it wrote, and its findings. When the next build would read exactly the same and the
output is exactly as written, there is nothing to do: the findings are shown again and the
output is left as it is, byte for byte what a full build would write.

This runs before the generator itself is loaded, so this module is cheap to import. A record
that is truncated, corrupt, of another format or made by other code is ignored, never trusted.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable

from patientsite import __version__
from patientsite.build.options import BuildOptions
from patientsite.diagnostics import Diagnostic, Report, Severity
from patientsite.structure.textfiles import files_below

FORMAT = 9
GENERATOR = Path(__file__).resolve().parents[1]
DEFAULT_THEME = GENERATOR.parent  # as theme.loader.DEFAULT_THEME, which is too heavy to import here


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


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write a file whole or not at all, with ``write``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as file:
            write(file)
        os.replace(file.name, path)
    except OSError:
        pass  # a cache that cannot be written costs only time


def site_digest(options: BuildOptions) -> str:
    """A digest of everything a build reads and is asked to do."""
    hasher = hashlib.sha256()
    hasher.update(json.dumps([FORMAT, __version__, str(options.out), options.strict, options.base_url, options.demo,
                              options.today.isoformat()]).encode())
    root = options.root
    for path in (root / "site.yml", root / "references.bib", root / "references.json"):
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


def record_build(options: BuildOptions, digest: str, report: Report, page_count: int) -> None:
    """Remember a good build that was just written into ``options.out``."""
    out = options.out
    record = {"format": FORMAT, "inputs": digest, "output": output_manifest(out), "pages": page_count,
              "findings": [_as_list(d) for d in report.diagnostics], "silenced": [_as_list(d) for d in report.silenced]}
    body = json.dumps(record, separators=(",", ":")).encode()
    write_atomically(cache_folder(out) / "last-build.json",
                      lambda file: file.write(hashlib.sha256(body).hexdigest().encode() + b"\n" + body))


def unchanged_build(options: BuildOptions) -> tuple[str, Report | None, int]:
    """The site's digest, and the last build's findings and page count if nothing changed since it."""
    out = options.out
    digest = site_digest(options)
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
