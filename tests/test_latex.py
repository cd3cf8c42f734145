"""LaTeX in BibTeX values: every command a reference manager writes reaches the reader, as HTML or text."""

import pytest

from patientsite.structure.bibliography.latex import LatexError, decode_latex, plain_text


@pytest.mark.parametrize("latex, html", [
    (r'Haanp{\"a}{\"a}', "Haanpää"),
    (r"{\'e}t{\'e}", "été"),
    (r"Caf\'{e} \& bar", "Café &amp; bar"),
    (r"{CRPS} in {Europe}", "CRPS in Europe"),
    ("263--275 and 1---2", "263–275 and 1—2"),
    (r"50\% of people", "50% of people"),
    ("50% of people & more", "50% of people &amp; more"),
    (r"{\o}re and {\ss}", "øre and ß"),
    # Zotero writes < and > as commands: dropping them reverses the meaning.
    (r"Children {\textless}5 years and adults {\textgreater}65 years", "Children &lt;5 years and adults &gt;65 years"),
    (r"\TeX, {\TeX}book and \LaTeX", "TeX, TeXbook and LaTeX"),
    (r"\mbox{pain-free} and well\hyphen known, 1\textendash 2, a\textemdash b", "pain-free and well-known, 1–2, a—b"),
    (r"$\beta_2$-agonists", "β<sub>2</sub>-agonists"),
    (r"H$_2$O and CO$_{2}$", "H<sub>2</sub>O and CO<sub>2</sub>"),
    (r"10$^{-3}$ mol", "10<sup>−3</sup> mol"),
    (r"\emph{In vivo}, \textit{in vitro} and \mkbibemph{ex vivo}", "<i>In vivo</i>, <i>in vitro</i> and <i>ex vivo</i>"),
    (r"\mkbibquote{Pain} and \enquote{gain}", "“Pain” and “gain”"),
    (r"the 21\textsuperscript{st} century", "the 21<sup>st</sup> century"),
    (r"\textbf{Bold} claims", "<b>Bold</b> claims"),
    (r"{\noopsort{a}}Zeta", "Zeta"),
    (r"37\,\textdegree C, $\pm$5 and $p < 0.05$", "37 °C, ±5 and p&lt;0.05"),
    (r"\S 3 and \P 2", "§3 and ¶2"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
])
def test_latex_that_reference_managers_write_is_decoded(latex, html):
    decoded = decode_latex(latex)
    assert str(decoded.html) == html
    assert decoded.unknown == ()


def test_an_unknown_command_is_named_and_its_argument_still_shown():
    decoded = decode_latex(r"A \acrshort{CRPS} study with \mycmd")
    assert str(decoded.html) == "A CRPS study with"
    assert decoded.unknown == ("acrshort", "mycmd")


@pytest.mark.parametrize("latex", [r"{unclosed", r"$x", r"\emph{x"])
def test_unbalanced_latex_is_a_problem_with_a_hint(latex):
    with pytest.raises(LatexError) as caught:
        decode_latex(latex)
    assert "{" in caught.value.hint


@pytest.mark.parametrize("html, text", [
    ("H<sub>2</sub>O", "H₂O"),
    ("10<sup>−3</sup>", "10⁻³"),
    ("β<sub>2</sub>-agonists", "β₂-agonists"),
    ("the 21<sup>st</sup>", "the 21^(st)"),
    ("<i>In vivo</i> &amp; more", "In vivo & more"),
])
def test_plain_text_keeps_what_sub_and_superscripts_mean(html, text):
    assert plain_text(html) == text
