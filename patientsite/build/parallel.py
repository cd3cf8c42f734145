"""Work spread over the machine's cores, in forked worker processes that inherit the build's state.

The build's state (the library, the site map, the converter with its Markdown instance) is
large and slow to pickle, so workers are forked after it is made and read it from memory; only
each task's result travels back. Where fork is not available, or the work is small, the tasks
run in this process, with the same results in the same order.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Iterator, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

SMALLEST_CHUNK = 16  # tasks per message to a worker: fewer would spend more time on messages than work
_task: Callable | None = None  # the task, as the forked workers find it
_end_of_share: Callable | None = None


def cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def in_parallel(count: int, jobs: int) -> bool:
    """Whether ``parallel_map`` shares ``count`` tasks among processes, or runs them here."""
    return jobs > 1 and count >= 2 * SMALLEST_CHUNK and "fork" in multiprocessing.get_all_start_methods()


def parallel_map(task: Callable[[Item], Result], items: Sequence[Item], jobs: int,
                 end_of_share: Callable[[list[Result]], list[Result]] | None = None) -> Iterator[Result]:
    """``task(item)`` for each item in order, computed by up to ``jobs`` processes.

    The results come as each share of the work is done, so that the caller need not hold them
    all at once; ``end_of_share``, if given, finishes each share's results where they were made
    (to write out what the tasks left to write, say). Items are sent to the workers, so make
    them small (indices into data the task can see).
    """
    global _task, _end_of_share
    _task, _end_of_share = task, end_of_share
    try:
        if not in_parallel(len(items), jobs):
            for start in range(0, len(items), SMALLEST_CHUNK):
                yield from _run_chunk(items[start:start + SMALLEST_CHUNK])
            return
        size = max(SMALLEST_CHUNK, len(items) // (jobs * 4))
        chunks = [items[start:start + size] for start in range(0, len(items), size)]
        with multiprocessing.get_context("fork").Pool(min(jobs, len(chunks))) as pool:
            for results in pool.imap(_run_chunk, chunks):
                yield from results
    finally:
        _task = _end_of_share = None


def _run_chunk(chunk: Sequence) -> list:
    results = [_task(item) for item in chunk]
    return _end_of_share(results) if _end_of_share is not None else results
