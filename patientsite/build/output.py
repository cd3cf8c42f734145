"""Writing the output folder atomically: a build is written beside it and swapped in only when complete.

A failed or interrupted build therefore never leaves a half-written site and never loses
the last good one. Leftovers of an interrupted build are removed by the next one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import io
import os
import shutil
import stat
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable

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


HELD = ".held"  # the suffix of a file held back from its name until the site is published


@dataclass(frozen=True)
class WrittenFile:
    """A file as a build wrote it: what the next build needs to know it again and keep it."""

    path: str
    checksum: str  # SHA-256 of the bytes written
    text: str | None = None  # in memory, the text itself: there is no file to find again
    # In a folder, the file's device, inode, size and modification time: a next build that finds
    # the live file with the same signature links it without reading it again.
    signature: tuple[int, int, int, int] | None = None


class MemoryOutput:
    """Where a build puts its files when it is not writing a folder: tests and ``check``."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}
        self.copies: dict[str, Path] = {}

    def write(self, rel_path: str, text: str) -> None:
        self.files[rel_path] = text

    write_soon = write  # in memory, soon is now

    def flush(self) -> dict[str, tuple[int, int, int, int]]:
        """Nothing waits to be written in memory: no file has a signature to give."""
        return {}

    def copy(self, rel_path: str, source: Path) -> None:
        self.copies[rel_path] = source

    def open(self, rel_path: str) -> BinaryIO:
        """A new file to write a large page into, a part at a time: kept as text once closed."""
        return _TextOnClose(self.files, rel_path)

    def written(self, rel_path: str, checksum: str) -> WrittenFile:
        """What the build keeps of a file it wrote here: all of it, since there is no file to find again."""
        return WrittenFile(rel_path, checksum, text=self.files[rel_path])

    def hold(self, rel_path: str) -> None:
        """Nothing reads a site in memory before it is complete."""

    def make_folders(self, rel_paths: Iterable[str]) -> None:
        """A site in memory has no folders to make."""

    def accept(self, file: WrittenFile) -> None:
        """A file that a worker process wrote is part of this site."""
        self.files[file.path] = file.text

    def keep(self, file: WrittenFile) -> bool:
        """Put a file made by an earlier build in the site again, if the earlier build kept its text."""
        if file.text is None:
            return False
        self.files[file.path] = file.text
        return True


class _TextOnClose(io.BytesIO):
    """Bytes written a part at a time, put among a site's files as text when closed."""

    def __init__(self, files: dict[str, str], rel_path: str):
        super().__init__()
        self.files, self.rel_path = files, rel_path

    def close(self) -> None:
        if not self.closed:
            self.files[self.rel_path] = self.getvalue().decode("utf-8")
        super().close()


