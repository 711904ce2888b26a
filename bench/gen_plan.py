"""Generate realistic plan documents for benchmarks and parser tests.

``write_docx_plan(path, n_tasks=300)`` writes a provincial TTĐN plan as
.docx with real Word automatic numbering (numbering.xml definitions and
w:numPr on paragraphs, no typed labels), unit attribute lines, a header
table and a signature table. ``PlanDocx`` is the small builder behind it,
also used by the parser tests to craft .docx inputs.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import IO, Any

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

OUTLINE_ABS = 900
BULLET_ABS = 901

_LEVELS = [("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3."), ("lowerLetter", "%4)")]


def _abstract_xml(abs_id: int, levels: list[tuple[str, str]]) -> str:
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abs_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>'
    )


class PlanDocx:
    """A python-docx document with an outline list (I. / 1. / 1.1. / a)) and a dash list."""

    def __init__(self) -> None:
        self.doc: Any = docx.Document()
        numbering = self.doc.part.numbering_part.element
        first_num = numbering.find(qn("w:num"))
        for abs_id, levels in ((OUTLINE_ABS, _LEVELS), (BULLET_ABS, [("bullet", "-")])):
            el = parse_xml(_abstract_xml(abs_id, levels))
            if first_num is not None:
                first_num.addprevious(el)
            else:
                numbering.append(el)
        self._next_num = 900
        self.outline_num = self.new_num(OUTLINE_ABS)
        self.bullet_num = self.new_num(BULLET_ABS)

    def new_num(self, abs_id: int, restart: bool = False) -> int:
        num_id = self._next_num
        self._next_num += 1
        override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
        self.doc.part.numbering_part.element.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abs_id}"/>'
                f"{override}</w:num>"
            )
        )
        return num_id

    def _num(self, paragraph: Any, num_id: int, level: int) -> None:
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
            )
        )

    def heading(self, text: str, level: int, num_id: int | None = None) -> Any:
        """A numbered heading: level 0 "I.", 1 "1.", 2 "1.1.", 3 "a)"."""
        p = self.doc.add_paragraph()
        p.add_run(text).bold = level < 3
        self._num(p, num_id or self.outline_num, level)
        return p

    def bullet(self, text: str) -> Any:
        p = self.doc.add_paragraph(text)
        self._num(p, self.bullet_num, 0)
        return p

    def para(self, text: str, bold: bool = False) -> Any:
        p = self.doc.add_paragraph()
        p.add_run(text).bold = bold
        return p

    def lines_para(self, cell: Any, lines: list[str], first: bool) -> None:
        """Cell text broken over soft line breaks, as scraped headers are."""
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        run = p.add_run(lines[0])
        for line in lines[1:]:
            run.add_break()
            run = p.add_run(line)

    def two_column(self, left: list[list[str]], right: list[list[str]]) -> Any:
        table = self.doc.add_table(rows=1, cols=2)
        for cell, blocks in zip(table.rows[0].cells, (left, right), strict=True):
            for i, block in enumerate(blocks):
                self.lines_para(cell, block, i == 0)
        return table

    def table(self, header: list[str], rows: list[list[str] | str]) -> Any:
        """A grid; a plain string row becomes one merged group row."""
        table = self.doc.add_table(rows=1, cols=len(header))
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
        for row in rows:
            cells = table.add_row().cells
            if isinstance(row, str):
                merged = cells[0].merge(cells[-1])
                merged.text = row
            else:
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
        return table

    def save(self, target: str | Path | IO[bytes]) -> None:
        self.doc.save(target if hasattr(target, "write") else str(target))


_LEADS = [
    "Sở Thông tin và Truyền thông",
    "Sở Ngoại vụ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Công Thương",
    "Sở Kế hoạch và Đầu tư",
    "Văn phòng UBND tỉnh",
    "Công an tỉnh",
    "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
    "Đài Phát thanh và Truyền hình tỉnh",
    "Báo Lạng Sơn",
    "Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn",
]
_COORD = [
    "các sở, ban, ngành",
    "UBND các huyện, thành phố",
    "các cơ quan báo chí",
    "các cơ quan, đơn vị, địa phương có liên quan",
    "Sở Ngoại vụ",
    "Sở Tài chính",
]
_TOPICS = [
    "quảng bá hình ảnh địa phương trên mạng xã hội",
    "thông tin về kinh tế cửa khẩu",
    "tuyên truyền về biên giới",
    "giới thiệu văn hóa các dân tộc",
    "xúc tiến du lịch với đối tác nước ngoài",
    "cung cấp thông tin cho báo chí",
    "biên soạn ấn phẩm song ngữ Việt - Trung",
    "tập huấn kỹ năng phát ngôn",
    "hợp tác truyền thông quốc tế",
]
_TIMES = [
    "Quý I/2026",
    "Quý II/2026",
    "Quý III, IV/2026",
    "Tháng 9/2026",
    "Thường xuyên",
    "6 tháng cuối năm 2026",
    "Trước ngày 15/12/2026",
    "Cả năm",
]


def build_plan(n_tasks: int = 300, seed: int = 7) -> PlanDocx:
    rnd = random.Random(seed)
    b = PlanDocx()
    b.two_column(
        [["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN"], ["Số: 15/KH-UBND"]],
        [
            ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA", "VIỆT NAM"],
            ["Độc lập - Tự do - Hạnh phúc"],
            ["Lạng Sơn, ngày 20 tháng 01 năm 2026"],
        ],
    )
    b.para("KẾ HOẠCH", bold=True)
    b.para("Hoạt động thông tin đối ngoại trên địa bàn tỉnh Lạng Sơn năm 2026", bold=True)
    b.para(
        "Căn cứ Nghị định số 72/2015/NĐ-CP ngày 07/7/2015 của Chính phủ về quản lý hoạt động thông tin đối ngoại;"
    )
    b.para("UBND tỉnh ban hành Kế hoạch hoạt động thông tin đối ngoại năm 2026 như sau:")
    b.heading("MỤC ĐÍCH, YÊU CẦU", 0)
    b.heading("Nâng cao hiệu quả công tác thông tin đối ngoại của tỉnh.", 1)
    b.heading("NHIỆM VỤ CỤ THỂ", 0)
    done = 0
    group = 0
    while done < n_tasks:
        group += 1
        b.heading(f"Nhóm nhiệm vụ {group}: {rnd.choice(_TOPICS)}", 1)
        for _ in range(min(6, n_tasks - done)):
            done += 1
            topic = rnd.choice(_TOPICS)
            b.heading(f"Nhiệm vụ {done}: triển khai hoạt động {topic}.", 3)
            b.bullet(f"Nội dung: tổ chức các hoạt động {topic}, cập nhật thông tin kịp thời, chính xác.")
            b.bullet(f"Thời gian thực hiện: {rnd.choice(_TIMES)}.")
            b.bullet(f"Đơn vị chủ trì: {rnd.choice(_LEADS)}.")
            coords = rnd.sample(_COORD, 2)
            b.bullet(f"Đơn vị phối hợp: {coords[0]}; {coords[1]}.")
    b.heading("KINH PHÍ THỰC HIỆN", 0)
    b.para("Kinh phí thực hiện từ nguồn ngân sách nhà nước được giao hằng năm.")
    b.heading("TỔ CHỨC THỰC HIỆN", 0)
    b.heading("Sở Thông tin và Truyền thông là cơ quan thường trực, theo dõi, đôn đốc thực hiện Kế hoạch.", 1)
    b.heading("Các sở, ban, ngành; UBND các huyện, thành phố căn cứ Kế hoạch tổ chức thực hiện./.", 1)
    b.two_column(
        [["Nơi nhận:"], ["- Bộ Ngoại giao;"], ["- Thường trực Tỉnh ủy;"], ["- Lưu: VT, KGVX."]],
        [["TM. ỦY BAN NHÂN DÂN"], ["CHỦ TỊCH"], ["Hoàng Văn Minh"]],
    )
    return b


def write_docx_plan(path: str | Path, n_tasks: int = 300) -> Path:
    """Write a generated plan with ``n_tasks`` tasks; returns the path."""
    out = Path(path)
    build_plan(n_tasks).save(out)
    return out


if __name__ == "__main__":
    import sys

    target = write_docx_plan(sys.argv[1] if len(sys.argv) > 1 else "generated-plan.docx")
    print(target)
