"""What a build is asked to do, resolved once: the site, the output folder, the date it is made on.
Light to import: the command line checks whether anything changed before it loads the generator."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path


def build_date() -> dt.date:
    """The date a build is made on: from SOURCE_DATE_EPOCH when set, for reproducible builds, else today.

    Both are taken in UTC, so that two machines in different time zones agree. The date decides
    only whether a page's review is overdue; no date the site shows comes from it.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch.isdigit() else dt.datetime.now(dt.timezone.utc)
    return moment.date()


@dataclass(frozen=True)
class BuildOptions:
    """A build's inputs besides the site's files. ``today`` is resolved when the options are made,
    so that everything in one build (its cache keys, its review dates) agrees on one date."""

    root: Path
    out: Path | None = None  # the output folder; None for a build held in memory (`check`, tests)
    strict: bool = False
    base_url: str | None = None  # from the command line (urls.normalise_base_url); replaces site.yml's
    today: dt.date = field(default_factory=build_date)
    jobs: int = 0  # processes for converting pages; 0: one per core
    demo: bool = False  # a demonstration of the site: placeholders are expected, and every page says so
    # Build the pages of one language only (`--lang fr`), and its search index: the languages of
    # a large site can be built on separate machines, and `merge` puts their folders together.
    language: str | None = None
