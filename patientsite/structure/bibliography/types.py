"""BibLaTeX's entry types and type codes, and what a reference calls them.

The kinds on the right are the branches of the reference template
(templates/partials/reference.html). BibLaTeX's manual (section 2.1) lists the standard
types, their aliases, and the non-standard types that its styles print as @misc.
"""

from __future__ import annotations

ENTRY_KINDS = {
    "article": "article", "suppperiodical": "article",
    "book": "book", "mvbook": "book", "booklet": "book", "collection": "book", "mvcollection": "book",
    "proceedings": "book", "mvproceedings": "book", "reference": "book", "mvreference": "book", "manual": "book",
    "periodical": "book",
    "inbook": "chapter", "bookinbook": "chapter", "suppbook": "chapter", "incollection": "chapter",
    "suppcollection": "chapter", "inproceedings": "chapter", "conference": "chapter", "inreference": "chapter",
    "online": "webpage", "electronic": "webpage", "www": "webpage", "webpage": "webpage",
    "report": "report", "techreport": "report",
    "thesis": "thesis", "phdthesis": "thesis", "mastersthesis": "thesis",
    "patent": "patent",
    "set": "set",
    "misc": "misc", "unpublished": "misc", "dataset": "misc", "software": "misc",
    **{f"custom{letter}": "misc" for letter in "abcdef"},
}
# Types that BibLaTeX reserves for special styles; its standard styles print them as @misc.
NONSTANDARD = frozenset(("artwork", "audio", "bibnote", "commentary", "image", "jurisdiction", "legislation",
                         "legal", "letter", "movie", "music", "performance", "review", "standard", "video"))

# Type codes of BibLaTeX's `type` field (its localisation keys), as AMA names them.
TYPE_NAMES = {
    "phdthesis": "Dissertation", "mathesis": "Master's thesis", "candthesis": "Candidate thesis",
    "bathesis": "Bachelor's thesis", "techreport": "Technical report", "resreport": "Research report",
    "software": "Software", "datacd": "CD-ROM", "audiocd": "Audio CD",
    "patent": "Patent", "patentus": "US patent", "patenteu": "European patent", "patentuk": "UK patent",
    "patentde": "German patent", "patentfr": "French patent", "patentjp": "Japanese patent",
    "patreq": "Patent application", "patrequs": "US patent application", "patreqeu": "European patent application",
    "patrequk": "UK patent application", "patreqde": "German patent application",
    "patreqfr": "French patent application",
}
# What a type is called when the entry does not say: @phdthesis is a dissertation.
DEFAULT_TYPES = {"phdthesis": "Dissertation", "mastersthesis": "Master's thesis", "thesis": "Thesis",
                 "techreport": "Technical report", "report": "Report", "patent": "Patent"}

# BibLaTeX's language names (babel's and polyglossia's), as BCP 47 tags for the lang attribute.
LANGUAGES = {
    "english": "en", "american": "en-US", "usenglish": "en-US", "british": "en-GB", "ukenglish": "en-GB",
    "canadian": "en-CA", "australian": "en-AU", "french": "fr", "francais": "fr", "canadien": "fr-CA",
    "acadian": "fr-CA", "german": "de", "ngerman": "de", "austrian": "de-AT", "naustrian": "de-AT",
    "swissgerman": "de-CH", "nswissgerman": "de-CH", "spanish": "es", "catalan": "ca", "italian": "it",
    "portuguese": "pt", "brazil": "pt-BR", "brazilian": "pt-BR", "dutch": "nl", "danish": "da", "swedish": "sv",
    "norsk": "nb", "nynorsk": "nn", "finnish": "fi", "polish": "pl", "czech": "cs", "slovak": "sk",
    "slovene": "sl", "croatian": "hr", "serbian": "sr", "russian": "ru", "ukrainian": "uk", "greek": "el",
    "turkish": "tr", "hungarian": "hu", "romanian": "ro", "latin": "la", "hebrew": "he", "arabic": "ar",
    "japanese": "ja", "chinese": "zh", "korean": "ko", "icelandic": "is", "estonian": "et", "latvian": "lv",
    "lithuanian": "lt", "bulgarian": "bg",
}


def type_label(entry_type: str, kind: str, written: str) -> str:
    """What a thesis, report or patent is called: the entry's own `type`, decoded, or its type's default."""
    if kind not in ("thesis", "report", "patent", "misc"):
        return ""
    if written:
        return TYPE_NAMES.get(written.strip().lower(), written.strip())
    return DEFAULT_TYPES.get(entry_type, "")
