"""The site's search index, built by Pagefind over the finished pages before they go live."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# Pagefind's ready-made interfaces, which this site does not use (static/search.js talks to
# pagefind.js directly). Their stylesheets hold data: URLs that the site's policy forbids.
UNUSED_BUNDLE_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                       "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message says why and what to do."""


def build_search_index(folder: Path) -> None:
    """Index every page in ``folder`` into ``folder/pagefind/``."""
    try:
        # Citation numbers and their previews would clutter the excerpts that search results show.
        result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(folder), "--silent",
                                 "--exclude-selectors", "sup.citation"],
                                capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired as exc:
        raise SearchIndexError("Pagefind took more than 10 minutes to index the site") from exc
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        reason = detail[-1] if detail else f"exit status {result.returncode}"
        if "No module named pagefind" in result.stderr:
            reason = "Pagefind is not installed (run scripts/setup, or set 'search: false' in site.yml)"
        raise SearchIndexError(f"the search index could not be built: {reason}")
    for name in UNUSED_BUNDLE_FILES:
        (folder / "pagefind" / name).unlink(missing_ok=True)
