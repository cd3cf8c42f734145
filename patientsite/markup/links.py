"""Links between pages: a Markdown link to a page's ``.md`` file becomes that page's URL.

The `LinkExtension` rewrites every ``href`` and ``src`` in a page through a resolver
that knows the whole site (given for each page by ``start_page``), and collects every link
with what it resolved to, so that the page can report each problem at its line. Anchors
(``page.md#heading``) are checked later, against the rendered pages.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import Callable
from urllib.parse import unquote, urlsplit

from markdown import Markdown

from patientsite.diagnostics import did_you_mean
from patientsite.markup.collecting import CollectingExtension, ExtensionTreeprocessor
from patientsite.structure.urls import normalise_site_path, relative_url

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


@dataclass(frozen=True)
class Resolved:
    """Where a link points: the rewritten href, and the site URL and fragment it targets."""

    href: str
    target: str | None = None
    fragment: str = ""
    problem: str = ""
    hint: str = ""
    external: bool = False


@dataclass(frozen=True)
class FoundLink:
    """A link as written in a page, with what it resolved to."""

    raw: str
    resolved: Resolved


@dataclass(frozen=True)
class LinkTargets:
    """What the links of a site can point to."""

    sources: dict[str, str]  # source path in content/ (e.g. 'crps.md') -> output URL
    outputs: frozenset[str]  # every output URL, including generated pages
    drafts: frozenset[str] = frozenset()  # source paths of drafts: left out of the site
    failed: frozenset[str] = frozenset()  # source paths of pages that have an error, reported at the page

    def __repr__(self) -> str:  # sorted: a set's order varies from process to process, and digests use this
        return (f"LinkTargets({sorted(self.sources.items())!r}, {sorted(self.outputs)!r}, {sorted(self.drafts)!r}, "
                f"{sorted(self.failed)!r})")

    def resolve(self, from_source: str, from_url: str, href: str) -> Resolved:
        """Resolve a link written in the page ``from_source`` (served at ``from_url``)."""
        parts = urlsplit(href)
        if parts.scheme or href.startswith("//"):
            if parts.scheme.lower() not in SAFE_SCHEMES:
                # The address is dropped from the page, as well as reported: it must never reach a reader.
                return Resolved("", problem=f"the link '{href}' uses '{parts.scheme}:', which is not allowed",
                                hint="link to http(s), mailto: or tel: addresses only")
            return Resolved(href, external=True)
        fragment = unquote(parts.fragment)
        if not parts.path:
            return Resolved(href, target=from_url, fragment=fragment)
        path = unquote(parts.path)
        if path.startswith("/"):
            site_path = normalise_site_path(path)
        else:
            folder = from_source.rsplit("/", 1)[0] + "/" if "/" in from_source else ""
            site_path = normalise_site_path(folder + path)
        if site_path is None:
            return Resolved(href, problem=f"the link '{href}' points outside the site",
                            hint="link to pages by their .md file, for example [Side effects](side-effects.md)")
        target = self._target(site_path, absolute=path.startswith("/"))
        if target is None and site_path in self.failed:
            return Resolved(href)  # the page exists; its own error is the one to mend
        if target is None and site_path in self.drafts:
            return Resolved(href, problem=f"the link '{href}' points to '{site_path}', which is a draft: drafts are "
                            "left out of the site, so the link would be broken when it is published",
                            hint=f"set 'draft: false' in {site_path} when it is ready, or remove the link until then")
        if target is None:
            choices = list(self.sources) if site_path.endswith(".md") else [u for u in self.outputs if u]
            return Resolved(href, problem=f"the link '{href}' points to '{site_path}', which does not exist",
                            hint=did_you_mean(site_path, choices) or
                            "link to a page by its .md file in content/, or to a generated page such as /sources/")
        rewritten = relative_url(from_url, target) + (f"#{parts.fragment}" if parts.fragment else "")
        return Resolved(rewritten, target=target, fragment=fragment)

    def _target(self, site_path: str, absolute: bool) -> str | None:
        if site_path in self.sources:
            return self.sources[site_path]
        if not absolute:
            return None
        for candidate in (site_path, site_path.rstrip("/") + "/", site_path.removesuffix("index.html")):
            if candidate in self.outputs:
                return candidate
        return None


class LinkExtension(CollectingExtension[FoundLink]):
    """Rewrites the links of one page at a time, through the resolver that `start_page` gives it."""

    def reset(self) -> None:
        """Forget the page's links and its resolver: until `start_page`, links are left as written."""
        super().reset()
        self.resolve: Callable[[str], Resolved] = _as_written

    def start_page(self, resolve: Callable[[str], Resolved]) -> None:
        """Resolve the links of the page about to be converted with ``resolve``; call it after ``Markdown.reset()``."""
        self.resolve = resolve

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # After inline processing (20), which creates the links, and before the tree is serialised.
        md.treeprocessors.register(LinkTreeprocessor(md, self), "site-links", 15)


class LinkTreeprocessor(ExtensionTreeprocessor[LinkExtension]):
    """Rewrites each ``href`` and ``src`` and collects the link into the extension's ``found``."""

    def run(self, root: etree.Element) -> None:
        resolve = self.extension.resolve
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            raw = element.get(attribute) if attribute else None
            if raw is None:
                continue
            resolved = resolve(raw.strip())
            self.extension.found.append(FoundLink(raw, resolved))
            element.set(attribute, resolved.href)
            if resolved.external and element.tag == "a":
                element.set("rel", "noopener noreferrer")


def makeExtension(**kwargs) -> LinkExtension:
    """The extension as Python-Markdown loads it by name: ``Markdown(extensions=["patientsite.markup.links"])``."""
    return LinkExtension(**kwargs)


def _as_written(href: str) -> Resolved:
    return Resolved(href)
