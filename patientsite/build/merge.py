"""Folders built one language at a time (`build --lang fr`), put together into the site a full build makes.

Each language's build holds its own pages, its Sources page, its 404 page and its part of the
search index; the default language's holds the site's own files too. A file that two folders
both hold must be the same in each, but for Pagefind's list of the indexed languages, which is
the union of theirs. So the languages of a large site can be built on separate machines.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from patientsite.build.search_index import ENTRY, SEARCH_FOLDER, write_entry

# Pagefind's list of the languages it indexed, in each language's build: merged, not compared.
SEARCH_ENTRY = f"{SEARCH_FOLDER}/{ENTRY}"


class MergeConflict(Exception):
    """Two folders hold different files at one path: they were not built from the same site."""


def merge_folders(folders: list[Path], out: Path) -> int:
    """Put ``folders`` together into ``out``, which is replaced only when they agree; the number of files."""
    sources: dict[str, Path] = {}
    entries: list[dict] = []
    for folder in folders:
        for directory, _, names in os.walk(folder):
            for name in names:
                path = Path(directory) / name
                rel_path = path.relative_to(folder).as_posix()
                if rel_path == SEARCH_ENTRY:
                    entries.append(json.loads(path.read_text(encoding="utf-8")))
                    continue
                kept = sources.get(rel_path)
                if kept is None:
                    sources[rel_path] = path
                elif kept.read_bytes() != path.read_bytes():
                    raise MergeConflict(f"{rel_path} differs between {_folder_of(kept, rel_path)} "
                                        f"and {folder}")
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for rel_path, path in sources.items():
            target = staging / rel_path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        if entries:
            (staging / SEARCH_FOLDER).mkdir(parents=True, exist_ok=True)
            try:
                write_entry(staging / SEARCH_ENTRY, entries)
            except ValueError as exc:
                raise MergeConflict(str(exc)) from None
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return len(sources) + (1 if entries else 0)


def _folder_of(path: Path, rel_path: str) -> Path:
    return Path(str(path)[: -len(rel_path) - 1])