class StagedOutput:
    """A new site written beside the live one, in a folder that goes live only when complete.

    Build workers write into it as they go, each file at once, so a build never holds the
    whole site in memory. ``publish()`` swaps it in; ``discard()`` throws it away.

    With ``recycle`` (a folder in the cache), the previous site is not removed but kept there,
    and the next build starts from it instead of from an empty folder: on a large site, making
    a folder for every page and removing the old ones took longer than the edit itself. Nothing
    in a recycled folder is trusted. A file is never written through (it may be a link to a
    live file): it is replaced. A file kept from the live site must be that very file. And
    every file that this build did not put there is removed before the site goes live.
    """

    def __init__(self, out: Path, recycle: Path | None = None):
        self.out = out
        self.recycle = recycle
        out.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(out)
        self.folder: Path | None = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
        self.recycled = False
        if recycle is not None and recycle.is_dir():
            try:
                os.rename(recycle, self.folder)  # onto the empty folder just made: one step
                self.recycled = True
            except OSError:
                shutil.rmtree(recycle, ignore_errors=True)  # on another file system, say: start afresh
        self.folder.chmod(0o755)
        self._made: set[Path] = {self.folder}
        self._held: set[str] = set()
        self._put: set[str] = set()  # every file this build put in the folder
        self._whole: set[str] = set()  # folders put in whole (by the search indexer, or carried): not swept
        self._carried: set[str] = set()  # folders of the live site to move into this one
        self._removing: threading.Thread | None = None
        self._soon: list[tuple[str, bytes]] = []  # files to write with the next flush

    def hold(self, rel_path: str) -> None:
        """Write a file under another name until ``publish()``.

        For a file made while a search indexer reads the folder: the indexer reads only files
        whose names end in .html, so it neither reads the file half-written nor indexes it.
        """
        self._held.add(rel_path)

    def make_folders(self, rel_paths: Iterable[str]) -> None:
        """Make the folders of files about to be written, all at once and before workers fork (each then
        knows them made): one at a time between pages, a folder took 0.66 ms, against 0.05 ms in a row."""
        for rel_path in rel_paths:
            _make_parent(self._target(rel_path), self._made)

    def write(self, rel_path: str, text: str) -> None:
        self._put.add(rel_path)
        _put(self._target(rel_path), self.out / rel_path, text.encode("utf-8"), self._made)

    def write_soon(self, rel_path: str, text: str) -> None:
        """Write a file with the next ``flush()``: pages are written a few at a time, since a file
        written alone between two pages took three times as long as in a row (0.7 ms, against 0.24
        ms, for a page of 20 kB). Until then, ``written`` gives the file no signature."""
        self._put.add(rel_path)
        self._soon.append((rel_path, text.encode("utf-8")))

    def flush(self) -> dict[str, tuple[int, int, int, int]]:
        """Write the files that ``write_soon`` was given; each one's signature, by its path."""
        signatures = {}
        for rel_path, data in self._soon:
            target = self._target(rel_path)
            _put(target, self.out / rel_path, data, self._made)
            signatures[rel_path] = file_signature(target.lstat())
        self._soon.clear()
        return signatures

    def copy(self, rel_path: str, source: Path) -> None:
        self._put.add(rel_path)
        _put(self._target(rel_path), self.out / rel_path, source.read_bytes(), self._made)

    def open(self, rel_path: str) -> BinaryIO:
        """A new file to write a large page into, a part at a time."""
        self._put.add(rel_path)
        target = self._target(rel_path)
        _make_parent(target, self._made)
        _clear(target)
        return target.open("wb")

    def accept(self, file: WrittenFile) -> None:
        """A file that a worker process wrote into the folder is part of this site."""
        self._put.add(file.path)

    def fresh_folder(self, rel_path: str) -> Path:
        """An empty folder for another program (the search indexer) to fill: all it puts there is kept."""
        folder = self.folder / rel_path
        _clear(folder)
        self._whole.add(rel_path)
        return folder

    def _target(self, rel_path: str) -> Path:
        return self.folder / (rel_path + HELD if rel_path in self._held else rel_path)

    def written(self, rel_path: str, checksum: str) -> WrittenFile:
        """What the build keeps of a file it wrote here: not its text, which is in the file, but what
        tells that file from any other (its signature), to find it again unchanged in the live site."""
        if any(path == rel_path for path, _ in self._soon):
            return WrittenFile(rel_path, checksum)  # its signature comes with the flush
        return WrittenFile(rel_path, checksum, signature=file_signature(self._target(rel_path).lstat()))

    def keep(self, file: WrittenFile) -> bool:
        """Put a file made by an earlier build in the site again: the live site's file, linked, if it
        is still exactly as that build wrote it. That is the very file it wrote, untouched since
        (its signature), or else a file with the same SHA-256 (a copy of the site, say)."""
        rel_path = file.path
        live = f"{self.out}/{rel_path}"  # a string: on a large site, Path objects took a tenth of a second here
        try:
            status = os.lstat(live)
            if not stat.S_ISREG(status.st_mode):
                return False
            if file_signature(status) != file.signature:
                with open(live, "rb") as opened:
                    if hashlib.sha256(opened.read()).hexdigest() != file.checksum:
                        return False
            self._put.add(rel_path)
            _link_unless_same(live, status, self._target(rel_path), self._made)
        except OSError:
            self._put.discard(rel_path)
            return False
        return True

    def carry(self, rel_path: str) -> None:
        """Move the live site's folder ``rel_path`` into this one as it goes live, as it is.

        For the live preview's search index, which is made again only once the pages are live:
        a folder moved in one step, where linking its files one by one took a second on a
        large site.
        """
        self._carried.add(rel_path)
        self._whole.add(rel_path)

    def publish(self) -> None:
        """Make the site live. The previous site is kept to be recycled, or else removed meanwhile, by
        a thread that Python waits for before it exits; ``wait()`` waits for it now."""
        for rel_path in self._held:
            if (self.folder / (rel_path + HELD)).exists():
                os.replace(self.folder / (rel_path + HELD), self.folder / rel_path)
        if self.recycled:
            self._remove_the_rest()
        for rel_path in self._carried:
            self._carry_in(rel_path)
        previous = swap_in(self.folder, self.out)
        self.folder = None
        if previous is not None and not self._keep_for_next(previous):
            self._removing = threading.Thread(target=shutil.rmtree, args=(previous,), kwargs={"ignore_errors": True},
                                              daemon=False)
            self._removing.start()

    def _carry_in(self, rel_path: str) -> None:
        """Swap the live folder with this build's (which a recycled folder may hold, out of date):
        the live site keeps a whole folder there until this one goes live a moment later."""
        live, here = self.out / rel_path, self.folder / rel_path
        if not live.is_dir():
            return
        _make_parent(here, self._made)
        if not (here.is_dir() and _exchange(live, here)):
            _clear(here)
            os.rename(live, here)

    def _remove_the_rest(self) -> None:
        """Remove what the recycled folder held that this build did not put in it."""
        top = str(self.folder)
        for folder, subfolders, names in os.walk(top, topdown=False):
            prefix = folder[len(top) + 1:] + "/" if folder != top else ""
            if prefix and prefix.split("/", 1)[0] in self._whole:
                continue
            removed = 0
            for name in names:
                if prefix + name not in self._put:
                    os.unlink(os.path.join(folder, name))
                    removed += 1
            if prefix and (removed or subfolders) and not os.listdir(folder):
                os.rmdir(folder)

    def _keep_for_next(self, previous: Path) -> bool:
        if self.recycle is None:
            return False
        try:
            self.recycle.parent.mkdir(parents=True, exist_ok=True)
            os.rename(previous, self.recycle)
        except OSError:
            return False
        return True

    def wait(self) -> None:
        """Wait until the previous site is removed; if the build is cut off first, the next one removes it."""
        if self._removing is not None:
            self._removing.join()
            self._removing = None

    def discard(self) -> None:
        """Throw the folder away; with ``recycle`` it is kept for the next build, which trusts nothing in it."""
        if self.folder is not None:
            if not self._keep_for_next(self.folder):
                shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def file_signature(status: os.stat_result) -> tuple[int, int, int, int]:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def _put(target: Path, live: Path, data: bytes, made: set[Path]) -> None:
    """Write a file into the staging folder, or link it to the live site's file when that is the same.

    An edit changes a few pages, and a link costs a small part of writing a file. The live file
    is read to make sure it is byte for byte the same, so nothing it holds is taken on trust.
    """
    try:
        status = live.lstat()
        if stat.S_ISREG(status.st_mode) and status.st_size == len(data) and live.read_bytes() == data:
            _link_unless_same(live, status, target, made)
            return
    except OSError:
        pass  # no such file, or a file system without links: write it
    _make_parent(target, made)
    _clear(target)
    target.write_bytes(data)


