"""Typographic punctuation: what smarty did, done in one pass over the converted tree."""

import markdown
import pytest

from patientsite.markup.typography import TypographyExtension


def render(text: str) -> str:
    return markdown.Markdown(extensions=["extra", TypographyExtension()]).convert(text)


@pytest.mark.parametrize(("source", "expected"), [
    ('He said "wait".', "<p>He said \u201cwait\u201d.</p>"),
    ("It's the patient's 'own' choice.", "<p>It\u2019s the patient\u2019s \u2018own\u2019 choice.</p>"),
    ("Pain from the '90s on.", "<p>Pain from the \u201990s on.</p>"),
    ("Weeks 2--4 --- or longer...", "<p>Weeks 2\u20134 \u2014 or longer\u2026</p>"),
    ('("quoted")', "<p>(\u201cquoted\u201d)</p>"),
    ('"Start" of a block', "<p>\u201cStart\u201d of a block</p>"),
])
def test_quotes_dashes_and_ellipses_become_typographic(source, expected):
    assert render(source) == expected


def test_quotes_pair_up_around_links_and_emphasis():
    assert render('"[a link](x.md)" and *"emphasis"*') == \
        '<p>\u201c<a href="x.md">a link</a>\u201d and <em>\u201cemphasis\u201d</em></p>'


def test_a_quote_right_after_code_closes():
    assert render('"`x`" here') == "<p>\u201c<code>x</code>\u201d here</p>"


def test_code_and_escaped_quotes_are_left_as_written():
    html = render('Use `"a" -- b`, and \\"this\\".\n\n    "block" -- code...\n')
    assert '<code>"a" -- b</code>' in html
    assert '"this"' in html
    assert '<code>"block" -- code...\n</code>' in html


def test_each_block_starts_afresh():
    assert render('- one"\n- "two"') == "<ul>\n<li>one\u201d</li>\n<li>\u201ctwo\u201d</li>\n</ul>"
