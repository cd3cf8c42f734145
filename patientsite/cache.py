"""The build cache on disk, in ``.cache/`` beside the output folder: safe to delete at any time.

It holds a record of the last good build: a digest of everything the build read (the site's
files, the theme, the generator itself, the options and the build date), the size and
modification time of every file it wrote, and its findings. When the next build would read
exactly the same and the output is exactly as written, there is nothing to do: the findings
are shown again and the output is left as it is, byte for byte what a full build would write.

Everything here is cheap to import: this check runs before the generator itself is loaded.
A record that is truncated, corrupt or of another format is ignored and rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from patientsite import __version__
from patientsite.diagnostics import Diagnostic, Report, Severity
from patientsite.options import BuildOptions, build_date

FORMAT = 1
GENERATOR = Path(__file__).resolve().parent
DEFAULT_THEME = GENERATOR.parent


def cache_folder(out: Path) -> Path:
    """Where the cache of a build into ``out`` lives."""
    return out.parent / ".cache" / f"patientsite-{out.name}"


def inputs_digest(options: BuildOptions, out: Path) -> str:
    """A digest of everything a build reads and is asked to do."""
    hasher = hashlib.sha256()
    today = options.today or build_date()
    hasher.update(json.dumps([FORMAT, __version__, str(out), options.strict, options.base_url,
                              today.isoformat()]).encode())
    root = options.root
    for path in (root / "site.yml", root / "references.bib"):
        _add_file(hasher, path, path.name)
    for folder, label in ((root / "content", "content"), (root / "templates", "templates"), (root / "static", "static"),
                          (DEFAULT_THEME / "templates", "theme/templates"), (DEFAULT_THEME / "static", "theme/static"),
                          (GENERATOR, "generator")):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    _add_file(hasher, path, f"{label}/{path.relative_to(folder).as_posix()}")
    return hasher.hexdigest()


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
    body = json.dumps(record, separators=(",", ":"))
    text = json.dumps({"checksum": hashlib.sha256(body.encode()).hexdigest(), "record": body})
    folder = cache_folder(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, suffix=".tmp", encoding="utf-8") as file:
            file.write(text)
        os.replace(file.name, folder / "last-build.json")
    except OSError:
        pass  # a cache that cannot be written costs only time


def unchanged_build(options: BuildOptions, out: Path) -> tuple[str, Report | None, int]:
    """The inputs' digest, and the last build's findings and page count if nothing changed since it."""
    digest = inputs_digest(options, out)
    try:
        wrapper = json.loads((cache_folder(out) / "last-build.json").read_text(encoding="utf-8"))
        body = wrapper["record"]
        if hashlib.sha256(body.encode()).hexdigest() != wrapper["checksum"]:
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
