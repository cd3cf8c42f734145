"""``merge _site-en _site-fr --out _site``: the folders of each language's build, as one site."""

from __future__ import annotations

from pathlib import Path

from patientsite.build.merge import MergeConflict, merge_folders


def run_merge(folders: list[Path], out: Path) -> int:
    """0 when the site is merged into ``out``; 1, with the reason and ``out`` left as it was, when not."""
    missing = [folder for folder in folders if not folder.is_dir()]
    if missing:
        print(f"error: {missing[0]} is not a folder that a build made")
        print("    hint: build each language first, for example: python build.py --lang fr --out _site-fr")
        return 1
    try:
        count = merge_folders(folders, out)
    except MergeConflict as exc:
        print(f"error: cannot merge: {exc}")
        print("    hint: build every language from the same files, with the same version of the generator")
        return 1
    print(f"merged {len(folders)} folders into {out}/ ({count} files)")
    return 0
