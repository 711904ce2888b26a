"""Document header, preamble and closing block: issuer, number, date, title, bases, signer, recipients."""

from __future__ import annotations

import re
from typing import TypedDict


class Signer(TypedDict):
    name: str | None
    title: str | None
    authority: str | None


DOC_TYPES: dict[str, str] = {
    "KẾ HOẠCH": "KH",
    "QUYẾT ĐỊNH": "QĐ",
    "CÔNG VĂN": "CV",
    "BÁO CÁO": "BC",
    "CHƯƠNG TRÌNH": "CTr",
    "HƯỚNG DẪN": "HD",
    "THÔNG BÁO": "TB",
    "ĐỀ ÁN": "ĐA",
    "PHƯƠNG ÁN": "PA",
    "TỜ TRÌNH": "TTr",
    "CHỈ THỊ": "CT",
    "NGHỊ QUYẾT": "NQ",
    "QUY CHẾ": "QC",
    "QUY ĐỊNH": "QyĐ",
    "KẾT LUẬN": "KL",
    "CÔNG ĐIỆN": "CĐ",
    "GIẤY MỜI": "GM",
    "BIÊN BẢN": "BB",
    "THÔNG CÁO": "TC",
}
_TYPE_ABBRS = set(DOC_TYPES.values()) - {"CV"}

NUMBER = re.compile(r"\bSố\s*:\s*(?P<num>[^\s/]*)\s*/\s*(?P<sym>[\w&.\-]+)")
DATE = re.compile(
    r"(?P<place>[^\d,;:]{2,40}?)\s*,\s*ngày[\s.…_]*(?P<d>\d{1,2})?[\s.…_]*tháng[\s.…_]*(?P<m>\d{1,2})?"
    r"[\s.…_]*năm[\s.…_]*(?P<y>\d{4})",
    re.IGNORECASE,
)
DATE_NUMERIC = re.compile(
    r"(?P<place>[^\d,;:]{2,40}?)\s*,\s*ngày\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
)
_MOTTO = frozenset(
    [
        "cộng",
        "hòa",
        "hoà",
        "xã",
        "hội",
        "chủ",
        "nghĩa",
        "việt",
        "nam",
        "độc",
        "lập",
        "tự",
        "do",
        "hạnh",
        "phúc",
        "-",
        "–",
        "—",
    ]
)
_ORG_OPENERS = re.compile(
    r"^(?:UBND|HĐND|ỦY BAN|UỶ BAN|SỞ|BAN|BỘ|VĂN PHÒNG|CÔNG AN|ĐÀI|BÁO|CỤC|CHI CỤC|TRUNG TÂM|HỘI|"
    r"LIÊN ĐOÀN|TỈNH ĐOÀN|TỈNH ỦY|TỈNH UỶ|THANH TRA|PHÒNG|TRƯỜNG|BỆNH VIỆN|HỘI ĐỒNG|ĐẢNG ỦY|MẶT TRẬN)\b"
)
_AUTHORITY = re.compile(r"^(?:KT|TM|TL|TUQ|Q)\s*\.\s*\S")
_POSITION = re.compile(
    r"^(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN|CHÁNH VĂN PHÒNG|BÍ THƯ|THỦ TRƯỞNG|TỔNG GIÁM ĐỐC|"
    r"CỤC TRƯỞNG|CHI CỤC TRƯỞNG|TRƯỞNG PHÒNG|BỘ TRƯỞNG|THỨ TRƯỞNG|CHÁNH THANH TRA|HIỆU TRƯỞNG|"
    r"CHỈ HUY TRƯỞNG|TỔNG BIÊN TẬP|TRƯỞNG ĐÀI|GIÁM ĐỐC SỞ)\b"
)
_LEVEL_NAME = re.compile(r"\b(tỉnh|thành phố|huyện|thị xã|quận|xã|phường)\s+((?:[A-ZĐÀ-Ỹ][^\s,.;:()]*\s?)+)")
_BASIS_START = re.compile(r"^(?:Căn cứ|Thực hiện|Triển khai|Theo|Trên cơ sở)\b\s*", re.IGNORECASE)
_CITATION = re.compile(
    r"(?:^|(?<=[,;]\s)|(?<=\svà\s)|(?<=^\s))"
    r"(?=(?:Luật|Bộ luật|Hiến pháp|Pháp lệnh)\s+[A-ZĐÀ-Ỹ0-9]"
    r"|(?:Nghị quyết|Nghị định|Quyết định|Thông tư(?: liên tịch)?|Chỉ thị|Kết luận|Kế hoạch|Công văn"
    r"|Văn bản|Hướng dẫn|Chương trình|Thông báo|Đề án|Quy chế|Quy định|Công điện)\s+(?:số\s|\d))"
)
_BASIS_TAIL = re.compile(
    r",\s*(?:UBND|HĐND|Ủy ban|Uỷ ban|Sở|Ban|Văn phòng|Bộ|Cục)\b[^;]*?\b(?:xây dựng|ban hành|triển khai"
    r"|thực hiện|hướng dẫn|quyết định)\b.*$|\s*như sau\s*:?\s*$"
)


