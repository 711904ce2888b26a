"""Recognising unit names and splitting unit lists into mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(slots=True)
class Mention:
    text: str
    scope: str | None = None


# Openers that name a unit whatever follows ("UBND tỉnh", "Công an huyện").
_ANY_NEXT = (
    "UBND",
    "HĐND",
    "Ủy ban",
    "Uỷ ban",
    "Công an",
    "Tỉnh đoàn",
    "Tỉnh ủy",
    "Tỉnh uỷ",
    "Thành ủy",
    "Thành uỷ",
    "Huyện ủy",
    "Huyện uỷ",
    "Đảng ủy",
    "Đảng uỷ",
    "Bộ Chỉ huy",
    "Ban Chỉ huy",
    "Bộ đội",
    "Mặt trận",
    "Viettel",
    "VNPT",
    "MobiFone",
    "Mobifone",
    "VinaPhone",
    "Vinaphone",
    "Bưu điện",
    "BCH",
    "BQL",
    "BTG",
    "Đồn Biên phòng",
    "Bảo hiểm xã hội",
    "Kho bạc",
    "Thanh tra tỉnh",
    "Thanh tra huyện",
    "Ban Chỉ đạo",
    "Sở TT",
    "Sở KH",
    "Sở VH",
    "Sở GD",
    "Sở NN",
    "Sở LĐ",
)
# Openers that are also ordinary words ("Ban hành", "Hội nghị", "Báo cáo"):
# they only name a unit when a capitalised name follows.
_CAP_NEXT = (
    "Sở",
    "Ban",
    "Bộ",
    "Văn phòng",
    "Đài",
    "Báo",
    "Cục",
    "Chi cục",
    "Trung tâm",
    "Hội",
    "Liên đoàn",
    "Liên hiệp",
    "Viện",
    "Phòng",
    "Trường",
    "Bệnh viện",
    "Chi nhánh",
    "Tổng công ty",
    "Công ty",
    "Ngân hàng",
    "Hải quan",
    "Thanh tra",
    "Đoàn",
    "Quân khu",
    "Học viện",
    "Tập đoàn",
    "Nhà xuất bản",
)
# Collective phrases, matched whatever the case of their first letter.
_COLLECTIVE = (
    "các sở",
    "các ban",
    "các bộ",
    "các cơ quan",
    "các doanh nghiệp",
    "các đơn vị",
    "các địa phương",
    "các tổ chức",
    "các hội",
    "các ngành",
    "các phòng",
    "các trường",
    "các đài",
    "các báo",
    "các đoàn thể",
    "các huyện",
    "các xã",
    "các lực lượng",
    "các tập đoàn",
    "các nhà mạng",
    "các cơ sở",
    "các trung tâm",
    "các chi nhánh",
    "cơ quan báo chí",
    "ủy ban nhân dân các",
    "uỷ ban nhân dân các",
    "các ubnd",
)
_ANY_RE = re.compile("|".join(re.escape(o) for o in sorted(_ANY_NEXT, key=len, reverse=True)))
_CAP_RE = re.compile(
    r"(?:" + "|".join(re.escape(o) for o in sorted(_CAP_NEXT, key=len, reverse=True)) + r")\s+(\w)"
)


def is_unit(text: str) -> bool:
    """Whether ``text`` opens with a unit name."""
    if not text:
        return False
    m = _ANY_RE.match(text)
    if m and (m.end() == len(text) or not text[m.end()].isalnum()):
        return True
    m = _CAP_RE.match(text)
    if m and (m.group(1).isupper() or m.group(1).isdigit()):
        return True
    low = text[0].lower() + text[1:40]
    return any(low.startswith(c) and (len(low) == len(c) or not low[len(c)].isalnum()) for c in _COLLECTIVE)


def _split_top(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside parentheses (scopes may contain commas)."""
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    n = len(sep)
    while i < len(text):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif depth == 0 and text.startswith(sep, i):
            parts.append(text[start:i])
            start = i + n
            i += n
            continue
        i += 1
    parts.append(text[start:])
    return parts


def _regroup(pieces: list[str], sep: str) -> list[str]:
    """Join pieces back unless the next one opens a new unit name.

    A comma inside one name ("Sở Văn hóa, Thể thao và Du lịch", "các sở,
    ban, ngành") is followed by a word that is not a unit opener, which is
    what tells it apart from a comma between two units.
    """
    out: list[str] = []
    for piece in pieces:
        if out and not is_unit(piece.strip()):
            out[-1] = f"{out[-1]}{sep}{piece}"
        else:
            out.append(piece)
    return out


_LEAD_PREFIX = re.compile(
    r"^(?:[-–+•*]\s*)?(?:(?:Đơn vị|Cơ quan)\s+(?:chủ trì|phối hợp|thực hiện)(?:\s+thực hiện)?"
    r"|Chủ trì|Phối hợp(?:\s+thực hiện)?|Giao(?:\s+cho)?|phối hợp với|với|và|gồm)\s*:?\s*",
    re.IGNORECASE,
)
_TRAIL = " \t.,;:…/"


def _strip(text: str) -> str:
    text = text.strip()
    while True:
        new = _LEAD_PREFIX.sub("", text, count=1)
        if new == text:
            break
        text = new
    text = text.rstrip(_TRAIL)
    if text.endswith("...") or text.endswith("…"):
        text = text.rstrip(".… ")
    return text.strip()


