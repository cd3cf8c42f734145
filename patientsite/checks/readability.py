"""Readability: the Flesch-Kincaid grade and SMOG index of each page's body text.

The text is what a reader sees, without markup or citation numbers, one sentence per
paragraph, list item or cell. Terms defined in the site's glossary do not count as hard
words: each is replaced by a short word before scoring. A formula scores only a text long
enough for it: Flesch-Kincaid is noise under about 100 words, and SMOG was made for samples of
30 sentences; a shorter page is not scored by it, and `check --summary` says so.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from textstat.backend.counts import count_sentences
from textstat.backend.selections import list_words

from patientsite.checks.syllables import Syllables
from patientsite.diagnostics import Report
from patientsite.markup.convert import PageContent
from patientsite.markup.plaintext import CITATION_MARK

WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
FLESCH_KINCAID_WORDS = 100  # the fewest words a Flesch-Kincaid grade means something for
SMOG_SENTENCES = 30  # SMOG's sample: McLaughlin (1969) counted polysyllables in 30 sentences


@dataclass(frozen=True)
class Readability:
    grade: float | None  # None: too few words to score
    smog: float | None  # None: too few sentences to score
    words: int
    hardest: tuple[str, ...]
    sentences: int = 0

    def shown(self) -> str:
        """The scores as `check --summary` shows them: '7.9 / 8.2', '7.9 / -', or why there are none."""
        if self.grade is None:
            return f"too short to score ({self.words} word{'' if self.words == 1 else 's'})"
        return f"{self.grade:.1f} / " + (f"{self.smog:.1f}" if self.smog is not None else "-")


def measure(content: PageContent, glossary_terms: frozenset[str], syllables: Syllables) -> Readability | None:
    """Scores for a page's body text; None for a page with no text."""
    sentences = []
    for block in content.body_text.blocks:
        if block.tag[0] == "h" and block.tag[1:].isdigit():
            continue  # headings are signposts, not prose
        for sentence in block.sentences():
            sentence = sentence.replace(CITATION_MARK, "").strip().rstrip(",;")
            if sentence:
                sentences.append(sentence if sentence[-1] in ".!?:" else sentence + ".")
    if not sentences:
        return None
    scored = [_without_terms(s, glossary_terms) for s in sentences]
    text = " ".join(scored)
    # Rank full sentences only: a two-word list item says little about how hard a page reads.
    grades = [_sentence_grade(s, syllables) for s in scored]
    candidates = [i for i, (grade, words) in enumerate(grades) if words >= 6] or range(len(sentences))
    hardest = sorted(candidates, key=lambda i: (-grades[i][0], i))[:3]
    grade, smog, words = scores(text, syllables)
    counted = count_sentences(text)
    return Readability(round(grade, 1) if words >= FLESCH_KINCAID_WORDS else None,
                       round(smog, 1) if counted >= SMOG_SENTENCES else None, words,
                       tuple(sentences[i] for i in hardest), counted)


def scores(text: str, syllables: Syllables) -> tuple[float, float, int]:
    """textstat's Flesch-Kincaid grade and SMOG index of a text, and its words, from one count of
    its words, sentences and syllables (syllables remembered by word)."""
    counts = [syllables(word) for word in list_words(text, lowercase=True)]
    sentences = count_sentences(text)
    return (_flesch_kincaid(len(counts), sentences, sum(counts)),
            _smog(sentences, sum(1 for count in counts if count >= 3)), len(counts))


def _flesch_kincaid(words: int, sentences: int, syllable_count: int) -> float:
    if not words or not sentences or not syllable_count:
        return 0.0
    return 0.39 * (words / sentences) + 11.8 * (syllable_count / words) - 15.59  # as textstat orders it


def _smog(sentences: int, polysyllables: int) -> float:
    if not sentences:
        return 0.0
    return 1.043 * (30 * (polysyllables / sentences)) ** 0.5 + 3.1291


def check_readability(content: PageContent, target: float, glossary_terms: frozenset[str], syllables: Syllables,
                      report: Report) -> Readability | None:
    """Warn when a page reads above the target grade, naming its three hardest sentences."""
    score = measure(content, glossary_terms, syllables)
    over = [f"{value} ({name})" for value, name in ((score.grade, "Flesch-Kincaid"), (score.smog, "SMOG"))
            if value is not None] if score is not None else []
    if score is not None and any(value is not None and value > target for value in (score.grade, score.smog)):
        hardest = "; ".join(f"\"{s}\"" for s in score.hardest)
        report.warning(content.page.file.display, content.page.body_line, 1,
                       f"the text reads at grade {' and '.join(over)}, above the "
                       f"target of {target:g}; the hardest sentences: {hardest}",
                       "use shorter sentences and common words, and explain medical words in the glossary",
                       code="readability.grade")
    return score


def _sentence_grade(sentence: str, syllables: Syllables) -> tuple[float, int]:
    """The Flesch-Kincaid grade of one sentence, and its word count."""
    words = WORD.findall(sentence)
    if not words:
        return 0.0, 0
    known = syllables.known.get  # most words are known: looked up here, without a call for each
    total = sum(max(1, count if (count := known(word)) is not None else syllables(word)) for word in words)
    return 0.39 * len(words) + 11.8 * total / len(words) - 15.59, len(words)


def _without_terms(sentence: str, terms: frozenset[str]) -> str:
    pattern = _terms_pattern(terms)
    return pattern.sub("term", sentence) if pattern else sentence


@functools.lru_cache(maxsize=8)
def _terms_pattern(terms: frozenset[str]) -> re.Pattern[str] | None:
    """One pattern for every glossary term and its plural, longest first so that phrases win."""
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=lambda t: (-len(t), t)))
    return re.compile(rf"\b(?:{alternatives})(?:s|es)?\b", re.IGNORECASE)