def is_motto(line: str) -> bool:
    words = line.replace("-", " - ").lower().split()
    return bool(words) and all(w in _MOTTO for w in words)


def is_rule(line: str) -> bool:
    return not any(ch.isalnum() for ch in line)


def doc_type(line: str) -> str | None:
    key = " ".join(line.strip(" .:").split())
    return DOC_TYPES.get(key) if key.isupper() or key in DOC_TYPES else None


def parse_number(lines: list[str]) -> tuple[str | None, str | None]:
    """(number as written or None when blank, symbol such as "KH-UBND")."""
    for line in lines:
        m = NUMBER.search(line)
        if m:
            num, sym = m.group("num"), m.group("sym").rstrip(".")
            if any(ch.isdigit() for ch in num):
                return f"{num}/{sym}", sym
            return None, sym
    return None, None


def parse_date(lines: list[str]) -> tuple[str | None, str | None]:
    """(place, ISO date as far as known)."""
    for line in lines:
        m = DATE.search(line) or DATE_NUMERIC.search(line)
        if not m:
            continue
        place = m.group("place").strip(" -–*_")
        # A number on the same line ("Số: 12/KH-UBND Lạng Sơn, ngày ...") is
        # not part of the place.
        place = re.sub(r"^.*/[\w&.\-]*\s*", "", place).strip() or None
        y, mo, d = m.group("y"), m.group("m"), m.group("d")
        date = y
        if mo and 1 <= int(mo) <= 12:
            date = f"{y}-{int(mo):02d}"
            if d and 1 <= int(d) <= 31:
                date = f"{date}-{int(d):02d}"
        return place, date
    return None, None


def issuer_lines(lines: list[str]) -> str | None:
    """The issuing body as written above the number.

    Header tables break names over lines ("ỦY BAN NHÂN DÂN" / "TỈNH X"),
    so lines are rejoined; a line opening a new body name starts a new
    chunk, and the last chunk is the issuer (the first is its superior,
    e.g. "UBND TỈNH LẠNG SƠN" above "SỞ NGOẠI VỤ").
    """
    chunks: list[list[str]] = []
    for line in lines:
        if NUMBER.search(line):
            before = line[: NUMBER.search(line).start()].strip()  # type: ignore[union-attr]
            if before and not is_motto(before):
                _add_chunk(chunks, before)
            break
        if is_motto(line) or is_rule(line) or DATE.search(line) or not line.isupper():
            continue
        _add_chunk(chunks, line)
    if not chunks:
        return None
    return " ".join(chunks[-1])


def _add_chunk(chunks: list[list[str]], line: str) -> None:
    if not chunks or _ORG_OPENERS.match(line):
        chunks.append([line])
    else:
        chunks[-1].append(line)


