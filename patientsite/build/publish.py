"""A build into a folder, as ``build`` and ``serve`` run it: pages written beside the live site as
they are built, indexed for search while the Sources page is made, swapped in only when good."""

from __future__ import annotations

from patientsite.build.cache import BuildCache
from patientsite.build.last_build import cache_folder
from patientsite.build.options import BuildOptions
from patientsite.build.output import StagedOutput
from patientsite.build.pipeline import BuildResult, build_pages, finish_build
from patientsite.build.search_index import SEARCH_FOLDER, SearchIndexer


def build_into_folder(options: BuildOptions, cache: BuildCache, index_later: bool = False) -> BuildResult:
    """Build the site into ``options.out``, replacing what is there only if the build does not fail.

    With ``index_later`` (the live preview, after its first build) the new site goes live with
    the live site's search index as it was, and the caller indexes it again afterwards.

    Raises OSError when the folder cannot be written and SearchIndexError when the site cannot
    be indexed; either way the previous site is left as it was.
    """
    staged = StagedOutput(options.out, recycle=cache_folder(options.out) / "previous-site")
    indexer = None
    try:
        built = build_pages(options, cache, staged)
        if not built.failed(options.strict) and built.site.config.search and not index_later:
            # In its own process, on the core the build leaves idle.
            indexer = SearchIndexer(staged.folder, into=staged.fresh_folder(SEARCH_FOLDER))
        result = finish_build(built)
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
