"""``serve``: the live preview. Build, serve on this computer, rebuild on every save, reload the browser.

watchfiles watches the site's files. Each rebuild is written to the output folder as by
`build` (a failed one leaves the last good site there) and is announced to open pages over
Server-Sent Events: a good build reloads them, a failed one shows its errors on top of the
last good version. The preview script is added by the server as it sends each page, so the
files on disk stay exactly what `build` would write.
"""

from __future__ import annotations

import dataclasses
import functools
import http.server
import json
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import watchfiles

from patientsite.build.cache import BuildCache, load_cache, save_cache
from patientsite.build.options import BuildOptions
from patientsite.build.publish import build_into_folder
from patientsite.build.search_index import IndexRefresh, SearchIndexError
from patientsite.commands.findings import cannot_write, counts, print_findings
from patientsite.commands.serve_pages import errors_overlay, placeholder_page
from patientsite.diagnostics import Diagnostic, Severity

PREVIEW_ASSETS = Path(__file__).resolve().parent.parent / "preview"
INJECTED = (b'<link rel="stylesheet" href="/__preview__/preview.css">'
            b'<script type="module" src="/__preview__/preview.js"></script></head>')
WATCHED = ("content", "templates", "static", "references.bib", "references.json", "site.yml")


@dataclass
class PreviewState:
    """The latest build's outcome, shared between the builder and every open page."""

    generation: int = 0
    errors: list[dict] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)
    building: threading.Lock = field(default_factory=threading.Lock)  # held by a build, and while an index goes live

    def publish(self, errors: list[Diagnostic]) -> None:
        with self.changed:
            self.generation += 1
            self.errors = [{"path": d.path, "line": d.line, "col": d.col, "message": d.message, "hint": d.hint}
                           for d in errors]
            self.changed.notify_all()

    def as_json(self) -> bytes:
        return json.dumps({"generation": self.generation, "ok": not self.errors, "errors": self.errors}).encode()


class PreviewSearch:
    """The preview's search index, made again after each build that goes live, while the author reads.

    After its first build the preview puts the pages live at once, with the index as it was:
    Pagefind indexes the whole site each time, which takes longer than building an edited page.
    """

    def __init__(self, folder: Path, state: PreviewState):
        self.folder, self.state = folder, state
        self.refresh: IndexRefresh | None = None

    def start(self, build_started: float) -> None:
        """Index the live site again (call it holding ``state.building``)."""
        self.cancel()
        self.refresh = refresh = IndexRefresh(self.folder)
        threading.Thread(target=self._finish, args=(refresh, build_started), daemon=True).start()

    def cancel(self) -> None:
        """Stop an index that is being made: the site it reads is about to change."""
        if self.refresh is not None:
            self.refresh.cancel()
            self.refresh = None

    def _finish(self, refresh: IndexRefresh, build_started: float) -> None:
        try:
            refresh.wait()
            failure = None
        except SearchIndexError as exc:
            failure = exc
        try:
            with self.state.building:
                if self.refresh is not refresh:
                    return  # cancelled by a newer build
                self.refresh = None
                if failure is not None:
                    print(f"the search index was not updated: {failure}", file=sys.stderr, flush=True)
                else:
                    refresh.go_live()
                    print(f"search index updated in {time.perf_counter() - build_started:.2f} s", flush=True)
        except OSError as exc:
            print(f"the search index was not updated: {exc}", file=sys.stderr, flush=True)
        finally:
            refresh.close()


@dataclass
class Preview:
    """What every build of the preview works with."""

    options: BuildOptions  # its ``out`` is the folder the preview serves
    cache: BuildCache
    state: PreviewState
    search: PreviewSearch


def rebuild(preview: Preview) -> None:
    """Build into the output folder as ``build`` does; keep the last good site on failure. Announce the outcome.

    Pages are written beside the preview's folder as they are built, and go live together. The
    first build indexes them for search before they go live; later ones index them afterwards.
    """
    options, state, cache, search = preview.options, preview.state, preview.cache, preview.search
    started = time.perf_counter()
    search.cancel()
    index_later = state.generation > 0
    try:
        result = build_into_folder(options, cache, index_later=index_later)
        errors = result.report.errors
    except (OSError, SearchIndexError) as exc:
        result = None
        errors = [cannot_write(exc, str(options.out))]
    state.publish(errors)
    took = time.perf_counter() - started  # until the pages are live and open pages are told
    if result is not None:
        print_findings(result.report)  # after the pages are told: the browser shows the errors too
    if index_later and result is not None and result.search and not errors:
        search.start(started)
    save_cache(options, cache)
    outcome = "failed" if errors else "rebuilt"
    found = f" ({counts(result.report)})" if result is not None else ""
    print(f"{outcome} in {took:.2f} s: {cache.stats()}{found}", flush=True)


