"""A build into a folder, as ``build`` and ``serve`` run it: pages written beside the live site as
they are built, indexed for search while the Sources page is made, swapped in only when good."""

from __future__ import annotations

from pathlib import Path

from patientsite.build.cache import cache_folder
from patientsite.build.options import BuildOptions
from patientsite.build.output import StagedSite
from patientsite.build.pipeline import BuildCache, BuildResult, complete_site, make_site
from patientsite.build.search_index import SEARCH_FOLDER, SearchIndexer


def build_into(options: BuildOptions, out: Path, cache: BuildCache, index_later: bool = False) -> BuildResult:
    """Build the site into ``out``, replacing what is there only if the build does not fail.

    With ``index_later`` (the live preview, after its first build) the new site goes live with
    the live site's search index as it was, and the caller indexes it again afterwards.

    Raises OSError when the folder cannot be written and SearchIndexError when the site cannot
    be indexed; either way the previous site is left as it was.
    """
    staged = StagedSite(out, recycle=cache_folder(out) / "previous-site")
    indexer = None
    try:
        made = make_site(options, cache, staged)
        if not made.failed_so_far(options.strict) and made.site.config.search and not index_later:
            # In its own process, on the core the build leaves idle.
            indexer = SearchIndexer(staged.folder, into=staged.fresh_folder(SEARCH_FOLDER))
        result = complete_site(made)
        if not result.failed(options.strict):
            if index_later and result.search:
                staged.carry(SEARCH_FOLDER)
            if indexer is not None:
                indexer.wait()
                indexer = None
            staged.publish()  # the previous site is removed by a thread that Python waits for before it exits
        return result
    finally:
        if indexer is not None:
            indexer.stop()
        staged.discard()
