"""``serve``: build the site and serve it on this computer for preview.

A plain local server for now; the live preview with rebuilds on save comes later.
"""

from __future__ import annotations

import functools
import http.server
import sys
from pathlib import Path

from patientsite.commands.build import run_build
from patientsite.pipeline import BuildOptions


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass


def run_serve(options: BuildOptions, out: Path, host: str, port: int) -> int:
    """Build once, then serve ``out`` until Ctrl-C."""
    status, _ = run_build(options, out)
    if status != 0:
        return status
    handler = functools.partial(_QuietHandler, directory=str(out))
    try:
        server = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        print(f"error: cannot listen on {host}:{port}: {exc.strerror}", file=sys.stderr)
        print("    hint: choose another port with --port", file=sys.stderr)
        return 2
    print(f"serving the site at http://{host}:{server.server_address[1]}/ (press Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nstopped")
    finally:
        server.server_close()
    return 0
