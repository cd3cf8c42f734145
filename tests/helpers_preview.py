"""Driving a running preview (`build.py serve`) from a test: its status, its next build, its pages."""

from __future__ import annotations

import contextlib
import json
import signal
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

from conftest import start_serve


def status(url: str) -> dict:
    with urllib.request.urlopen(url + "__preview__/status", timeout=5) as response:
        return json.load(response)


def after_next_build(url: str, generation: int) -> dict:
    """The preview's status once a build after ``generation`` has finished."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        now = status(url)
        if now["generation"] > generation:
            time.sleep(0.6)  # a save can come as several events: let the preview settle on the last one
            return status(url)
        time.sleep(0.05)
    raise AssertionError("the preview did not rebuild within 20 s")


def served(url: str) -> tuple[int, str]:
    """The HTTP status and the text of what the preview serves at ``url``, an error page included."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@contextlib.contextmanager
def running_preview(root: Path, env: dict[str, str] | None = None) -> Iterator[tuple[str, list[str]]]:
    """A preview of ``root`` for the ``with`` block: its URL, and a list that gets what it printed once stopped."""
    url, server = start_serve(root, env)
    printed: list[str] = []
    try:
        yield url, printed
        assert server.poll() is None, "the preview stopped by itself"
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=10)
        printed.append(output)
    assert server.returncode == 0, "the preview did not stop cleanly"