def _scope(text: str) -> Mention:
    if text.endswith(")"):
        depth = 0
        for i in range(len(text) - 1, -1, -1):
            if text[i] == ")":
                depth += 1
            elif text[i] == "(":
                depth -= 1
                if depth == 0:
                    inner = text[i + 1 : -1].strip()
                    head = text[:i].strip()
                    # Only a lower-case parenthesis narrows the unit's part
                    # ("(đối với nội dung ...)"); "(Sở TT&TT)" is a name.
                    if head and inner and inner[0].islower():
                        return Mention(head.rstrip(_TRAIL), inner.rstrip(_TRAIL))
                    break
    return Mention(text)


def split_mentions(text: str) -> list[Mention]:
    out: list[Mention] = []
    for part in _split_top(text, ";"):
        for piece in _regroup(_split_top(part, ","), ","):
            for sub in _split_va(piece):
                cleaned = _strip(sub)
                if cleaned:
                    out.append(_scope(cleaned))
    return out


def _split_va(text: str) -> list[str]:
    """Split on " và " only where both sides are unit names."""
    pieces = _split_top(text, " và ")
    if len(pieces) == 1:
        return pieces
    out = [pieces[0]]
    for piece in pieces[1:]:
        left = _strip(out[-1])
        # "Văn phòng HĐND và UBND huyện" is one office serving two bodies:
        # an office name cut right after a bare abbreviation is not complete.
        shared_office = left.startswith("Văn phòng") and left.split()[-1].isupper()
        if not shared_office and is_unit(left) and is_unit(piece.strip()):
            out.append(piece)
        else:
            out[-1] = f"{out[-1]} và {piece}"
    return out


# Words that start the predicate after a list of units at the head of a
# sentence ("Sở Tài chính tham mưu ...", "UBND các huyện tổ chức ...").
# Matched case-sensitively so capitalised name parts never stop a name.
_PREDICATE = re.compile(
    r"\s(?:là|tham mưu|tổ chức|chủ trì|có trách nhiệm|chịu trách nhiệm|thực hiện|triển khai|hướng dẫn"
    r"|phối hợp|xây dựng|theo dõi|chỉ đạo|bố trí|cung cấp|đẩy mạnh|tăng cường|nghiên cứu|rà soát"
    r"|tiếp tục|quản lý|đôn đốc|kiểm tra|báo cáo|ban hành|định kỳ|tích cực|chủ động|tuyên truyền"
    r"|phát huy|giám sát|đảm bảo|bảo đảm|lồng ghép|khẩn trương|nghiêm túc|được giao|căn cứ|cần|phải"
    r"|sử dụng|đăng tải|phát sóng|biên tập|thường xuyên|hỗ trợ|tham gia|duy trì|nâng cao|quán triệt"
    r"|phổ biến|vận động|huy động|cập nhật|đề xuất|sản xuất|lựa chọn|thẩm định)(?=[\s,.;:]|$)"
)


def leading_units(text: str) -> list[Mention]:
    """Units named at the very start of a sentence, before its verb."""
    if not is_unit(text):
        return []
    m = _PREDICATE.search(text)
    colon = text.find(":")
    end = m.start() if m else -1
    if colon != -1 and (end == -1 or colon < end):
        end = colon
    if end <= 0:
        return []
    mentions = split_mentions(text[:end])
    if mentions and all(is_unit(x.text) for x in mentions):
        return mentions
    return []


_CHU_TRI = re.compile(r"\s(?:là\s+(?:cơ quan|đơn vị)\s+)?chủ trì\b")
_CLAUSE_START = re.compile(r"(?:^|[.;:]\s+|\b[Gg]iao\s+(?:cho\s+)?|\bdo\s+)")
_COORD = re.compile(r"^\s*,?\s*(?:và\s+)?phối hợp(?:\s+chặt chẽ)?\s+với\s+")
_COORD_END = re.compile(_PREDICATE.pattern.replace(r"|phối hợp", "") + r"|[.;:]\s|[.;:]$")


def inline_assignment(text: str) -> tuple[list[Mention], list[Mention]]:
    """Leads written in a sentence: "Giao Sở A chủ trì, phối hợp với Sở B ..."."""
    for m in _CHU_TRI.finditer(text):
        head_region = text[: m.start()]
        starts = [s.end() for s in _CLAUSE_START.finditer(head_region)]
        for start in reversed(starts):
            head = head_region[start:]
            # The head must be names only: "Sở A là cơ quan đầu mối ..., chủ
            # trì tổng hợp" has a verb before "chủ trì", so it is no list.
            if not is_unit(head) or _PREDICATE.search(head):
                break
            leads = split_mentions(head)
            if leads and all(is_unit(x.text) for x in leads):
                return leads, coordination_after(text[m.end() :])
            break
    return [], []


def coordination_after(rest: str) -> list[Mention]:
    cm = _COORD.match(rest)
    if not cm:
        return []
    tail = rest[cm.end() :]
    end = _COORD_END.search(tail)
    span = tail[: end.start()] if end else tail
    mentions = split_mentions(span)
    return [x for x in mentions if is_unit(x.text)]
