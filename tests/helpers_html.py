"""Walking a built output folder as a browser would: files, ids, and where each link lands."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html


def parse(path: Path):
    return lxml.html.document_fromstring(path.read_bytes())


def html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def resolve(out: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file a relative href from ``page`` lands on, and its fragment; None for external links."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return None
    if not parts.path:
        return page, unquote(parts.fragment)
    base = page.parent.relative_to(out).as_posix()
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    path = out / target
    if parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, unquote(parts.fragment)


def tree_digest(out: Path) -> dict[str, bytes]:
    """Every file of an output folder by relative path, for byte-for-byte comparison."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