def infer_issuer(symbol: str | None, title: str | None, place: str | None, body: str) -> str | None:
    """Issuer for drafts whose header lost the issuer lines.

    Only people's committees and councils are inferred: their symbol part
    ("KH-UBND") names the body type, and the level and locality come from the
    title ("... tỉnh Lạng Sơn ...") or, failing that, the place of the date
    line plus the level the body uses for itself ("UBND tỉnh ...").
    """
    if not symbol:
        return None
    kind = next((p for p in symbol.split("-") if p in ("UBND", "HĐND")), None)
    if kind is None:
        return None
    if title:
        m = _LEVEL_NAME.search(title)
        if m and (place is None or m.group(2).strip() == place):
            return f"{kind} {m.group(1)} {m.group(2).strip()}"
    if place:
        m = re.search(rf"\b{kind}\s+(tỉnh|thành phố|huyện|thị xã|quận|xã|phường)\b", body)
        if m:
            return f"{kind} {m.group(1)} {place}"
    return None


def kind_of(symbol: str | None, title_word: str | None) -> str | None:
    if symbol:
        first = symbol.split("-")[0]
        if first in _TYPE_ABBRS:
            return first
    if title_word:
        return DOC_TYPES.get(title_word)
    return "CV" if symbol else None


def plan_year(title: str | None, date: str | None) -> int | None:
    if title:
        years = re.findall(r"\bnăm\s+(\d{4})\b", title, re.IGNORECASE)
        if years:
            return int(years[-1])
        m = re.search(r"\b(?:giai đoạn|từ năm)\s+(\d{4})", title, re.IGNORECASE)
        if m:
            return int(m.group(1))
        m = re.search(r"\b(19\d\d|20\d\d)\b", title)
        if m:
            return int(m.group(1))
    if date:
        return int(date[:4])
    return None


def legal_basis(paras: list[str]) -> list[str]:
    """Each document cited in the "Căn cứ ..."/"Thực hiện ..." preamble."""
    out: list[str] = []
    for para in paras:
        m = _BASIS_START.match(para)
        if not m:
            continue
        body = _BASIS_TAIL.sub("", para[m.end() :]).strip()
        starts = [c.start() for c in _CITATION.finditer(body)]
        for i, start in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else len(body)
            piece = body[start:end].strip()
            piece = re.sub(r"(?:\s+và|[,;.:])+$", "", piece).strip()
            if piece:
                out.append(piece)
    return out


def recipients_and_signer(lines: list[str]) -> tuple[list[str], Signer | None]:
    raw: list[str] = []
    rest: list[str] = []
    in_list = False
    for line in lines:
        m = re.match(r"^Nơi nhận\s*:?\s*(.*)$", line, re.IGNORECASE)
        if m:
            in_list = True
            if m.group(1):
                raw.append(m.group(1))
            continue
        if in_list and not (_AUTHORITY.match(line) or line.isupper() or _is_name(line) or _is_signed(line)):
            if line.startswith(("-", "+", "•", "–")) or not raw:
                raw.append(line)
            else:
                # A wrapped entry ("- C, PVP UBND tỉnh," / "các Phòng: ...")
                # belongs to the entry above, whatever its first letter.
                raw[-1] = f"{raw[-1]} {line}"
            continue
        in_list = False
        rest.append(line)
    recipients = [e for e in (_strip_entry(r) for r in raw) if e]
    return recipients, _signer(rest)


def _strip_entry(line: str) -> str:
    return re.sub(r"^[-+•–]\s*", "", line).strip().rstrip(" ;,.")


def _is_signed(line: str) -> bool:
    return bool(re.fullmatch(r"[(\[]?\s*(?:đã ký|đã kí|ký|daky|chữ ký)\s*[)\]]?", line, re.IGNORECASE))


def _is_name(line: str) -> bool:
    words = line.split()
    if not 2 <= len(words) <= 6 or line.isupper():
        return False
    return all(w[0].isupper() and w.isalpha() and (len(w) == 1 or not w.isupper()) for w in words)


def _signer(lines: list[str]) -> Signer | None:
    authority: list[str] = []
    title: str | None = None
    name: str | None = None
    for line in lines:
        if _AUTHORITY.match(line) and title is None:
            authority.append(line)
        elif line.isupper() and title is None and (authority or _POSITION.match(line)):
            title = line
        elif _is_name(line) and (authority or title):
            name = line
    if not (authority or title or name):
        return None
    return {"name": name, "title": title, "authority": " ".join(authority) or None}
