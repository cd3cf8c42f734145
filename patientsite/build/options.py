"""What a build is asked to do, and the date it is made on. Light to import: the command line
checks whether anything changed before it loads the generator itself."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    strict: bool = False
    base_url: str | None = None
    today: dt.date | None = None  # default: build_date()
    jobs: int = 0  # processes for converting pages; 0: one per core


def build_date() -> dt.date:
    """The date a build is made on: from SOURCE_DATE_EPOCH when set, for reproducible builds, else today.

    Both are taken in UTC, so that two machines in different time zones agree. The date decides
    only whether a page's review is overdue; no date the site shows comes from it.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch.isdigit() else dt.datetime.now(dt.timezone.utc)
    return moment.date()
