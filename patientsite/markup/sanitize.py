"""The allow-list for the HTML of a page's text: what Markdown makes, and nothing that can run.

Markdown lets an author write raw HTML, and ``{: attribute=value}`` lists add attributes.
Every page's HTML therefore goes through nh3 (the Ammonia sanitizer) with this site's
allow-list: no scripts, frames, objects, forms or styles, no event attributes, and only
http(s), mailto and tel addresses besides links within the site. What an author wrote that
the allow-list removes is reported to them (`unsafe_parts`), so that nothing vanishes silently.

Most pages have no raw HTML at all, and Markdown made all of their tree. `AllowListExtension`
checks that tree against the same allow-list before it is written out: when every element,
attribute and address is plainly inside it, and the text holds no raw HTML, nh3 would leave
the HTML byte for byte as it is, and is not run (it costs about a millisecond a page).
Anything less plain (raw HTML, an entity, a footnote, an attribute list's style, an address
with an entity or a control character in it) still goes through nh3.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html.parser import HTMLParser

import nh3
from markdown import Markdown
from markdown.extensions import Extension

from patientsite.markup.collecting import ExtensionTreeprocessor

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
ALLOWED_ATTRIBUTES = {tag: ATTRIBUTES["*"] | ATTRIBUTES.get(tag, frozenset()) for tag in TAGS}  # by tag, every one
# An address that no browser can read as having another scheme: printable ASCII without '&' (an
# entity could spell a scheme) or spaces (a browser drops tabs inside one), and either an allowed
# scheme or no ':' before the first '/', '?' or '#'.
PLAIN_ADDRESS_CHARACTERS = re.compile(r"[!-%'-~]*")
PLAIN_ADDRESS_START = re.compile("(?:" + "|".join(sorted(URL_SCHEMES)) + r"):|[^:/?#]*(?:[/?#]|\Z)")


def clean(html: str) -> str:
    """The HTML with everything outside the allow-list removed (scripts and styles with their content)."""
    return nh3.clean(html, tags=set(TAGS), attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
                     url_schemes=set(URL_SCHEMES), strip_comments=True, link_rel=None, attribute_filter=_attribute,
                     set_tag_attribute_values={"button": {"type": "button"}})


def _attribute(tag: str, name: str, value: str) -> str | None:
    """A popover is 'auto', which the reader can always dismiss (every button is type="button", never a submit)."""
    return "auto" if name == "popover" else value


class AllowListExtension(Extension):
    """Tells, after each conversion, whether its HTML is inside the allow-list without nh3 (``plain``)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.plain = False

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # Last of all: after every other tree processor, unescaping (0) included, has made the final tree.
        md.treeprocessors.register(_AllowListTreeprocessor(md, self), "allow-list", -10)

    def reset(self) -> None:
        self.plain = False


class _AllowListTreeprocessor(ExtensionTreeprocessor[AllowListExtension]):
    def run(self, root: etree.Element) -> None:
        # Raw HTML, an entity ('&copy;', which Markdown keeps as raw HTML) and footnotes (whose links
        # Markdown writes with character references) go through nh3, which writes them as characters.
        self.extension.plain = not self.md.htmlStash.rawHtmlBlocks and all(map(_plain_element, root.iter()))


def _plain_element(element: etree.Element) -> bool:
    """An element that nh3 would leave as it is: an allowed tag with allowed attributes and plain addresses."""
    tag = element.tag
    if tag not in TAGS:  # a comment's or processing instruction's tag is a function, never in TAGS
        return False
    if not element.attrib:
        return tag != "button"
    allowed = ALLOWED_ATTRIBUTES[tag]
    for name, value in element.attrib.items():
        if tag == "button" and name == "type":
            continue  # nh3 sets every button's type to 'button', as checked below
        if name not in allowed or value is None:
            return False
        if name in URL_ATTRIBUTES and not _plain_address(value):
            return False
    if tag == "button":
        return element.get("type") == "button"  # nh3 would add it
    if tag == "a":
        return element.get("class") != "footnote-backref"
    return tag != "span" or element.get("popover") in (None, "auto")  # nh3 would make any other popover 'auto'


def _plain_address(value: str) -> bool:
    return PLAIN_ADDRESS_CHARACTERS.fullmatch(value) is not None and PLAIN_ADDRESS_START.match(value) is not None


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
        allowed = ALLOWED_ATTRIBUTES[tag]
        for name, value in attrs:
            if name not in allowed:
                self.found.append((f"the '{name}' attribute of <{tag}>", name))
            elif name in URL_ATTRIBUTES and value:
                scheme = SCHEME.match(value)
                if scheme and scheme.group(1).lower() not in URL_SCHEMES:
                    self.found.append((f"the '{scheme.group(1).lower()}:' address in <{tag} {name}>", value.strip()))

    handle_startendtag = handle_starttag
