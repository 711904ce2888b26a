"""Topic codes from keyword rules. Rules are data, so an officer can tune them without code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ttdn.monitoring.analysis.matching import Aligned, PhraseMatcher


@dataclass(frozen=True)
class TopicRule:
    code: str
    name: str  # Vietnamese, for display
    phrases: tuple[str, ...]
    min_score: float = 2.0  # one title hit (x2) or two body hits


DEFAULT_RULES: tuple[TopicRule, ...] = (
    TopicRule(
        "du-lich",
        "Du lịch",
        (
            "du lịch",
            "du khách",
            "khách du lịch",
            "lượt khách",
            "điểm đến",
            "homestay",
            "khu du lịch",
            "lễ hội",
            "danh thắng",
            "nghỉ dưỡng",
            "tour",
            "lữ hành",
            "check-in",
            "săn mây",
        ),
    ),
    TopicRule(
        "thuong-mai-cua-khau",
        "Thương mại và cửa khẩu",
        (
            "cửa khẩu",
            "xuất khẩu",
            "nhập khẩu",
            "xuất nhập khẩu",
            "thông quan",
            "kim ngạch",
            "hàng hóa",
            "xe hàng",
            "lối mở",
            "logistics",
            "thương mại",
            "nông sản",
            "tờ khai",
            "hải quan",
            "sầu riêng",
        ),
    ),
    TopicRule(
        "dau-tu",
        "Đầu tư",
        (
            "đầu tư",
            "nhà đầu tư",
            "dự án",
            "vốn đầu tư",
            "thu hút đầu tư",
            "khu công nghiệp",
            "giấy chứng nhận đầu tư",
            "FDI",
            "tỷ đồng",
            "xúc tiến đầu tư",
            "cao tốc",
        ),
    ),
    TopicRule(
        "an-ninh-buon-lau",
        "An ninh và chống buôn lậu",
        (
            "buôn lậu",
            "hàng lậu",
            "gian lận thương mại",
            "vận chuyển trái phép",
            "xuất cảnh trái phép",
            "nhập cảnh trái phép",
            "ma túy",
            "bắt giữ",
            "thu giữ",
            "biên phòng",
            "công an",
            "đối tượng",
            "khởi tố",
            "hàng giả",
            "an ninh trật tự",
            "tội phạm",
        ),
    ),
    TopicRule(
        "thien-tai",
        "Thiên tai",
        (
            "thiên tai",
            "mưa lũ",
            "lũ quét",
            "sạt lở",
            "ngập lụt",
            "mưa đá",
            "dông lốc",
            "rét đậm",
            "rét hại",
            "băng giá",
            "bão",
            "thiệt hại",
            "hạn hán",
            "sạt lở đất",
        ),
    ),
    TopicRule(
        "van-hoa",
        "Văn hóa",
        (
            "văn hóa",
            "di sản",
            "di tích",
            "lễ hội",
            "dân tộc Tày",
            "dân tộc Nùng",
            "hát then",
            "đàn tính",
            "nghệ nhân",
            "phong tục",
            "bảo tồn",
            "truyền thống",
            "lễ hội Lồng tồng",
            "sli",
        ),
    ),
    TopicRule(
        "hop-tac-quang-tay",
        "Hợp tác với Quảng Tây",
        (
            "Quảng Tây",
            "Khu tự trị dân tộc Choang Quảng Tây",
            "Bằng Tường",
            "Sùng Tả",
            "Nam Ninh",
            "Hữu Nghị Quan",
            "Pò Chài",
            "phía Trung Quốc",
            "Trung Quốc",
            "hội đàm",
            "biên bản ghi nhớ",
        ),
    ),
    TopicRule(
        "nong-nghiep",
        "Nông nghiệp",
        (
            "nông nghiệp",
            "nông dân",
            "cây hồi",
            "hoa hồi",
            "na Chi Lăng",
            "quả na",
            "hồng Bảo Lâm",
            "thạch đen",
            "chăn nuôi",
            "trồng rừng",
            "mùa vụ",
            "thu hoạch",
            "OCOP",
            "vụ mùa",
            "lúa",
            "cây ăn quả",
        ),
    ),
    TopicRule(
        "doi-ngoai",
        "Đối ngoại",
        (
            "đối ngoại",
            "thông tin đối ngoại",
            "ngoại giao",
            "đoàn công tác",
            "hội đàm",
            "hữu nghị",
            "kết nghĩa",
            "đại sứ",
            "quốc tế",
        ),
    ),
)

# Vietnamese names for display, by topic code.
TOPIC_NAMES: dict[str, str] = {rule.code: rule.name for rule in DEFAULT_RULES}


class TopicClassifier:
    def __init__(self, rules: Iterable[TopicRule] = DEFAULT_RULES) -> None:
        self.rules = tuple(rules)
        # A phrase may serve several topics ("lễ hội": tourism and culture): one entry, all codes.
        codes: dict[str, list[str]] = {}
        for rule in self.rules:
            for phrase in rule.phrases:
                codes.setdefault(phrase, []).append(rule.code)
        self._matcher = PhraseMatcher((p, tuple(c)) for p, c in codes.items())

    def scores(self, text: str, title: str = "") -> dict[str, float]:
        result: dict[str, float] = {}
        for part, factor in ((title, 2.0), (text, 1.0)):
            for hit in self._matcher.finditer(Aligned.of(part)):
                for code in hit.payload:  # type: ignore[attr-defined]
                    result[code] = result.get(code, 0.0) + factor
        return result

    def explain(self, text: str, title: str = "") -> dict[str, list[str]]:
        """The phrases found for each topic (title hits count twice), to show why a rule matched."""
        found: dict[str, list[str]] = {}
        for part in (title, text):
            for hit in self._matcher.finditer(Aligned.of(part)):
                for code in hit.payload:  # type: ignore[attr-defined]
                    found.setdefault(code, []).append(hit.phrase)
        return found

    def classify(self, text: str, title: str = "") -> list[str]:
        """Matched topic codes, strongest first (ties in rule order)."""
        scores = self.scores(text, title)
        order = {rule.code: i for i, rule in enumerate(self.rules)}
        kept = [r.code for r in self.rules if scores.get(r.code, 0.0) >= r.min_score]
        return sorted(kept, key=lambda c: (-scores[c], order[c]))
