"""``translation-done crps.fr.md``: record that a translation now matches its original.

It writes ``translation_of:``, a digest of the original's text as it is now, into the
translation's front matter, so that nobody copies digests by hand. When the original changes
afterwards, the build reports the translation as stale (``translation.stale``) and the page tells
its readers, until the translation is brought up to date and this command is run again.
"""

from __future__ import annotations

import re
from pathlib import Path

from patientsite.diagnostics import ContentError, Diagnostic, Severity
from patientsite.structure.pages import split_front_matter, split_language
from patientsite.structure.textfiles import read_text
from patientsite.structure.translations import text_digest

FIELD = re.compile(r"^translation_of:.*$", re.MULTILINE)


def run_translation_done(root: Path, names: list[str]) -> int:
    """Record each translation named (a path, or a name in content/); 0, or 1 if one could not be."""
    status = 0
    for name in names:
        try:
            print(record_translation(root, name))
        except ContentError as exc:
            print(exc.diagnostic.format())
            status = 1
    return status


def record_translation(root: Path, name: str) -> str:
    """Write the original's digest into one translation; returns what was done, for the user."""
    content = root / "content"
    path = Path(name) if Path(name).is_file() else content / name
    shown = name
    try:
        rel_path = path.resolve().relative_to(content.resolve()).as_posix()
    except ValueError:
        raise _error(shown, "is not a page in content/", "name a translation such as crps.fr.md") from None
    split = split_language(rel_path)
    if split is None:
        raise _error(shown, "is not a translation: its name has no language",
                     "name the translation, such as crps.fr.md beside crps.md")
    original = content / split[0]
    if not path.is_file():
        raise _error(shown, "does not exist", f"create it beside content/{split[0]}, or check the name")
    if not original.is_file():
        raise _error(shown, f"has no original: content/{split[0]} does not exist",
                     "a page only in this language needs no 'translation_of'")
    digest = text_digest(read_text(original, f"content/{split[0]}").text)
    file = read_text(path, f"content/{rel_path}")
    front, body_start, _ = split_front_matter(file)
    text = file.text
    if FIELD.search(front):
        if FIELD.search(front).group() == f"translation_of: {digest}":
            return f"content/{rel_path}: already records content/{split[0]} as it is"
        front = FIELD.sub(f"translation_of: {digest}", front, count=1)
    else:
        front = front.rstrip("\n") + f"\ntranslation_of: {digest}\n"
    closing = text[4 + len(split_front_matter(file)[0]):body_start]
    path.write_text("---\n" + front + closing + text[body_start:], encoding="utf-8", newline="")
    return f"content/{rel_path}: now records content/{split[0]} as it is ({digest})"


def _error(name: str, message: str, hint: str) -> ContentError:
    return ContentError(Diagnostic(name, 1, 1, Severity.ERROR, f"{name} {message}", hint, "translation.language"))
