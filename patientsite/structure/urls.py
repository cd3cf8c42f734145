"""Output URLs and relative links, so that one build works at a domain's root and under any subpath.

Every URL inside the site is a path relative to the output folder's root, without a
leading slash: '' is the home page, 'crps/' a page, 'static/style.css' a file. Links in
the output are always relative to the page that holds them.
"""

from __future__ import annotations

import re
import unicodedata


def output_path(url: str) -> str:
    """The file that serves a URL: 'crps/' is served by 'crps/index.html'."""
    return url + "index.html" if url.endswith("/") or not url else url


def normalise_base_url(url: str) -> str:
    """The site's address ending in exactly one slash: 'https://example.org/x//' becomes 'https://example.org/x/'."""
    # Page URLs are appended to it (canonical links, the sitemap): one slash, however it was written.
    return url.rstrip("/") + "/"


def page_dir(url: str) -> str:
    """The folder a page's relative links start from: 'crps/' for 'crps/', '' for '404.html'."""
    if url.endswith("/") or not url:
        return url
    return url.rsplit("/", 1)[0] + "/" if "/" in url else ""


def relative_url(from_url: str, to_url: str) -> str:
    """A relative link from the page at ``from_url`` to ``to_url``."""
    # Plain string work rather than posixpath.relpath: this runs for every menu link of every page.
    start = page_dir(from_url).split("/")[:-1]
    target = to_url.split("/")
    common = 0
    while common < len(start) and common < len(target) - 1 and start[common] == target[common]:
        common += 1
    path = "../" * (len(start) - common) + "/".join(target[common:])
    return path or "./"


def normalise_site_path(path: str) -> str | None:
    """Collapse '.' and '..' in a site path; None when it climbs out of the site."""
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    normalised = "/".join(parts)
    return normalised + "/" if path.endswith("/") and normalised else normalised


def slugify(text: str) -> str:
    """A lowercase ASCII slug for a title or key: 'Side effects & safety' becomes 'side-effects-safety'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
