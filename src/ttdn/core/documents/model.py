"""The content of an administrative document, independent of DOCX or PDF."""

import dataclasses
import datetime
from dataclasses import dataclass, field

from .formatting import clean_text


@dataclass
class Heading:
    """A numbered section title; the caller writes the number ("I. MỤC ĐÍCH, YÊU CẦU", "1. …").

    Level 1 and 2 are bold; level 3 and deeper are bold italic, the usual look of "2.1." items.
    """

    level: int
    text: str

    def __post_init__(self) -> None:
        if self.level < 1:
            raise ValueError(f"heading level starts at 1, got {self.level}")


@dataclass
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Bullet:
    """A "- " attribute line such as "- Đơn vị chủ trì: Sở Thông tin và Truyền thông."."""

    text: str


@dataclass
class Table:
    """A bordered table.

    ``columns`` is the first header row ([] for none); the first ``header_rows`` rows of
    ``[columns] + rows`` are bold and repeat on every page. ``widths`` are relative weights,
    scaled to the text width; None means equal columns.
    """

    columns: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None
    header_rows: int = 1

    def __post_init__(self) -> None:
        if self.widths is not None:
            if len(self.widths) != self.column_count:
                raise ValueError(f"{len(self.widths)} widths for {self.column_count} columns")
            if any(w <= 0 for w in self.widths):
                raise ValueError("column widths must be positive")
        if self.header_rows < 0:
            raise ValueError("header_rows cannot be negative")

    @property
    def column_count(self) -> int:
        return max([len(self.columns), *(len(r) for r in self.rows), 1])

    def all_rows(self) -> list[list[str]]:
        """Header and body rows, padded so every row has ``column_count`` cells."""
        n = self.column_count
        rows = ([self.columns] if self.columns else []) + self.rows
        return [list(r) + [""] * (n - len(r)) for r in rows]

    def relative_widths(self) -> list[float]:
        weights = self.widths or [1.0] * self.column_count
        total = sum(weights)
        return [w / total for w in weights]


Block = Heading | Paragraph | Table | Bullet


@dataclass
class Signer:
    """``authority`` is the prefix line ("KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN") or None."""

    authority: str | None
    title: str
    name: str


@dataclass
class AdminDocument:
    superior: str | None
    issuer: str
    number: str | None
    symbol: str
    place: str
    date: datetime.date | None
    year: int  # printed only when ``date`` is None; a known date carries its own year
    kind: str | None
    subject: str
    addressees: list[str] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    signer: Signer = field(default_factory=lambda: Signer(None, "", ""))
    recipients: list[str] = field(default_factory=list)
    # Box 10a, "dấu chỉ độ mật" ("MẬT", "TỐI MẬT", "TUYỆT MẬT"): printed framed under the number, or nothing.
    secrecy: str = ""

    @property
    def is_official_letter(self) -> bool:
        """A công văn has no type name; its subject goes under the number as "V/v …"."""
        return not self.kind


def _clean_opt(text: str | None) -> str | None:
    return None if text is None else clean_text(text)


def _clean_block(block: Block) -> Block:
    match block:
        case Table():
            return dataclasses.replace(
                block,
                columns=[clean_text(c) for c in block.columns],
                rows=[[clean_text(c) for c in row] for row in block.rows],
            )
        case Heading() | Paragraph() | Bullet():
            return dataclasses.replace(block, text=clean_text(block.text))
    raise TypeError(f"not a document block: {block!r}")


def normalized(doc: AdminDocument) -> AdminDocument:
    """A copy with every string NFC and XML-safe.

    Done at render time rather than in ``__post_init__`` so that documents built up by
    mutation (appending to ``body``) are cleaned too.
    """
    return dataclasses.replace(
        doc,
        superior=_clean_opt(doc.superior),
        issuer=clean_text(doc.issuer),
        number=_clean_opt(doc.number),
        symbol=clean_text(doc.symbol),
        place=clean_text(doc.place),
        kind=_clean_opt(doc.kind),
        subject=clean_text(doc.subject),
        addressees=[clean_text(a) for a in doc.addressees],
        body=[_clean_block(b) for b in doc.body],
        signer=Signer(
            authority=_clean_opt(doc.signer.authority),
            title=clean_text(doc.signer.title),
            name=clean_text(doc.signer.name),
        ),
        recipients=[clean_text(r) for r in doc.recipients],
        secrecy=clean_text(doc.secrecy).upper(),
    )
