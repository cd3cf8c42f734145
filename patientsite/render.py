"""Rendering: the site model through the theme's templates into output files, held in memory."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from patientsite.digests import digest
from patientsite.metadata import CONTENT_SECURITY_POLICY, IMMUTABLE, IMMUTABLE_FOLDERS, SECURITY_HEADERS, medical_web_page
from patientsite.parallel import parallel_map
from patientsite.site import SOURCES_URL, Site
from patientsite.theme import Theme


def output_path(url: str) -> str:
    """The file that serves a URL: 'crps/' is served by 'crps/index.html'."""
    return url + "index.html" if url.endswith("/") or not url else url


ID_RE = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)')""")


@dataclass(frozen=True)
class Rendering:
    """One page as rendered: where it is written in the output, its HTML, and the ids of its elements."""

    path: str
    html: str | None  # None in the cache on disk: the page is read back from the output
    ids: frozenset[str]
    checksum: str = ""  # SHA-256 of the HTML, kept with a rendering on disk to check what is read back


@dataclass
class RenderedSite:
    files: dict[str, str]  # every generated file, by output path, in a stable order
    ids: dict[str, frozenset[str]]  # the element ids of every HTML page, by the URL that serves it


def element_ids(html: str) -> frozenset[str]:
    """The ids of the elements of an HTML page: what a link's #fragment may point to."""
    return frozenset(a or b for a, b in ID_RE.findall(html))


def render_site(site: Site, theme: Theme, today: dt.date, assets: dict[str, str], cache=None,
                jobs: int = 1) -> RenderedSite:
    """Every generated file of the site, and the ids on each page.

    ``assets`` maps each static file to its fingerprinted name, which the ``url`` filter links to.
    Pages whose conversion and layout are unchanged are taken from ``cache``; the others are
    shared among ``jobs`` processes.
    """
    config = site.config
    common = {"site": config, "nav": site.nav, "footer_links": site.footer_links, "sources_url": SOURCES_URL,
              "url_root": None, "csp": CONTENT_SECURITY_POLICY, "today": today, "assets": assets}
    layout = digest(theme.templates_digest, config, site.nav, site.footer_links, today, assets)
    # The Sources page is rendered among the pages, as one more task (the first: it is the longest).
    sources = len(site.pages)
    urls = [content.page.url for content in site.pages] + [SOURCES_URL]
    keys = [digest(layout, content.digest) for content in site.pages] + [digest(layout, "sources", site.sources)]
    known = cache.renderings if cache is not None else {}
    todo = [index for index, key in enumerate(keys) if key not in known]
    todo.sort(key=lambda index: index != sources)

    def render_page(index: int) -> Rendering:
        if index == sources:
            html = theme.render("sources.html", **common, entries=site.sources, page_url=SOURCES_URL,
                                canonical=_canonical(config.base_url, SOURCES_URL))
        else:
            content = site.pages[index]  # by index: a worker has the pages already
            canonical = _canonical(config.base_url, content.page.url)
            html = theme.render("page.html", **common, page=content.page, meta=content.page.meta, content=content,
                                page_url=content.page.url, canonical=canonical,
                                structured_data=medical_web_page(content, config, canonical))
        return Rendering(output_path(urls[index]), html, element_ids(html))

    rendered = dict(zip(todo, parallel_map(render_page, todo, jobs), strict=True))
    files: dict[str, str] = {}
    ids: dict[str, frozenset[str]] = {}
    for index, (url, key) in enumerate(zip(urls, keys, strict=True)):
        rendering = rendered[index] if index in rendered else known[key]
        files[rendering.path] = rendering.html
        ids[url] = rendering.ids
        if cache is not None:
            cache.renderings[key] = rendering
            cache.used.add(key)
    if cache is not None:
        cache.rendered += len(set(rendered) - {sources})
    # A 404 page is served at whatever address was asked for, so its links start from the site's root.
    root_path = urlsplit(config.base_url).path if config.base_url else "/"
    files["404.html"] = theme.render("404.html", **{**common, "url_root": root_path}, page_url="404.html",
                                     canonical=None)
    files["robots.txt"] = theme.render("robots.txt", **common, page_url="robots.txt")
    files["_headers"] = theme.render("_headers", **{**common, "url_root": root_path}, page_url="_headers",
                                     headers=SECURITY_HEADERS, immutable=IMMUTABLE, immutable_folders=IMMUTABLE_FOLDERS)
    if config.base_url:
        files["sitemap.xml"] = theme.render("sitemap.xml", **common, pages=site.pages, page_url="sitemap.xml")
    ids["404.html"] = element_ids(files["404.html"])
    return RenderedSite(files, ids)


def _canonical(base_url: str | None, url: str) -> str | None:
    return base_url + url if base_url else None
