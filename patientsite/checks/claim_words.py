"""The words that the claim checks look for, in each language: numbers and shares, promotional
words and their negations, and words that say how often without a number.

A language without lists of its own is read with the English ones: their patterns for digits
(percentages, doses, "7/9") still apply, and nothing is reported in words they do not know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ClaimWords:
    """One language's patterns for `check_claims`."""

    number_claims: tuple[tuple[str, re.Pattern[str]], ...]  # (what it is, its pattern), in order of reporting
    a_number_word: re.Pattern[str]  # a quick test: a sentence without a digit or one of these has no number
    promotional: re.Pattern[str]
    negated: re.Pattern[str]  # before a promotional word: "there is no cure" states a limit
    vague: re.Pattern[str]
    about_effects: re.Pattern[str]


def any_of(*alternatives: str) -> re.Pattern[str]:
    """A case-blind pattern for any of these words or phrases as whole words; each is a regular
    expression that starts with a letter or digit that is not optional.

    The pattern looks ahead for one of their first letters before it tries them: a search of a
    page's text then skips most places at once, in half the time.
    """
    for alternative in alternatives:
        if not alternative[:1].isalnum() or alternative[1:2] in ("?", "*", "{"):
            raise ValueError(f"'{alternative}' does not start with a letter or digit that it needs")
    firsts = "".join(sorted({character for alternative in alternatives
                             for character in (alternative[0].lower(), alternative[0].upper())}))
    return re.compile(rf"\b(?=[{re.escape(firsts)}])(?:{'|'.join(alternatives)})\b", re.IGNORECASE)


SPELLED = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|fifty|hundred)"
NUMBER = rf"(?:\d+(?:[.,]\d+)?|{SPELLED})"
DOSE = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|microgram|milligram|g|ml|mL)(?:/kg|\s+per\s+kg|\s+par\s+kg)?\b")

ENGLISH = ClaimWords(
    number_claims=(
        ("a percentage", re.compile(r"\d+(?:\.\d+)?\s?(?:%|per\s?cent)", re.IGNORECASE)),
        ("a share of people", re.compile(rf"\b{NUMBER}\s+(?:out\s+)?of\s+(?:the\s+)?{NUMBER}\b|\b(?:{SPELLED}|a)\s+"
                                         r"(?:quarters?|thirds?|fifths?|tenths?)\b|\bhalf\s+of\b|\b\d+\s+in\s+\d+\b",
                                         re.IGNORECASE)),
        ("a dose", DOSE),
        ("a length of time", re.compile(rf"\b{NUMBER}(?:\s?(?:to|-|–)\s?{NUMBER})?\s+"
                                        r"(?:hours?|days?|weeks?|months?|years?)\b|\b(?:week|day|month|year)\s+\d+\b",
                                        re.IGNORECASE)),
    ),
    # (The words grouped by their first letter: three times quicker than one alternative for each.)
    a_number_word=re.compile(r"\b(?:one|t(?:wo|hree|en|welve|wenty|hirty|hird|enth)|f(?:our|ive|ifty|ifth)|s(?:ix|even)|"
                             r"e(?:ight|leven)|nine|h(?:undred|alf)|quarter)", re.IGNORECASE),
    promotional=any_of("cures?", "cured", "curing", "miracles?", "miraculous", "guaranteed?", "guarantees",
                       "breakthrough", "revolutionary", "life-changing", "risk-free", "100% safe",
                       r"long-term solutions?", "permanent relief"),
    negated=re.compile(r"\b(?:no|not|never|nor|without|isn't|aren't|cannot|can't)\s+(?:\w+\s+){0,2}$", re.IGNORECASE),
    vague=any_of("rare", "rarely", "common", "commonly", "most", "many"),
    about_effects=re.compile(r"\b(?:side effects?|effects?|reactions?|harms?|risks?|problems?|complications?)\b",
                             re.IGNORECASE),
)

# French: "7 sur 9", "7 personnes sur 9", "trois personnes sur quatre", "25 %" (with any space, a
# no-break one too), "la moitié", "un tiers", "à la semaine 12".
SPELLED_FR = r"(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|cinquante|cent)"
NUMBER_FR = rf"(?:\d+(?:[.,]\d+)?|{SPELLED_FR})"
MANY_FR = r"(?:\d+(?:[.,]\d+)?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|cinquante|cent)"
FRENCH = ClaimWords(
    number_claims=(
        ("a percentage", re.compile(r"\d+(?:[.,]\d+)?\s?(?:%|pour\s?cent)", re.IGNORECASE)),
        # "un endroit sur une cellule" is not a share: after "sur" comes a number of at least two.
        ("a share of people", re.compile(rf"\b{NUMBER_FR}\s+(?:[\w’'-]+\s+){{0,2}}sur\s+{MANY_FR}\b|"
                                         rf"\b(?:{SPELLED_FR})\s+(?:quarts?|tiers|cinquièmes?|dixièmes?)\b|"
                                         r"\b(?:la|une)\s+moitié\s+des\b|\b\d+\s+pour\s+\d+\b", re.IGNORECASE)),
        ("a dose", DOSE),
        ("a length of time", re.compile(rf"\b{MANY_FR}(?:\s?(?:à|-|–)\s?{MANY_FR})?\s+"
                                        r"(?:heures?|jours?|semaines?|mois|ans|années?)\b|"
                                        r"\b(?:semaine|jour|mois|année)\s+\d+\b", re.IGNORECASE)),
    ),
    a_number_word=re.compile(r"\b(?:une?|d(?:eux|ix|ouze)|t(?:rois|rente|iers)|q(?:uatre|uinze|uarts?)|cinq(?:uante)?|"
                             r"s(?:ix|ept)|huit|neuf|onze|vingt|cent|moitié)\b", re.IGNORECASE),
    # "Guérison" is also a limb's healing: only a cure promised for pain or for good is promotional.
    promotional=any_of(r"guéri(?:r|t|ssent)\s+(?:la|votre|vos|les)\s+douleurs?",
                       r"guérison\s+(?:complète|définitive|assurée)", "miracles?", "miraculeu(?:x|se|ses)",
                       "garanti(?:e|s|es|t)?", "percée", "révolutionnaires?", "sans risque", "100 % sûr",
                       "solutions? durables?", "soulagement permanent", "change la vie"),
    negated=re.compile(r"(?:\b(?:ne|pas|aucune?|sans|jamais|ni|non)\s+|\bn['’]\s*)(?:[\w'’]+\s+){0,3}$",
                       re.IGNORECASE),
    vague=any_of("rares?", "rarement", "fréquente?s?", "fréquemment", "courante?s?", "la plupart", "beaucoup",
                 "nombreu(?:x|ses)"),
    # ("Problèmes de santé" are conditions, not harms.)
    about_effects=re.compile(r"\b(?:effets?|réactions?|méfaits?|risques?|problèmes?(?!\s+de\s+santé)|complications?|"
                             r"dangers?)\b",
                             re.IGNORECASE),
)

BY_LANGUAGE = {"en": ENGLISH, "fr": FRENCH}


def claim_words(language: str) -> ClaimWords:
    """The patterns for a language ('fr-CA' is read as 'fr'); English's for a language without its own."""
    return BY_LANGUAGE.get(language.split("-")[0].lower(), ENGLISH)
