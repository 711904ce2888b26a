"""Tone of an article toward the province: a lexicon-and-rules baseline, not a model.

Honest limits: it counts phrases. It knows that "không hiệu quả" is not praise and that "không để xảy ra
ùn tắc" is mildly good, it gives more weight to sentences that name the province's places, and nothing
else. A trained classifier will replace the decision later; the lexicon stays useful as features.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from ttdn.core.text import fold
from ttdn.monitoring.analysis.matching import Aligned, PhraseMatcher, sentences

POSITIVE: dict[str, float] = {
    "tăng trưởng": 1.0,
    "thu hút đầu tư": 1.5,
    "thu hút": 0.7,
    "thành công": 1.0,
    "hiệu quả": 0.8,
    "phát triển": 0.5,
    "khởi sắc": 1.2,
    "sôi động": 0.8,
    "hấp dẫn": 0.8,
    "ấn tượng": 0.8,
    "nổi bật": 0.6,
    "thuận lợi": 0.8,
    "thông suốt": 1.0,
    "kỷ lục": 1.0,
    "vượt kế hoạch": 1.2,
    "hoàn thành": 0.6,
    "đón": 0.3,
    "du khách": 0.4,
    "tăng mạnh": 1.0,
    "tăng cao": 0.6,
    "cải thiện": 0.8,
    "nâng cao": 0.5,
    "hợp tác": 0.6,
    "hữu nghị": 0.5,
    "khen thưởng": 0.8,
    "biểu dương": 0.8,
    "đạt giải": 0.8,
    "tôn vinh": 0.8,
    "an toàn": 0.5,
    "ổn định": 0.5,
    "bền vững": 0.5,
    "đẹp": 0.5,
    "thơ mộng": 0.8,
    "độc đáo": 0.8,
    "đặc sắc": 0.8,
    "hài lòng": 1.0,
    "ủng hộ": 0.6,
    "khánh thành": 1.0,
    "khai trương": 0.8,
    "động lực": 0.6,
    "tiềm năng": 0.5,
    "mở rộng": 0.4,
}
NEGATIVE: dict[str, float] = {
    "buôn lậu": 1.5,
    "hàng lậu": 1.5,
    "vận chuyển trái phép": 1.5,
    "ùn tắc": 1.2,
    "ách tắc": 1.2,
    "thiệt hại": 1.2,
    "sạt lở": 1.2,
    "lũ quét": 1.5,
    "lũ lụt": 1.2,
    "ngập lụt": 1.2,
    "tai nạn": 1.2,
    "vi phạm": 1.0,
    "tin giả": 1.5,
    "lừa đảo": 1.5,
    "bắt giữ": 0.8,
    "thu giữ": 0.8,
    "tạm giữ": 0.6,
    "khởi tố": 1.0,
    "tham nhũng": 1.5,
    "tiêu cực": 1.0,
    "sai phạm": 1.2,
    "xuất cảnh trái phép": 1.2,
    "nhập cảnh trái phép": 1.2,
    "ma túy": 1.5,
    "gian lận": 1.2,
    "trốn thuế": 1.2,
    "hàng giả": 1.2,
    "thiệt mạng": 1.5,
    "tử vong": 1.2,
    "bị thương": 0.8,
    "cháy": 0.6,
    "hỏa hoạn": 1.2,
    "sự cố": 0.8,
    "khó khăn": 0.6,
    "bức xúc": 1.0,
    "ô nhiễm": 1.0,
    "xuống cấp": 0.8,
    "chậm tiến độ": 1.0,
    "giảm mạnh": 1.0,
    "sụt giảm": 0.8,
    "thua lỗ": 1.0,
    "rét đậu": 0.6,
    "băng giá": 0.6,
    "mưa đá": 1.0,
    "xử phạt": 0.8,
    "đối tượng": 0.4,
    "trái phép": 0.8,
    "tồn đọng": 0.8,
    "hàng chục tấn": 0.3,
}
NEGATORS: tuple[str, ...] = ("không", "chưa", "chẳng", "không hề", "không để", "chưa từng", "thiếu")
INTENSIFIERS: dict[str, float] = {
    "rất": 1.5,
    "cực kỳ": 2.0,
    "đặc biệt": 1.5,
    "nghiêm trọng": 1.8,
    "hết sức": 1.5,
    "vô cùng": 1.8,
    "mạnh mẽ": 1.3,
    "lớn": 1.2,
}
FOCUS_FACTOR = 2.0  # a sentence naming the province's places says more about the province
TITLE_FACTOR = 2.0
MARGIN = 0.2  # |balance| below this is "neutral"


@dataclass
class Sentiment:
    label: str
    balance: float  # -1 (all negative) .. +1 (all positive)
    positive: float = 0.0
    negative: float = 0.0
    evidence: list[tuple[str, float]] = field(default_factory=list)


_LEXICON = PhraseMatcher(
    [(p, ("pos", w)) for p, w in POSITIVE.items()]
    + [(p, ("neg", w)) for p, w in NEGATIVE.items()]
    + [(p, ("int", w)) for p, w in INTENSIFIERS.items()]
)
_NEGATOR_TAIL = re.compile(
    r"(?<![a-z0-9])(?:" + "|".join(re.escape(fold(n)) for n in NEGATORS) + r")(?:\s+\w+){0,2}\s*$"
)


def _sentence_scores(aligned: Aligned, start: int, end: int) -> tuple[float, float, list[tuple[str, float]]]:
    part = Aligned(aligned.text[start:end], aligned.folded[start:end])
    pos = neg = 0.0
    boost = 1.0
    evidence: list[tuple[str, float]] = []
    for hit in _LEXICON.finditer(part):
        polarity, weight = cast(tuple[str, float], hit.payload)
        if polarity == "int":
            boost = weight
            continue
        weight *= boost
        boost = 1.0
        # "không hiệu quả", "chưa thành công": the word is there, the meaning flips (softened).
        if _NEGATOR_TAIL.search(part.folded[max(0, hit.start - 25) : hit.start]):
            polarity = "neg" if polarity == "pos" else "pos"
            weight *= 0.5
        if polarity == "pos":
            pos += weight
        else:
            neg += weight
        evidence.append((hit.phrase, weight if polarity == "pos" else -weight))
    return pos, neg, evidence


def score(text: str, title: str = "", focus: Callable[[str, int, int], bool] | None = None) -> Sentiment:
    """The tone of a title and text. ``focus(part, start, end)`` says whether a sentence (offsets in the
    normalised ``part``, the title or the text) is about the province; such sentences weigh more."""
    pos = neg = 0.0
    evidence: list[tuple[str, float]] = []
    for part, factor in ((title, TITLE_FACTOR), (text, 1.0)):
        aligned = Aligned.of(part)
        for start, end in sentences(aligned.text):
            p, n, ev = _sentence_scores(aligned, start, end)
            if not (p or n):
                continue
            f = factor * (FOCUS_FACTOR if focus and focus(part, start, end) else 1.0)
            pos, neg = pos + p * f, neg + n * f
            evidence += [(phrase, w * f) for phrase, w in ev]
    balance = (pos - neg) / (pos + neg + 1.0)
    label = "positive" if balance > MARGIN else "negative" if balance < -MARGIN else "neutral"
    return Sentiment(label, round(balance, 3), round(pos, 3), round(neg, 3), evidence)
