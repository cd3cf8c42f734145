"""Writing the output folder atomically: a build is written beside it and swapped in only when complete.

A failed or interrupted build therefore never leaves a half-written site and never loses
the last good one. Leftovers of an interrupted build are removed by the next one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Callable

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def leftovers(out: Path) -> list[Path]:
    """Temporary folders that an interrupted build left beside the output folder."""
    if not out.parent.is_dir():
        return []
    return sorted(p for p in out.parent.iterdir()
                  if p.name.startswith((f".{out.name}.tmp-", f".{out.name}.old-")) and p.is_dir())


def remove_leftovers(out: Path) -> None:
    """Remove what an interrupted build left beside the output folder."""
    for leftover in leftovers(out):
        shutil.rmtree(leftover, ignore_errors=True)


def write_site(out: Path, files: dict[str, str], copies: dict[str, Path],
               finish: Callable[[Path], None] | None = None) -> None:
    """Write generated files and copy static ones into ``out``, replacing it in one step.

    ``finish`` runs on the complete folder before it goes live, for example to index it for search.
    """
    staging = stage_site(out, files, copies)
    try:
        if finish is not None:
            finish(staging)
        publish_site(staging, out)
    except BaseException:
        discard_site(staging)
        raise


def stage_site(out: Path, files: dict[str, str], copies: dict[str, Path]) -> Path:
    """Write a complete site into a new folder beside ``out``, not yet live; returns that folder."""
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        staging.chmod(0o755)
        made: set[Path] = {staging}
        for rel_path, text in files.items():
            _put(staging, out, rel_path, text.encode("utf-8"), made)
        for rel_path, source in copies.items():
            _put(staging, out, rel_path, source.read_bytes(), made)
    except BaseException:
        discard_site(staging)
        raise
    return staging


def _put(staging: Path, out: Path, rel_path: str, data: bytes, made: set[Path]) -> None:
    """Write a file into the staging folder, or link it to the live site's file when that is the same.

    An edit changes a few pages, and a link costs a small part of writing a file. The live file
    is read to make sure it is byte for byte the same, so nothing it holds is taken on trust.
    """
    target = staging / rel_path
    if target.parent not in made:
        target.parent.mkdir(parents=True, exist_ok=True)
        made.add(target.parent)
    live = out / rel_path
    try:
        status = live.lstat()
        if stat.S_ISREG(status.st_mode) and status.st_size == len(data) and live.read_bytes() == data:
            os.link(live, target)
            return
    except OSError:
        pass  # no such file, or a file system without links: write it
    target.write_bytes(data)


def publish_site(staging: Path, out: Path) -> None:
    """Make a staged site live in one step; the previous one is removed."""
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the previous output
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rmdir(old)
    os.rename(out, old)
    os.rename(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def discard_site(staging: Path) -> None:
    """Throw a staged site away; the live one stays as it was."""
    shutil.rmtree(staging, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step with Linux's renameat2; False where that is not available."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    libc = ctypes.CDLL(name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0