def _link_unless_same(live: Path | str, status: os.stat_result, target: Path, made: set[Path]) -> None:
    """Link ``target`` to the live file, unless it is that file already (in a recycled folder)."""
    try:
        there = os.lstat(target)
        if (there.st_ino, there.st_dev) == (status.st_ino, status.st_dev):
            return
    except FileNotFoundError:
        pass
    _make_parent(target, made)
    _clear(target)
    os.link(live, target)


def _clear(target: Path) -> None:
    """Make way for a new file or folder: what a recycled folder has there may be a link to a live file."""
    try:
        os.unlink(target)
    except FileNotFoundError:
        pass
    except (IsADirectoryError, PermissionError):  # a folder: Linux says the first, macOS the second
        if not os.path.isdir(target) or os.path.islink(target):
            raise
        shutil.rmtree(target)


def _make_parent(target: Path, made: set[Path]) -> None:
    parent = target.parent
    if parent in made:
        return
    try:
        parent.mkdir(parents=True, exist_ok=True)  # another worker may have made it: that is fine
    except (FileExistsError, NotADirectoryError):  # a file where a folder goes, in a recycled folder
        _make_parent(parent, made)
        if not stat.S_ISDIR(parent.lstat().st_mode):
            _clear(parent)
        parent.mkdir(exist_ok=True)
    made.add(parent)


def swap_in(staging: Path, out: Path) -> Path | None:
    """Make a staged site live in one step; returns the folder that now holds the previous one, to remove."""
    if not out.exists():
        os.rename(staging, out)
        return None
    if _exchange(staging, out):
        return staging  # it now holds the previous output
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rmdir(old)
    os.rename(out, old)
    os.rename(staging, out)
    return old


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
