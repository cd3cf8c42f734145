"""Checks on what a page claims: numbers without a citation, promotional words, and vague risks.

They read the page's sentences as rendered, so a citation anywhere in a sentence counts.
"""

from __future__ import annotations

import re

from patientsite.checks.places import locate
from patientsite.diagnostics import Report
from patientsite.markup.convert import PageContent
from patientsite.markup.plaintext import CITATION_MARK, TextBlock
from patientsite.structure.pages import PageSource

SPELLED = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|fifty|hundred)"
NUMBER = rf"(?:\d+(?:[.,]\d+)?|{SPELLED})"
NUMBER_CLAIMS = (
    ("a percentage", re.compile(r"\d+(?:\.\d+)?\s?(?:%|per\s?cent)", re.IGNORECASE)),
    ("a share of people", re.compile(rf"\b{NUMBER}\s+(?:out\s+)?of\s+(?:the\s+)?{NUMBER}\b|\b(?:{SPELLED}|a)\s+"
                                     r"(?:quarters?|thirds?|fifths?|tenths?)\b|\bhalf\s+of\b|\b\d+\s+in\s+\d+\b",
                                     re.IGNORECASE)),
    ("a dose", re.compile(r"\b\d+(?:\.\d+)?\s?(?:mg|mcg|µg|microgram|milligram|g|ml|mL)(?:/kg|\s+per\s+kg)?\b")),
    ("a length of time", re.compile(rf"\b{NUMBER}(?:\s?(?:to|-|–)\s?{NUMBER})?\s+"
                                    r"(?:hours?|days?|weeks?|months?|years?)\b", re.IGNORECASE)),
)
# Every pattern above needs a digit, a number word or a fraction word: a sentence without one is skipped at once.
# (Two patterns, the words grouped by their first letter: three times quicker than one with every word.)
A_DIGIT = re.compile(r"\d")
A_NUMBER_WORD = re.compile(r"\b(?:one|t(?:wo|hree|en|welve|wenty|hirty|hird|enth)|f(?:our|ive|ifty|ifth)|s(?:ix|even)|"
                           r"e(?:ight|leven)|nine|h(?:undred|alf)|quarter)", re.IGNORECASE)
PROMOTIONAL = re.compile(r"\b(?:cures?|cured|curing|miracles?|miraculous|guaranteed?|guarantees|breakthrough|"
                         r"revolutionary|life-changing|risk-free|100% safe|long-term solutions?|permanent relief)\b",
                         re.IGNORECASE)
# "There is no cure" states a limit; it does not promise one.
NEGATED = re.compile(r"\b(?:no|not|never|nor|without|isn't|aren't|cannot|can't)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
VAGUE = re.compile(r"\b(?:rare|rarely|common|commonly|most|many)\b", re.IGNORECASE)
ABOUT_EFFECTS = re.compile(r"\b(?:side effects?|effects?|reactions?|harms?|risks?|problems?|complications?)\b",
                           re.IGNORECASE)


def check_claims(content: PageContent, report: Report) -> None:
    """Report uncited numbers, promotional language and vague statements of risk on one page."""
    blocks = [block for text in (content.key_points_text, content.body_text) for block in text.blocks]
    # Most pages have no promotional word and no vague one: then no sentence is searched for them.
    whole = "\n".join(block.text for block in blocks).replace(CITATION_MARK, "")
    may_promote, may_be_vague = bool(PROMOTIONAL.search(whole)), bool(VAGUE.search(whole))
    for block in blocks:
        _check_block(content.page, block, may_promote, may_be_vague, report)


def _check_block(page: PageSource, block: TextBlock, may_promote: bool, may_be_vague: bool, report: Report) -> None:
    heading = block.tag.startswith("h")
    for sentence in block.sentences():
        plain = sentence.replace(CITATION_MARK, "")
        cited = CITATION_MARK in sentence
        if not cited and not heading and (A_DIGIT.search(plain) or A_NUMBER_WORD.search(plain)):
            for kind, pattern in NUMBER_CLAIMS:
                match = pattern.search(plain)
                if match:
                    report.warning(page.file.display, *locate(page, plain), f"'{match.group(0)}' is {kind} with no "
                                   f"citation in its sentence: \"{_short(plain)}\"",
                                   "add the source in the same sentence, like this: ... 7 of 9 people [@key].",
                                   code="claim.uncited-number")
                    break
        promotional = may_promote and next((m for m in PROMOTIONAL.finditer(plain)
                                            if not NEGATED.search(plain[: m.start()])), None)
        if promotional:
            report.warning(page.file.display, *locate(page, plain), f"'{promotional.group(0)}' is promotional "
                           f"language: \"{_short(plain)}\"", "describe what studies found, with their limits",
                           code="language.promotional")
        elif plain.endswith("!") and block.tag in ("p", "li"):
            report.warning(page.file.display, *locate(page, plain), f"an exclamation mark in running text: "
                           f"\"{_short(plain)}\"", "state facts calmly; end the sentence with a full stop",
                           code="language.promotional")
        vague = may_be_vague and VAGUE.search(plain)
        if vague and not heading and not plain.endswith("?") and ABOUT_EFFECTS.search(plain) \
                and not re.search(r"\d", plain):
            report.warning(page.file.display, *locate(page, plain), f"'{vague.group(0)}' says how often without a "
                           f"number: \"{_short(plain)}\"", "give the number from a study, like '4 of 9 people "
                           "had nausea [@key]'", code="risk.vague")


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
