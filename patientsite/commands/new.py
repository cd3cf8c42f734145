"""``new "Page title"``: start a page with every front-matter field filled in."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from patientsite.structure.urls import slugify

TEMPLATE = """---
title: {title}
description: One plain sentence, at most 160 characters, that says what this page is about.
# Until a clinician has reviewed the page, this is the day it was last updated, and the page
# says "last updated", not "reviewed". After a review, it is the day of the review.
last_reviewed: {today}
# The clinical reviewer's name and credentials. Leave it empty until the page has been
# reviewed: the page then tells readers that it awaits clinical review.
reviewed_by:
# The next review date. Leave it empty to use last_reviewed plus the interval in site.yml.
next_review:
slug: {slug}
order: 100
nav_title: {title}
key_points:
  - The first thing a reader should take away.
  - The second thing. A number needs a source, like this [@key].
# Treatments on this page that are used off-label, one per line; leave empty if none.
off_label: []
conditions: []
drugs: []
in_nav: true
# Warnings this page may have, each with the reason, for example:
#   readability.grade: The names of medicines count as hard words.
allow: {{}}
# A draft is left out of the built site. Set it to false when the page is ready.
draft: true
# 'checklist' prints each item of the page's lists with a tick box and room to write an answer.
print_as: page
---

Write the page here, in plain words. Cite a source like this: [@key].

## What you can do next

- Ask your doctor about ...
"""


def run_new(root: Path, title: str, today: dt.date | None = None, shown: str = ".") -> int:
    """Create content/<slug>.md; exit status 2 when the title is unusable or the page exists."""
    if not (root / "site.yml").is_file():
        print("error: this folder holds no site (there is no site.yml); nothing was created", file=sys.stderr)
        print(f"    hint: start the site with 'build.py init {shown}' first, or give the site's folder with --root",
              file=sys.stderr)
        return 2
    title = " ".join(title.split())
    slug = slugify(title)
    if not slug:
        print(f"error: cannot make a file name from the title '{title}'", file=sys.stderr)
        print("    hint: use letters or digits in the title", file=sys.stderr)
        return 2
    path = root / "content" / f"{slug}.md"
    if path.exists():
        print(f"content/{slug}.md:1:1: error: the page already exists", file=sys.stderr)
        print("    hint: choose another title, or edit the existing page", file=sys.stderr)
        return 2
    path.parent.mkdir(parents=True, exist_ok=True)
    quoted = title if title.replace(" ", "").isalnum() else '"' + title.replace('"', '\\"') + '"'
    path.write_text(TEMPLATE.format(title=quoted, today=(today or dt.date.today()).isoformat(), slug=slug),
                    encoding="utf-8")
    print(f"created content/{slug}.md as a draft: fill in the description, key points and text, "
          "then set 'draft: false'")
    return 0
