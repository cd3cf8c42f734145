"""``init [DIR]``: start a new site that builds at once, with every placeholder marked for the clinic."""

from __future__ import annotations

import datetime as dt
import string
import sys
from pathlib import Path

# The new site's files: site.yml with every setting, references.bib with two real entries,
# and a home page, an about page, a glossary, an urgent-help page and an example page.
STARTER = Path(__file__).resolve().parents[1] / "starter"
# What makes a folder a site already: init never writes over any of it.
SITE_FILES = ("site.yml", "content", "references.bib", "references.json")


def starter_files() -> list[Path]:
    """The starter's files, relative to its folder, in a stable order."""
    return sorted(path.relative_to(STARTER) for path in STARTER.rglob("*") if path.is_file())


def run_init(folder: Path, shown: str, today: dt.date | None = None) -> int:
    """Create the starter site in ``folder`` (``shown`` as the user wrote it); exit status 2 when it holds a site."""
    if folder.exists() and not folder.is_dir():
        return _refuse(f"'{shown}' is a file, not a folder", "name a new folder, for example: build.py init my-site")
    held = [name for name in SITE_FILES if (folder / name).exists()]
    if held:
        return _refuse(f"'{shown}' already holds a site ({', '.join(held)}); nothing was changed",
                       "run init with a new or empty folder, for example: build.py init my-site")
    day = (today or dt.date.today()).isoformat()
    files = starter_files()
    for rel_path in files:
        text = (STARTER / rel_path).read_text(encoding="utf-8")
        if rel_path.suffix == ".md":
            text = string.Template(text).substitute(today=day)
        target = folder / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    pages = sum(1 for rel_path in files if rel_path.parts[0] == "content")
    where = "" if shown == "." else f" --root {shown}"
    print(f"created a new site in {shown}/: site.yml, references.bib and {pages} pages in content/")
    print("next: replace each placeholder in [square brackets]; the build lists every one")
    print(f"    python build.py serve{where}    # the live preview, at http://127.0.0.1:8000/")
    return 0


def _refuse(message: str, hint: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    print(f"    hint: {hint}", file=sys.stderr)
    return 2
