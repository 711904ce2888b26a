"""Which places and agencies of the province an article mentions, and how much that makes it ours.

Relevance is explainable on purpose: officers must see *why* an article was kept (which terms, how often,
in the title or the body). Names that also exist elsewhere in Vietnam ("Hòa Bình", "Quang Trung",
"Tân Thành", former commune names) only count when the province itself is named in the article.
Bylines, addresses, source lines and footers are blanked out before matching: "Phóng viên tại Lạng Sơn"
says where the reporter sits, not what the story is about.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ttdn.core.text import fold
from ttdn.monitoring.analysis.matching import Aligned, Hit, PhraseMatcher

# Weights per kind: how strongly one mention ties an article to the province.
KIND_WEIGHTS: dict[str, float] = {
    "province": 1.0,
    "agency": 1.0,
    "border_gate": 1.0,
    "landmark": 0.8,
    "former_district": 0.7,
    "commune": 0.6,
    "former_commune": 0.4,
    "press": 0.2,
}
# Only counted next to the province name, and then lightly.
AMBIGUOUS_WEIGHT = 0.3
TITLE_FACTOR = 2.0
# score = 1 - exp(-evidence / SATURATION): one body mention of the province alone stays below 0.5,
# a title mention or two independent mentions pass it.
SATURATION = 1.5
THRESHOLD = 0.5

# Real, well-known places of Lạng Sơn that are not administrative units in the directory.
# Bare "Hữu Nghị" (friendship) and "Tam Thanh" (also a Quảng Nam mural village) are too common alone.
LANDMARKS: tuple[tuple[str, bool], ...] = (
    ("Mẫu Sơn", False),
    ("núi Mẫu Sơn", False),
    ("Hữu Nghị Quan", False),
    ("cửa khẩu Hữu Nghị", False),
    ("Hữu Nghị", True),
    ("ải Chi Lăng", False),
    ("Chi Lăng", False),
    ("Kỳ Lừa", False),
    ("chợ Kỳ Lừa", False),
    ("động Nhị Thanh", False),
    ("Nhị Thanh", False),
    ("động Tam Thanh", False),
    ("chùa Tam Thanh", False),
    ("Tam Thanh", True),
    ("nàng Tô Thị", False),
    ("thành nhà Mạc", False),
    ("đền Bắc Lệ", False),
    ("đền Kỳ Cùng", False),
    ("sông Kỳ Cùng", False),
    ("xứ Lạng", False),
    ("Đồng Đăng", False),
    ("Tân Thanh", False),
    ("chợ Tân Thanh", False),
    ("Pò Chài", False),
)

# Commune names that recur across Vietnam (patriotic and generic names); matched only with the province.
GENERIC_NAMES: frozenset[str] = frozenset(
    fold(n)
    for n in (
        "Hòa Bình",
        "Quang Trung",
        "Tân Thành",
        "Thống Nhất",
        "Chiến Thắng",
        "Đoàn Kết",
        "Hồng Phong",
        "Tân Tiến",
        "Quốc Khánh",
        "Kháng Chiến",
        "Hoàng Văn Thụ",
        "Yên Bình",
        "Thái Bình",
        "Hưng Đạo",
        "Minh Khai",
        "Tân Lập",
        "Trung Thành",
        "Vĩnh Yên",
        "Đồng Tiến",
        "Hòa Lạc",
        "Tân Hòa",
        "Tân Mỹ",
        "Hồng Thái",
        "Nam Quan",
        "Ái Quốc",
        "Quyết Thắng",
        "Kim Đồng",
        "Hoa Thám",
        "Đề Thám",
        "Cao Minh",
        "Minh Sơn",
        "Thanh Sơn",
        "Lâm Sơn",
        "Liên Sơn",
        "Yên Sơn",
        "Hòa Sơn",
        "Minh Hòa",
        "Minh Tiến",
        "Nhật Tiến",
        "Thanh Long",
        "Bình Trung",
        "Xuân Long",
        "Hợp Thành",
        "Tân Liên",
        "Đông Kinh",
        "Lương Văn Tri",
        "Tân Văn",
        "Tân Tri",
        "Bắc Sơn",
        "Tuấn Sơn",
        "Quan Sơn",
        "Ba Sơn",
        "Công Sơn",
        "Châu Sơn",
        "Yên Phúc",
        "Tân Đoàn",
        "Hữu Liên",
        "Thiện Tân",
        "Vân Nham",
        "Nhân Lý",
        "Quốc Việt",
        "Hưng Vũ",
        "Vũ Lăng",
        "Nhất Hòa",
        "Quý Hòa",
        "Thiện Hòa",
        "Bình Gia",
        "Tân Yên",
        "Hòa Thắng",
    )
)


@dataclass(frozen=True)
class Term:
    text: str
    kind: str
    weight: float
    ambiguous: bool = False
    source: str = ""  # what the term came from (a directory code), for explanations

    @property
    def folded(self) -> str:
        return fold(self.text)


@dataclass
class TermMatch:
    term: Term
    title: int = 0
    body: int = 0
    counted: bool = True

    @property
    def weight(self) -> float:
        if not self.counted:
            return 0.0
        return AMBIGUOUS_WEIGHT if self.term.ambiguous else self.term.weight

    def evidence(self) -> float:
        if not self.weight:
            return 0.0
        title = self.weight * TITLE_FACTOR if self.title else 0.0
        body = self.weight * (1 + 0.5 * math.log(self.body)) if self.body else 0.0
        return title + body


@dataclass
class Relevance:
    score: float
    relevant: bool
    matches: list[TermMatch] = field(default_factory=list)

    @property
    def matched(self) -> list[str]:
        """The counted terms as written in the gazetteer, strongest first."""
        counted = [m for m in self.matches if m.weight]
        return [m.term.text for m in sorted(counted, key=lambda m: (-m.evidence(), m.term.text))]

    def explain(self) -> list[dict[str, object]]:
        return [
            {
                "term": m.term.text,
                "kind": m.term.kind,
                "title": m.title,
                "body": m.body,
                "counted": bool(m.weight),
                "evidence": round(m.evidence(), 3),
            }
            for m in self.matches
        ]


# Lines that are about the outlet or the reporter, blanked before matching (on folded text).
_BOILERPLATE_LINE = re.compile(
    r"^[ \t>*•\-–]*(?:(?:dia chi|tru so|van phong dai dien|lien he|dien thoai|tel|fax|e-?mail|hotline|nguon)\s*:"
    r"|(?:giay phep|ban quyen|copyright|tong bien tap|pho tong bien tap|co quan chu quan|chiu trach nhiem"
    r"|ghi ro nguon)\b)[^\n]*",
    re.MULTILINE,
)
_BOILERPLATE_ANYWHERE = re.compile(
    # The lookahead names every first character the branches below can start with: the engine then
    # skips most positions after one test instead of trying each branch (three times faster on a page).
    r"(?=[©(cpntbav])"
    r"(?:(?:©|\(c\)\s*\d{4}|copyright)[^\n]*"
    # "(Phóng viên tại Lạng Sơn)", "PV thường trú tại ...", "Nhóm PV": to the end of the clause.
    r"|\(?\b(?:phong vien|pv|ctv|cong tac vien|nha bao|nhom pv)\s+(?:thuong tru\s+)?(?:tai|o)\s+[^.,;()\n]*\)?"
    # "Theo báo Lạng Sơn", "Nguồn: Đài PT-TH ...": the attribution phrase only.
    r"|\b(?:theo|nguon\s*:?)\s+(?:bao|dai|tap chi|cong thong tin|cong ttdt|trang|tttxvn|ttxvn)\b[^,.;()\n]*"
    # "Bài và ảnh: ...", "(Ảnh: ...)".
    r"|\(?\b(?:bai va anh|bai, anh|bai|anh|video|thuc hien)\s*:\s*[^\n)]*\)?)"
)


def boilerplate_spans(aligned: Aligned) -> list[tuple[int, int]]:
    spans = [m.span() for m in _BOILERPLATE_LINE.finditer(aligned.folded)]
    spans += [m.span() for m in _BOILERPLATE_ANYWHERE.finditer(aligned.folded)]
    return spans


def strip_boilerplate(text: str) -> Aligned:
    aligned = Aligned.of(text)
    return aligned.masked(boilerplate_spans(aligned))


class Gazetteer:
    def __init__(self, terms: Iterable[Term], province: str = "") -> None:
        unique: dict[tuple[str, str], Term] = {}
        for term in terms:
            key = (term.folded, term.text.lower())
            kept = unique.get(key)
            # One spelling, one term: a specific reading beats an ambiguous one, then the heavier one.
            if kept is None or (kept.ambiguous, -kept.weight) > (term.ambiguous, -term.weight):
                unique[key] = term
        self.terms = list(unique.values())
        self.province = province
        self._province_fold = fold(province)
        self._matcher = PhraseMatcher((t.text, t) for t in self.terms)
        # A page's title and text are matched for relevance and again for the tone's sentence weights.
        self._hits = functools.lru_cache(maxsize=8)(self._find_hits)

    def __len__(self) -> int:
        return len(self.terms)

    def _anchors(self, term: Term) -> bool:
        if term.kind == "province":
            return True
        return (
            bool(self._province_fold)
            and re.search(rf"(?<![a-z0-9]){re.escape(self._province_fold)}(?![a-z0-9])", term.folded)
            is not None
        )

    def _find_hits(self, text: str) -> tuple[Hit, ...]:
        return tuple(self._matcher.finditer(strip_boilerplate(text)))

    def find(self, text: str) -> list[Term]:
        """Every term occurrence in text (after blanking boilerplate), in order."""
        return [hit.payload for hit in self._hits(text)]  # type: ignore[misc]

    def mentions_within(self, text: str, start: int, end: int) -> bool:
        """Whether ``text`` names the province unambiguously between ``start`` and ``end`` (offsets in its
        normalised form, ``Aligned.of(text)``, as sentence spans are). The whole text's hits are found once:
        matching each sentence again cost a fifth of a page's analysis. Boilerplate is judged on the whole
        text, so a source line ("Nguồn: …") counts as one only at the start of a line."""
        return any(
            not hit.payload.ambiguous and start <= hit.start and hit.end <= end  # type: ignore[attr-defined]
            for hit in self._hits(text)
        )

    def relevance(self, text: str, title: str = "") -> Relevance:
        found: dict[Term, TermMatch] = {}
        for where, part in (("title", title), ("body", text)):
            for term in self.find(part):
                match = found.setdefault(term, TermMatch(term))
                setattr(match, where, getattr(match, where) + 1)
        anchored = any(self._anchors(t) for t in found)
        for match in found.values():
            match.counted = anchored or not match.term.ambiguous
        evidence = sum(m.evidence() for m in found.values())
        score = round(1 - math.exp(-evidence / SATURATION), 3)
        matches = sorted(found.values(), key=lambda m: (-m.evidence(), m.term.text))
        return Relevance(score=score, relevant=score >= THRESHOLD, matches=matches)


def landmark_terms() -> list[Term]:
    return [
        Term(text, "landmark", KIND_WEIGHTS["landmark"], ambiguous=ambiguous, source="landmark")
        for text, ambiguous in LANDMARKS
    ]


def is_generic(name: str) -> bool:
    return fold(name) in GENERIC_NAMES
