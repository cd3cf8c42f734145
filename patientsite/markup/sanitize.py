"""The allow-list for the HTML of a page's text: what Markdown makes, and nothing that can run.

Markdown lets an author write raw HTML, and ``{: attribute=value}`` lists add attributes.
Every page's HTML therefore goes through nh3 (the Ammonia sanitizer) with this site's
allow-list: no scripts, frames, objects, forms or styles, no event attributes, and only
http(s), mailto and tel addresses besides links within the site. What an author wrote that
the allow-list removes is reported to them (`unsafe_parts`), so that nothing vanishes silently.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "button", "caption", "cite", "code", "dd", "del", "details", "dfn", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
})
EVERY_TAG = frozenset({"id", "class", "title", "lang", "dir", "role", "aria-label", "aria-hidden",
                       "aria-describedby", "aria-labelledby"})
ATTRIBUTES = {
    "*": EVERY_TAG,
    "a": frozenset({"href", "rel", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "td": frozenset({"colspan", "rowspan", "headers"}),
    "th": frozenset({"colspan", "rowspan", "headers", "scope"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "time": frozenset({"datetime"}),
    "q": frozenset({"cite"}), "blockquote": frozenset({"cite"}), "del": frozenset({"cite"}), "ins": frozenset({"cite"}),
    "details": frozenset({"open"}),
    # A citation's number opens its preview with the Popover API, which needs no script; a button
    # only ever opens or closes a popover (see `_attribute`).
    "button": frozenset({"popovertarget", "popovertargetaction"}),
    "span": frozenset({"popover"}),
}
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


def clean(html: str) -> str:
    """The HTML with everything outside the allow-list removed (scripts and styles with their content)."""
    return nh3.clean(html, tags=set(TAGS), attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
                     url_schemes=set(URL_SCHEMES), strip_comments=True, link_rel=None, attribute_filter=_attribute,
                     set_tag_attribute_values={"button": {"type": "button"}})


def _attribute(tag: str, name: str, value: str) -> str | None:
    """A popover is 'auto', which the reader can always dismiss (every button is type="button", never a submit)."""
    return "auto" if name == "popover" else value


def unsafe_parts(html: str) -> list[tuple[str, str]]:
    """What `clean` will remove, each as (description, the text to find it by in the source)."""
    finder = _UnsafeFinder()
    finder.feed(html)
    finder.close()
    return finder.found


class _UnsafeFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.found.append((f"the <{tag}> element", f"<{tag}"))
            return
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            if name not in allowed:
                self.found.append((f"the '{name}' attribute of <{tag}>", name))
            elif name in URL_ATTRIBUTES and value:
                scheme = SCHEME.match(value)
                if scheme and scheme.group(1).lower() not in URL_SCHEMES:
                    self.found.append((f"the '{scheme.group(1).lower()}:' address in <{tag} {name}>", value.strip()))

    handle_startendtag = handle_starttag
