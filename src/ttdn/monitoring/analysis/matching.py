"""Tone-aware phrase matching shared by the gazetteer, the sentiment lexicon and the topic rules.

Matching runs on folded text (no tones, đ→d) so that untoned copies ("Lang Son") still match, but a hit is
then checked against the original spelling: when the source *has* tone marks they must agree, otherwise
"làng Sơn" would count as "Lạng Sơn" and "Tân Thành" (a commune name found all over Vietnam) as
"Tân Thanh" (the border gate). To make that check possible the folded text is aligned character by
character with the original, which :func:`ttdn.core.text.fold` does not promise (it collapses spaces).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ttdn.core.text import fold, has_tone_marks, nfc, normalize_tone_placement

_WORD = "a-z0-9"


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", ch.lower()) if not unicodedata.combining(c))
    # Keep the 1:1 alignment: anything that does not fold to exactly one character becomes a space.
    return base if len(base) == 1 else " "


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table filled on first sight of each character: folding a page then runs in C
    instead of decomposing every character again (it was the largest cost of analysing a page)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


@dataclass(frozen=True)
class Aligned:
    """Text in the stored form (NFC, one tone convention) and its folded twin of the same length."""

    text: str
    folded: str

    @classmethod
    def of(cls, text: str) -> Aligned:
        return _aligned(text)

    def masked(self, spans: Iterable[tuple[int, int]]) -> Aligned:
        """Blank out spans (bylines, addresses) in both forms without moving anything else."""
        text, folded = list(self.text), list(self.folded)
        for start, end in spans:
            for i in range(start, end):
                if text[i] != "\n":
                    text[i] = folded[i] = " "
        return Aligned("".join(text), "".join(folded))


@functools.lru_cache(maxsize=32)
def _aligned(text: str) -> Aligned:
    """The gazetteer, the tone lexicon and the topic rules each align the same title and body: align
    them once (normalising and folding a page was a fifth of its analysis)."""
    normalized = normalize_tone_placement(nfc(text))
    return Aligned(normalized, normalized.translate(_FOLD_TABLE))


@dataclass(frozen=True)
class Hit:
    phrase: str
    payload: object
    start: int
    end: int


@functools.lru_cache(maxsize=8192)
def same_spelling(original: str, phrase: str) -> bool:
    """True when the original span may be this phrase. Cached: a page names the same places and uses the
    same tone words again and again, and the check ran for every hit of every page.

    Tones must agree unless the source has none at all (an ASCII copy). Capitalised words of the phrase
    after the first must be capitalised in the source unless the source is all upper case (headlines):
    that is what tells the commune "Hòa Bình" from "hòa bình" (peace) and the gate "Hữu Nghị" from
    "hữu nghị". The first word is free because official names start with a capital that prose drops
    ("Cửa khẩu Tân Thanh" is written "cửa khẩu Tân Thanh" mid-sentence).
    """
    if not original.isupper():
        for want, got in list(zip(phrase.split(), original.split(), strict=False))[1:]:
            if want[:1].isupper() and not got[:1].isupper():
                return False
    if not has_tone_marks(original) and "đ" not in original.lower():
        return True
    return " ".join(original.lower().split()) == _spelling_key(phrase)


@functools.cache
def _spelling_key(phrase: str) -> str:
    return " ".join(normalize_tone_placement(nfc(phrase)).lower().split())


def _trie_pattern(keys: Iterable[str]) -> str:
    """One regular expression for many phrases, factored by common prefix ("lang (?:son|giang)").

    Python's engine tries a flat alternation's branches one by one at every position of the page; the
    factored form tries one character. It matches what the longest-first alternation matched: the
    children of a node start with different characters, so at most one can go on, and ending at a node
    is tried last. A space matches any run of whitespace.
    """
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}  # a phrase ends here

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = [
            (r"\s+" if ch == " " else re.escape(ch)) + pattern(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if ends else body

    return pattern(trie)


class PhraseMatcher:
    """Leftmost-longest, non-overlapping, word-bounded matching of many phrases at once."""

    def __init__(self, phrases: Iterable[tuple[str, object]]) -> None:
        self._by_key: dict[str, list[tuple[str, object]]] = {}
        for phrase, payload in phrases:
            key = fold(phrase)
            if key:
                self._by_key.setdefault(key, []).append((phrase, payload))
        # Word boundaries are ASCII after folding.
        alternation = _trie_pattern(self._by_key) or r"(?!x)x"
        self._regex = re.compile(rf"(?<![{_WORD}])(?:{alternation})(?![{_WORD}])")

    def __bool__(self) -> bool:
        return bool(self._by_key)

    def finditer(self, aligned: Aligned) -> Iterator[Hit]:
        pos = 0
        while match := self._regex.search(aligned.folded, pos):
            start, end = match.span()
            original = aligned.text[start:end]
            key = " ".join(match.group().split())
            for phrase, payload in self._by_key.get(key, []):
                if same_spelling(original, phrase):
                    yield Hit(phrase, payload, start, end)
                    break
            pos = end


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“'(\[]?[A-ZÀ-ỸĐ0-9])|\n+")


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences (and lines): enough for weighting and masking, not a linguistic parser."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[start : m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans
