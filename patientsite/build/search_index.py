"""The site's search index, built by Pagefind over the finished pages before they go live."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from patientsite.build.output import swap_in

# Pagefind's ready-made interfaces, which this site does not use (static/search.js talks to
# pagefind.js directly). Their stylesheets hold data: URLs that the site's policy forbids.
UNUSED_BUNDLE_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                       "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


# Runs Pagefind as `python -m pagefind` does, but on Linux first asks the kernel to kill it when
# the build that started it dies, even by SIGKILL: otherwise it would go on writing into a staged
# folder that the next build removes. (Pagefind's module execs its binary, which keeps the request.)
LAUNCH = """\
import ctypes, os, runpy, signal, sys
build = int(sys.argv.pop(1))
if sys.platform == "linux":
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != build:
        sys.exit("the build that started the indexing has ended")
runpy.run_module("pagefind", run_name="__main__", alter_sys=True)
"""


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message says why and what to do."""


SEARCH_FOLDER = "pagefind"  # where the index goes in the site, and where static/search.js loads it from


# Pagefind's list of the languages it indexed. It writes them in no fixed order (a hash map's):
# sorted, two builds of one site give the same file, and so do the builds of its languages, merged.
ENTRY = "pagefind-entry.json"


def write_entry(path: Path, entries: list[dict]) -> None:
    """Write Pagefind's entry file from one or more (each language's build), its languages sorted."""
    versions = {entry.get("version") for entry in entries}
    if len(versions) > 1:
        raise ValueError(f"the folders were indexed by different versions of Pagefind: {sorted(map(str, versions))}")
    merged = dict(entries[0])
    merged["languages"] = dict(sorted({language: info for entry in entries
                                       for language, info in entry.get("languages", {}).items()}.items()))
    path.write_text(json.dumps(merged, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")


class SearchIndexer:
    """Pagefind indexing a folder in its own process, so that the build can go on meanwhile."""

    def __init__(self, folder: Path, into: Path | None = None):
        """Index the pages in ``folder`` into its pagefind/ folder, or into ``into``."""
        self.index = into or folder / SEARCH_FOLDER
        # Citation numbers and their previews would clutter the excerpts that search results show.
        self.process = subprocess.Popen([sys.executable, "-c", LAUNCH, str(os.getpid()), "--site", str(folder),
                                         "--output-path", str(self.index), "--silent",
                                         "--exclude-selectors", "sup.citation"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def wait(self) -> None:
        """Wait until the index is written; raises SearchIndexError if it could not be."""
        try:
            stdout, stderr = self.process.communicate(timeout=600)
        except subprocess.TimeoutExpired as exc:
            self.stop()
            raise SearchIndexError("Pagefind took more than 10 minutes to index the site") from exc
        if self.process.returncode != 0:
            detail = (stderr or stdout).strip().splitlines()
            reason = detail[-1] if detail else f"exit status {self.process.returncode}"
            if "No module named pagefind" in stderr:
                reason = "Pagefind is not installed (run scripts/setup, or set 'search: false' in site.yml)"
            raise SearchIndexError(f"the search index could not be built: {reason}")
        for name in UNUSED_BUNDLE_FILES:
            (self.index / name).unlink(missing_ok=True)
        entry = self.index / ENTRY
        if entry.is_file():
            try:
                write_entry(entry, [json.loads(entry.read_text(encoding="utf-8"))])
            except ValueError as exc:  # Pagefind left it unfinished: a full disk, most often
                raise SearchIndexError(f"the search index could not be built: Pagefind's {ENTRY} is incomplete "
                                       "(is the disk full?)") from exc

    def stop(self) -> None:
        """Stop indexing: the folder is being thrown away."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


class IndexRefresh:
    """The search index of a site that is already live, made again beside it and then swapped in.

    For the live preview: after an edit its pages go live at once, with the index as it was,
    and the index catches up a moment later. Pagefind can only index a whole site (upstream
    Pagefind/pagefind#71), which takes far longer than building the page that was edited.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        # Named as a build's staging folder is, so that a build removes it if this one is cut off.
        self.beside = Path(tempfile.mkdtemp(prefix=f".{folder.name}.tmp-search-", dir=folder.parent))
        self.indexer = SearchIndexer(folder, into=self.beside / SEARCH_FOLDER)

    def wait(self) -> None:
        """Wait until the index is made; raises SearchIndexError if it could not be (or was cancelled)."""
        self.indexer.wait()

    def go_live(self) -> None:
        """Put the new index in the live site, in one step. The old one is left beside, for ``close``."""
        previous = swap_in(self.indexer.index, self.folder / SEARCH_FOLDER)
        if previous is not None and previous != self.indexer.index:  # where renameat2 is missing
            shutil.rmtree(previous, ignore_errors=True)

    def cancel(self) -> None:
        """Stop Pagefind; whoever waits for it cleans up."""
        if self.indexer.process.poll() is None:
            self.indexer.process.kill()

    def close(self) -> None:
        shutil.rmtree(self.beside, ignore_errors=True)
