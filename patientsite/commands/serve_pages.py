"""What the preview shows besides the built pages: the errors of a failed build on every page, and a
page of its own where the site has none to show (no home page yet, nothing built yet, a wrong address).

Both are made on the server, so that they are there without JavaScript; the preview script then
keeps them up to date as the author saves.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

OVERLAY_ID = "preview-overlay"


def errors_overlay(errors: list[dict]) -> str:
    """The errors of the last build, as the preview script shows them on top of the last good page."""
    if not errors:
        return ""
    items = "".join(
        f"<li><code>{escape(e['path'])}:{e['line']}:{e['col']}</code> {escape(e['message'])}"
        + (f"<p>Hint: {escape(e['hint'])}</p>" if e.get("hint") else "") + "</li>"
        for e in errors)
    count = f"{len(errors)} problem{'s' if len(errors) > 1 else ''}"
    return (f'<div id="{OVERLAY_ID}" role="alertdialog" aria-labelledby="preview-overlay-title">'
            f'<h2 id="preview-overlay-title">The site could not be rebuilt: {count}</h2>'
            "<p>You are looking at the last version that built. Fix the problem and save: "
            "this page updates by itself.</p>"
            f"<ul>{items}</ul></div>")


def placeholder_page(folder: Path, root: Path, path: str, errors: list[dict], injected: str) -> str:
    """The page shown where the site has no page to show at ``path``: it says why, and what to do."""
    built = sorted(page.parent.relative_to(folder).as_posix() for page in folder.glob("**/index.html")) \
        if folder.is_dir() else []
    if path == "/" and not (root / "content" / "index.md").is_file():
        title = "This site has no home page yet"
        advice = "Create <code>content/index.md</code>: it is the page readers see first, at the site's address."
    elif not built and errors:
        title = "The site has not been built yet"
        advice = "The first build failed. Fix the problems listed on this page and save: it updates by itself."
    else:
        title = "There is no page at this address"
        advice = f"Nothing in the site is published at <code>{escape(path)}</code>."
    pages = "".join(f'<li><a href="/{escape(url)}{"/" if url != "." else ""}">{escape(url if url != "." else "/")}</a>'
                    "</li>" for url in built)
    listing = f"<h2>The pages the site has</h2><ul>{pages}</ul>" if pages else ""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{title} | preview</title>{injected}<body>{errors_overlay(errors)}"
            f"<main><h1>{title}</h1><p>{advice}</p>{listing}</main></body></html>\n")
