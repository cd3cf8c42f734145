"""LaTeX in BibTeX values, decoded to safe HTML.

Reference managers write titles with LaTeX: Zotero escapes ``<`` as ``{\\textless}``,
chemists write ``H$_2$O``, and BibLaTeX styles mark quotes with ``\\mkbibquote{}``.
pylatexenc parses the value into nodes; this module turns the nodes into HTML that holds
only text and the few elements a reference needs (``<i>``, ``<b>``, ``<sup>``, ``<sub>``).
Accents and the symbols pylatexenc knows come from its own tables. A command that
neither knows is named in `Decoded.unknown`, so that the caller can warn at its line: its
arguments are still shown, never silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape
from pylatexenc import latexwalker, macrospec
from pylatexenc.latex2text import LatexNodes2Text, get_default_latex_context_db

from patientsite.diagnostics import ValueProblem

# Commands whose argument is shown inside an element or between marks.
WRAPPERS = {
    **dict.fromkeys(("emph", "textit", "textsl", "mkbibemph", "mkbibitalic", "mathit", "textem"), ("<i>", "</i>")),
    **dict.fromkeys(("textbf", "mkbibbold", "mathbf", "bm", "boldsymbol"), ("<b>", "</b>")),
    **dict.fromkeys(("textsuperscript", "mkbibsuperscript"), ("<sup>", "</sup>")),
    **dict.fromkeys(("textsubscript", "mkbibsubscript"), ("<sub>", "</sub>")),
    **dict.fromkeys(("mkbibquote", "enquote", "textquote"), ("\u201c", "\u201d")),
    **dict.fromkeys(("mkbibparens",), ("(", ")")), **dict.fromkeys(("mkbibbrackets",), ("[", "]")),
}
# Commands that only protect or restyle their argument: its text is shown as it is.
TRANSPARENT = frozenset((
    "mbox", "hbox", "text", "textrm", "textsf", "texttt", "textnormal", "textup", "textmd", "textsc", "nocase",
    "NoCaseChange", "ensuremath", "mathrm", "mathsf", "mathtt", "mathnormal", "operatorname", "textlatin",
    "textenglish", "textfrench", "textgerman", "uppercase", "lowercase", "MakeUppercase", "MakeLowercase",
    "url", "path", "mkbibacro",
))
# Commands whose text pylatexenc does not know, with the text they print.
SYMBOLS = {
    "textless": "<", "textgreater": ">", "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2\u03b5", "BibTeX": "BibTeX",
    "XeTeX": "XeTeX", "XeLaTeX": "XeLaTeX", "LuaTeX": "LuaTeX", "ConTeXt": "ConTeXt", "AmS": "AMS", "hyphen": "-",
    "nobreakdash": "", "slash": "/", "textslash": "/", "textfractionsolidus": "\u2044", "textbullet": "\u2022",
    "texteuro": "\u20ac", "euro": "\u20ac", "textdollar": "$", "textunderscore": "_", "textasciicircum": "^",
    "textasciitilde": "~", "textbar": "|", "textbackslash": "\\", "textquotesingle": "'", "textquotedbl": '"',
    "textmu": "\u00b5", "textohm": "\u2126", "textdiv": "\u00f7", "textminus": "\u2212", "textnumero": "\u2116",
    "textrecipe": "\u211e", "textperthousand": "\u2030", "textonehalf": "\u00bd", "textonequarter": "\u00bc",
    "textthreequarters": "\u00be", "textcelsius": "\u2103", "textestimated": "\u212e", "textsquared": "\u00b2",
    "textcubed": "\u00b3", "textdagger": "\u2020", "textdaggerdbl": "\u2021", "textprimstress": "\u02c8",
    "texttildelow": "\u02f7", "textellipsis": "\u2026", "mkbibellipsis": "\u2026", "textapprox": "\u2248",
    "textpm": "\u00b1", "texttimes": "\u00d7", "textleq": "\u2264", "textgeq": "\u2265", "nobreakspace": "\u00a0",
    "thinspace": "\u2009", "enspace": "\u2002", "quad": "\u2003", "qquad": "\u2003\u2003", "space": " ",
    "newline": " ", "linebreak": " ", "break": " ", "par": " ", "mkbibordinal": "",
    "relax": "", "protect": "", "ignorespaces": "", "unskip": "", "noindent": "", "allowbreak": "", "/": "",
    "@": "", "-": "", "hskip": "", "kern": "", "bibrangedash": "\u2013", "bibdatedash": "\u2013", "mkbibmonth": "",
    "prime": "\u2032", "degree": "\u00b0", "micro": "\u00b5", "celsius": "\u2103", "permil": "\u2030", "ohm": "\u2126",
    "leq": "\u2264", "geq": "\u2265", "neq": "\u2260", "approx": "\u2248", "sim": "\u223c", "simeq": "\u2243",
    "propto": "\u221d", "infty": "\u221e", "cdot": "\u00b7", "times": "\u00d7", "pm": "\u00b1", "mp": "\u2213",
    "rightarrow": "\u2192", "leftarrow": "\u2190", "to": "\u2192", "leftrightarrow": "\u2194", "uparrow": "\u2191",
    "downarrow": "\u2193", "circ": "\u00b0", "ast": "*", "S": "\u00a7", "P": "\u00b6", "copyright": "\u00a9",
    "pounds": "\u00a3", "ddag": "\u2021", "flqq": "\u00ab", "frqq": "\u00bb", "flq": "\u2039", "frq": "\u203a",
    "textbraceleft": "{", "textbraceright": "}", "lq": "\u2018", "rq": "\u2019",
}
# Commands whose arguments are for typesetting only (sort keys, spacing): nothing is shown.
SILENT_WITH_ARGUMENT = frozenset(("noopsort", "hspace", "vspace", "sortname", "hyphenation", "mkbibfootnote",
                                  "footnote", "label", "index", "color"))
# Commands of two arguments whose second is the text: \foreignlanguage{french}{text}, \href{url}{text}.
SECOND_IS_TEXT = frozenset(("foreignlanguage", "href", "textcolor"))
_ARGUMENTS = {**dict.fromkeys(WRAPPERS, "{"), **dict.fromkeys(TRANSPARENT, "{"),
              **dict.fromkeys(SILENT_WITH_ARGUMENT, "{"), **dict.fromkeys(SECOND_IS_TEXT, "{{")}
_SUPERSCRIPTS = str.maketrans("0123456789+-\u2212=()n", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078"
                              "\u2079\u207a\u207b\u207b\u207c\u207d\u207e\u207f")
_SUBSCRIPTS = str.maketrans("0123456789+-\u2212=()", "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088"
                            "\u2089\u208a\u208b\u208b\u208c\u208d\u208e")
_SPACES = re.compile(r"[ \t\r\n]+")
_SCRIPT = re.compile(r"<(sup|sub)>(.*?)</\1>", re.DOTALL)
_NEEDS_LATEX = re.compile(r"[\\$~{}]|--|``|''")


class LatexError(ValueProblem):
    """A value whose LaTeX cannot be parsed."""


@dataclass(frozen=True)
class Decoded:
    """A value as HTML, and the commands in it that could not be decoded."""

    html: Markup
    unknown: tuple[str, ...] = ()


def _walker_context() -> macrospec.LatexContextDb:
    context = latexwalker.get_default_latex_context_db()
    context.add_context_category("bibliography", prepend=True, macros=[
        macrospec.MacroSpec(name, argspec) for name, argspec in _ARGUMENTS.items()])
    return context


_WALKER_CONTEXT = _walker_context()
_TEXT_CONTEXT = get_default_latex_context_db()
_TO_TEXT = LatexNodes2Text(latex_context=_TEXT_CONTEXT, math_mode="text", strict_latex_spaces=False)


def decode_latex(value: str) -> Decoded:
    """The HTML of a LaTeX-encoded BibTeX value, with protective braces removed and spaces collapsed."""
    if not _NEEDS_LATEX.search(value):
        return Decoded(Markup(_SPACES.sub(" ", str(escape(value))).strip()))
    # In a BibTeX value % and & are text, not LaTeX's comment and alignment marks.
    prepared = re.sub(r"(?<!\\)([%&#])", r"\\\1", value)
    try:
        nodes, _, _ = latexwalker.LatexWalker(prepared, latex_context=_WALKER_CONTEXT, tolerant_parsing=False) \
            .get_latex_nodes()
    except latexwalker.LatexWalkerError as exc:
        raise LatexError(_unbalanced(str(exc)), "check that every { has a matching } and every $ a closing $") from exc
    unknown: list[str] = []
    html = _Renderer(unknown).nodes(nodes)
    return Decoded(Markup(_SPACES.sub(" ", html).strip()), tuple(dict.fromkeys(unknown)))


def _unbalanced(reason: str) -> str:
    if "closing brace" in reason:
        return "a } has no { before it"
    expected = re.search(r"expecting '(.)'", reason)
    if expected:
        return f"a {'{' if expected.group(1) == '}' else expected.group(1)} is not closed"
    return "the LaTeX in this value cannot be read: " + reason.split("\n")[0].split(" @")[0]


def plain_text(html: str) -> str:
    """The text of decoded HTML, for attributes and sorting: H<sub>2</sub>O becomes H₂O."""
    def script(match: re.Match[str]) -> str:
        inner = Markup(match.group(2)).striptags()
        table = _SUPERSCRIPTS if match.group(1) == "sup" else _SUBSCRIPTS
        mapped = inner.translate(table)
        if all(ord(char) > 127 for char in mapped if not char.isspace()):
            return mapped
        return ("^" if match.group(1) == "sup" else "_") + f"({inner})"
    return Markup(_SCRIPT.sub(script, str(html))).striptags()


class _Renderer:
    """Walks pylatexenc's nodes once, writing HTML; collects the names of unknown commands."""

    def __init__(self, unknown: list[str]):
        self.unknown = unknown

    def nodes(self, nodes) -> str:
        return "".join(self.node(node) for node in nodes or ())

    def node(self, node) -> str:
        if node is None:
            return ""
        if node.isNodeType(latexwalker.LatexCharsNode):
            return str(escape(node.chars))
        if node.isNodeType(latexwalker.LatexGroupNode):
            return self.nodes(node.nodelist)
        if node.isNodeType(latexwalker.LatexMathNode):
            return self.math(node.nodelist)
        if node.isNodeType(latexwalker.LatexMacroNode):
            return self.macro(node)
        if node.isNodeType(latexwalker.LatexCommentNode):
            return ""
        if node.isNodeType(latexwalker.LatexEnvironmentNode):
            return self.nodes(node.nodelist)
        return str(escape(_TO_TEXT.node_to_text(node)))  # specials: --, ---, ~, `` and ''

    def arguments(self, node) -> list:
        return [arg for arg in (node.nodeargd.argnlist if node.nodeargd else ()) if arg is not None]

    def macro(self, node) -> str:
        name = node.macroname
        args = self.arguments(node)
        if name in WRAPPERS:
            opening, closing = WRAPPERS[name]
            return opening + self.nodes(args) + closing
        if name in TRANSPARENT:
            return self.nodes(args)
        if name in SECOND_IS_TEXT:
            return self.nodes(args[1:])
        if name in SILENT_WITH_ARGUMENT:
            return ""
        if name in SYMBOLS:
            return str(escape(SYMBOLS[name]))
        if _TEXT_CONTEXT.get_macro_spec(name) is not None:
            return str(escape(_TO_TEXT.node_to_text(node)))
        self.unknown.append(name)
        return self.nodes(args)

    def math(self, nodes) -> str:
        """Math as text: letters and digits as they are, Greek and symbols as Unicode, _ and ^ as sub and sup."""
        tokens: list = []
        for node in nodes or ():
            if node.isNodeType(latexwalker.LatexCharsNode):
                tokens.extend(node.chars)
            else:
                tokens.append(node)
        out, index = [], 0
        while index < len(tokens):
            token = tokens[index]
            if isinstance(token, str) and token in ("_", "^") and index + 1 < len(tokens):
                script = tokens[index + 1]
                inner = self.math(script.nodelist if _is_group(script) else [script]) if not isinstance(script, str) \
                    else self.math_char(script)
                tag = "sub" if token == "_" else "sup"
                out.append(f"<{tag}>{inner}</{tag}>")
                index += 2
                continue
            if isinstance(token, str):
                out.append(self.math_char(token))
            elif _is_group(token):
                out.append(self.math(token.nodelist))
            else:
                out.append(self.node(token))
            index += 1
        return "".join(out)

    def math_char(self, char: str) -> str:
        return "\u2212" if char == "-" else "" if char.isspace() else str(escape(char))


def _is_group(node) -> bool:
    return node.isNodeType(latexwalker.LatexGroupNode)