def make_handler(folder: Path, root: Path, state: PreviewState, stop: threading.Event):
    class PreviewHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
            pass

        def do_GET(self) -> None:
            if self.path == "/__preview__/events":
                return self._events()
            if self.path == "/__preview__/status":
                return self._send(state.as_json(), "application/json")
            if self.path in ("/__preview__/preview.js", "/__preview__/preview.css"):
                asset = PREVIEW_ASSETS / self.path.rsplit("/", 1)[1]
                kind = "text/javascript" if asset.suffix == ".js" else "text/css"
                return self._send(asset.read_bytes(), kind)
            target = Path(self.translate_path(self.path))
            if target.is_dir() or (not target.suffix and not target.exists()):
                target = target / "index.html"
            if target.suffix == ".html" and target.is_file():
                page = target.read_bytes().replace(b"</head>", INJECTED, 1)
                overlay = errors_overlay(state.errors).encode()
                if overlay:
                    page = page.replace(b"<body>", b"<body>" + overlay, 1)
                return self._send(page, "text/html; charset=utf-8")
            if target.suffix == ".html":
                path = self.path.split("?", 1)[0]
                page = placeholder_page(folder, root, path, state.errors, INJECTED.decode())
                return self._send(page.encode(), "text/html; charset=utf-8", status=404)
            return super().do_GET()

        def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = -1
            try:
                while not stop.is_set():
                    with state.changed:
                        if state.generation == seen:
                            state.changed.wait(timeout=15)
                        current, payload = state.generation, state.as_json()
                    message = b"event: build\ndata: " + payload + b"\n\n" if current != seen else b": keep-alive\n\n"
                    self.wfile.write(message)
                    self.wfile.flush()
                    seen = current
            except (BrokenPipeError, ConnectionResetError):
                pass

    return functools.partial(PreviewHandler, directory=str(folder))


def watch_and_rebuild(preview: Preview, stop: threading.Event) -> None:
    """Rebuild after every save until ``stop`` is set.

    Two watches: the site's folder itself (not its subfolders, which may hold a large .venv),
    for site.yml, references.bib and references.json, even when they are renamed or replaced; and content/,
    templates/ and static/ with everything in them, watched again whenever one of them appears
    or goes.
    """
    root = preview.options.root
    folders_changed = threading.Event()

    def on_change() -> None:
        with preview.state.building:
            safe_rebuild(preview)

    def top_level(change: watchfiles.Change, path: str) -> bool:
        name = Path(path).name
        if name in WATCHED[:3] and change is not watchfiles.Change.modified:
            folders_changed.set()
        return name in WATCHED

    def watch_top_level() -> None:
        for _changes in watchfiles.watch(root, watch_filter=top_level, recursive=False, stop_event=stop,
                                         debounce=400, step=30, raise_interrupt=False):
            on_change()

    threading.Thread(target=watch_top_level, daemon=True).start()
    while not stop.is_set():
        folders_changed.clear()
        folders = [root / name for name in WATCHED[:3] if (root / name).is_dir()]
        if not folders:
            folders_changed.wait(0.5)
            continue
        restart = AnyOf(stop, folders_changed)
        for _changes in watchfiles.watch(*folders, stop_event=restart, debounce=400, step=30, raise_interrupt=False):
            on_change()


class AnyOf:
    """Set when any of some events is set: watchfiles stops when ``is_set`` says so."""

    def __init__(self, *events: threading.Event):
        self.events = events

    def is_set(self) -> bool:
        return any(event.is_set() for event in self.events)


def safe_rebuild(preview: Preview) -> None:
    """Rebuild; an unexpected failure is shown on the page like any error, and the preview goes on."""
    try:
        rebuild(preview)
    except Exception as exc:  # noqa: BLE001 - the preview must outlive any one build
        preview.state.publish([Diagnostic(str(preview.options.root), 1, 1, Severity.ERROR,
                                          f"internal error while building: {exc!r}",
                                          "please report this, with the files that caused it", "internal.error")])
        print(f"internal error while building: {exc!r}", file=sys.stderr, flush=True)


def run_serve(options: BuildOptions, host: str, port: int) -> int:
    """Build, then serve the preview until Ctrl-C, rebuilding on every save."""
    # One process: rebuilds run beside the server's threads, and forking a process with threads is unsafe.
    # After the first build, a save builds only the pages it affects anyway.
    # And the preview shows every good build, warnings and all: --strict is for publishing.
    options = dataclasses.replace(options, jobs=1, strict=False)
    # Ctrl-C (and a service manager's SIGTERM) stop the preview, even if this process was started
    # with SIGINT ignored, as a program started in the background or by some test runners is.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    # The cache of `build` into the same folder: a site built before is previewed at once.
    state, stop = PreviewState(), threading.Event()
    folder = options.out
    preview = Preview(options, load_cache(options), state, PreviewSearch(folder, state))
    safe_rebuild(preview)
    try:
        server = http.server.ThreadingHTTPServer((host, port), make_handler(folder, options.root, state, stop))
    except OSError as exc:
        print(f"error: cannot listen on {host}:{port}: {exc.strerror}", file=sys.stderr)
        print("    hint: choose another port with --port", file=sys.stderr)
        return 2
    server.daemon_threads = True
    watcher = threading.Thread(target=watch_and_rebuild, args=(preview, stop), daemon=True)
    try:
        watcher.start()
        print(f"serving the site at http://{host}:{server.server_address[1]}/ (press Ctrl-C to stop)", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nstopped", flush=True)
    finally:
        stop.set()
        with state.changed:
            state.changed.notify_all()
        server.server_close()
        watcher.join(timeout=2)
        with state.building:
            preview.search.cancel()
    return 0
