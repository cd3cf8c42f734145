"""Checks on what a page claims: numbers without a citation, promotional words, and vague risks; and
citations repeated where one would do.

They read the page's sentences as rendered. As on Wikipedia, a citation covers its sentence; one
later in a list item (or a key point, or a table cell) covers the whole item; one at the end
of a paragraph that cites only that source covers the whole paragraph; and one that ends a list's
lead-in, just before its colon ("First choices [@a]:"), covers the list.
"""

from __future__ import annotations

import re

from patientsite.checks.claim_words import ClaimWords, claim_words
from patientsite.checks.places import locate
from patientsite.diagnostics import Report
from patientsite.markup.convert import PageContent
from patientsite.markup.plaintext import CITATION_MARK, TextBlock
from patientsite.structure.pages import PageSource

# Blocks in which a citation covers every sentence before it: a list item, a table cell, a definition.
ITEMS = frozenset({"li", "td", "th", "dd"})
ENDS_CITED = re.compile(CITATION_MARK + r"[\s.,;:!?)\]\"\u201d\u2019]*$")


A_DIGIT = re.compile(r"\d")


def check_claims(content: PageContent, report: Report, language: str = "en") -> None:
    """Report uncited numbers, promotional language and vague statements of risk on one page, in the
    words of its language, and a source cited again in the next sentence of a paragraph."""
    words = claim_words(language)
    blocks = [(block, True) for block in content.key_points_text.blocks]  # each key point is an item
    blocks += [(block, block.tag in ITEMS) for block in content.body_text.blocks]
    # Most pages have no promotional word and no vague one: then no sentence is searched for them.
    whole = "\n".join(block.text for block, _ in blocks).replace(CITATION_MARK, "")
    may_promote, may_be_vague = bool(words.promotional.search(whole)), bool(words.vague.search(whole))
    for block, item in blocks:
        _check_block(content.page, block, item, words, may_promote, may_be_vague, report)
        if block.tag == "p":
            _check_repeated(content.page, block, report)


def covered_sentences(block: TextBlock, item: bool) -> list[tuple[str, bool]]:
    """Each sentence of a block, and whether a citation covers it (see the module's rule)."""
    sentences = block.sentences()
    one_source = len({number for numbers in block.sources for number in numbers}) == 1
    whole = block.introduced or (bool(ENDS_CITED.search(block.text)) and (item or one_source))
    covered, later = [], False
    for sentence in reversed(sentences):
        later = later or CITATION_MARK in sentence
        covered.append((sentence, CITATION_MARK in sentence or whole or (item and later)))
    return covered[::-1]


def _check_repeated(page: PageSource, block: TextBlock, report: Report) -> None:
    """A notice where a sentence cites a source that the sentence before it cited too."""
    marks = iter(block.sources)
    previous: set[int] = set()
    for sentence in block.sentences():
        cited = {number for _ in range(sentence.count(CITATION_MARK)) for number in next(marks, ())}
        again = sorted(cited & previous)
        if again:
            plain = sentence.replace(CITATION_MARK, "")
            which = ", ".join(str(n) for n in again)
            report.notice(page.file.display, *locate(page, plain),
                          f"source {which} is cited again in the next sentence: \"{_short(plain)}\"",
                          "where one source supports both sentences, cite it once, at the end of the second (or of "
                          "the paragraph, when the paragraph cites only that source)", code="citation.repeated")
        previous = cited


def _check_block(page: PageSource, block: TextBlock, item: bool, words: ClaimWords, may_promote: bool,
                 may_be_vague: bool, report: Report) -> None:
    heading = block.tag.startswith("h")
    for sentence, cited in covered_sentences(block, item):
        plain = sentence.replace(CITATION_MARK, "")
        if not cited and not heading and (A_DIGIT.search(plain) or words.a_number_word.search(plain)):
            for kind, pattern in words.number_claims:
                match = pattern.search(plain)
                if match:
                    report.warning(page.file.display, *locate(page, plain), f"'{match.group(0)}' is {kind} with no "
                                   f"citation in its sentence: \"{_short(plain)}\"",
                                   "add the source in the same sentence, like this: ... 7 of 9 people [@key]. (One at "
                                   "the end of a list item covers the item, and one at the end of a paragraph that "
                                   "cites only that source covers the paragraph.)", code="claim.uncited-number")
                    break
        promotional = may_promote and next((m for m in words.promotional.finditer(plain)
                                            if not words.negated.search(plain[: m.start()])), None)
        if promotional:
            report.warning(page.file.display, *locate(page, plain), f"'{promotional.group(0)}' is promotional "
                           f"language: \"{_short(plain)}\"", "describe what studies found, with their limits",
                           code="language.promotional")
        elif plain.endswith("!") and block.tag in ("p", "li"):
            report.warning(page.file.display, *locate(page, plain), f"an exclamation mark in running text: "
                           f"\"{_short(plain)}\"", "state facts calmly; end the sentence with a full stop",
                           code="language.promotional")
        vague = may_be_vague and words.vague.search(plain)
        if vague and not heading and not plain.endswith("?") and words.about_effects.search(plain) \
                and not re.search(r"\d", plain):
            report.warning(page.file.display, *locate(page, plain), f"'{vague.group(0)}' says how often without a "
                           f"number: \"{_short(plain)}\"", "give the number from a study, like '4 of 9 people "
                           "had nausea [@key]'", code="risk.vague")


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
