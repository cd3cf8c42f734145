"""Rendering: the site model through the theme's templates into output files, held in memory."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from patientsite.digests import digest
from patientsite.metadata import CONTENT_SECURITY_POLICY, IMMUTABLE, IMMUTABLE_FOLDERS, SECURITY_HEADERS, medical_web_page
from patientsite.parallel import parallel_map
from patientsite.site import SOURCES_URL, Site
from patientsite.theme import Theme


def output_path(url: str) -> str:
    """The file that serves a URL: 'crps/' is served by 'crps/index.html'."""
    return url + "index.html" if url.endswith("/") or not url else url


def render_site(site: Site, theme: Theme, today: dt.date, assets: dict[str, str], cache=None,
                jobs: int = 1) -> dict[str, str]:
    """Every generated file of the site, by output path, in a stable order.

    ``assets`` maps each static file to its fingerprinted name, which the ``url`` filter links to.
    Pages whose conversion and layout are unchanged are taken from ``cache``; the others are
    shared among ``jobs`` processes.
    """
    config = site.config
    common = {"site": config, "nav": site.nav, "footer_links": site.footer_links, "sources_url": SOURCES_URL,
              "url_root": None, "csp": CONTENT_SECURITY_POLICY, "today": today, "assets": assets}
    layout = digest(theme.templates_digest, config, site.nav, site.footer_links, today, assets)
    keys = [digest(layout, content.digest) for content in site.pages]
    known = cache.renderings if cache is not None else {}
    todo = [index for index, key in enumerate(keys) if key not in known]

    def render_page(index: int) -> str:
        content = site.pages[index]  # by index: a worker has the pages already
        canonical = _canonical(config.base_url, content.page.url)
        return theme.render("page.html", **common, page=content.page, meta=content.page.meta, content=content,
                            page_url=content.page.url, canonical=canonical,
                            structured_data=medical_web_page(content, config, canonical))

    rendered = dict(zip(todo, parallel_map(render_page, todo, jobs), strict=True))
    files: dict[str, str] = {}
    for index, (content, key) in enumerate(zip(site.pages, keys, strict=True)):
        html = rendered[index] if index in rendered else known[key]
        files[output_path(content.page.url)] = html
        if cache is not None:
            cache.renderings[key] = html
            cache.rendered_paths[key] = output_path(content.page.url)
            cache.used.add(key)
    if cache is not None:
        cache.rendered += len(rendered)
    key = digest(layout, "sources", site.sources)
    if cache is not None and key in cache.renderings:
        files[output_path(SOURCES_URL)] = cache.renderings[key]
    else:
        files[output_path(SOURCES_URL)] = theme.render(
            "sources.html", **common, entries=site.sources, page_url=SOURCES_URL,
            canonical=_canonical(config.base_url, SOURCES_URL))
    if cache is not None:
        cache.renderings[key] = files[output_path(SOURCES_URL)]
        cache.rendered_paths[key] = output_path(SOURCES_URL)
        cache.used.add(key)
    # A 404 page is served at whatever address was asked for, so its links start from the site's root.
    root_path = urlsplit(config.base_url).path if config.base_url else "/"
    files["404.html"] = theme.render("404.html", **{**common, "url_root": root_path}, page_url="404.html",
                                     canonical=None)
    files["robots.txt"] = theme.render("robots.txt", **common, page_url="robots.txt")
    files["_headers"] = theme.render("_headers", **{**common, "url_root": root_path}, page_url="_headers",
                                     headers=SECURITY_HEADERS, immutable=IMMUTABLE, immutable_folders=IMMUTABLE_FOLDERS)
    if config.base_url:
        files["sitemap.xml"] = theme.render("sitemap.xml", **common, pages=site.pages, page_url="sitemap.xml")
    return files


def _canonical(base_url: str | None, url: str) -> str | None:
    return base_url + url if base_url else None
