"""Fingerprinted static files: 'static/style.css' is published as 'static/style.3f2a9c1b7e.css'.

A file's published name carries a digest of its content, so a host may let browsers keep
it for a year: a changed stylesheet gets a new name, and every page that links to it is
rewritten, so a deploy never serves a new page with an old stylesheet. Stylesheets are
rewritten too, where their ``url()`` and ``@import`` point to other static files.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from patientsite.diagnostics import Report
from patientsite.structure.textfiles import read_text
from patientsite.structure.urls import normalise_site_path, relative_url

DIGEST_LENGTH = 10  # hex digits: enough that two versions of one file never share a name

# url(x), url('x'), url("x"), and @import 'x' / @import "x", in a stylesheet.
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
CSS_REFERENCE = re.compile(r"""url\(\s*(?P<q>['"]?)(?P<url>[^'")\s]+)(?P=q)\s*\)|@import\s+(?P<iq>['"])(?P<iurl>[^'"]+)(?P=iq)""")


@dataclass
class Assets:
    """The theme's static files under their fingerprinted names."""

    names: dict[str, str] = field(default_factory=dict)  # 'static/style.css' -> 'static/style.3f2a9c1b7e.css'
    copies: dict[str, Path] = field(default_factory=dict)  # published path -> source file, copied as it is
    texts: dict[str, str] = field(default_factory=dict)  # published path -> rewritten stylesheet


def fingerprinted_name(path: str, data: bytes) -> str:
    """'static/style.css' with the digest of its content before the extension."""
    folder, name = posixpath.split(path)
    stem, dot, extension = name.partition(".")
    tag = hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]
    return posixpath.join(folder, f"{stem}.{tag}{dot}{extension}" if dot else f"{stem}.{tag}")


def fingerprint(static: dict[str, Path], report: Report) -> Assets:
    """Name every static file by its content; stylesheets after the files they refer to."""
    assets = Assets()
    stylesheets = {}
    for path, source in static.items():
        if path.endswith(".css"):
            stylesheets[path] = source
        else:
            assets.names[path] = fingerprinted_name(path, source.read_bytes())
            assets.copies[assets.names[path]] = source
    for path in stylesheets:
        _stylesheet(path, stylesheets, assets, report, visiting=set())
    return assets


def _stylesheet(path: str, stylesheets: dict[str, Path], assets: Assets, report: Report, visiting: set[str]) -> str:
    if path in assets.names:
        return assets.names[path]
    visiting.add(path)
    file = read_text(stylesheets[path], report.display_path(stylesheets[path]))
    targets: dict[int, str] = {}  # where each reference starts -> the published name it points to
    for match in CSS_REFERENCE.finditer(file.text):
        raw = match.group("url") or match.group("iurl")
        if raw.startswith(("#", "/")) or SCHEME.match(raw):
            continue
        target = normalise_site_path(posixpath.join(posixpath.dirname(path), re.split(r"[?#]", raw)[0]))
        if target in stylesheets and target not in visiting:
            targets[match.start()] = _stylesheet(target, stylesheets, assets, report, visiting)
        elif target in assets.names:
            targets[match.start()] = assets.names[target]
        else:
            problem = "imports this stylesheet in a loop" if target in visiting else "points to a file that is not in static/"
            report.error(file.display, *file.position(match.start()), f"'{raw}' {problem}",
                         "put the file in the static/ folder and refer to it by a path relative to this stylesheet",
                         code="static.missing")
    # The stylesheet is named after its rewritten text, so a changed image renames it too.
    text = CSS_REFERENCE.sub(lambda match: _reference(match, path, targets), file.text)
    assets.names[path] = fingerprinted_name(path, text.encode("utf-8"))
    assets.texts[assets.names[path]] = text
    visiting.discard(path)
    return assets.names[path]


def _reference(match: re.Match, from_path: str, targets: dict[int, str]) -> str:
    target = targets.get(match.start())
    if target is None:
        return match.group(0)
    href = relative_url(from_path, target)
    return f'@import "{href}"' if match.group("iurl") else f'url("{href}")'
