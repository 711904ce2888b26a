"""Plan-document parser: .txt/.md/.docx/.pdf to the plan JSON contract.

Pure Python on purpose (no Django) so the CLI, the web upload and the
benchmarks share one implementation; the output shape is
``plan-json-contract.md``. Modules: ``read_text``/``read_docx``/``read_pdf``
(bytes -> paragraphs and tables), ``blocks`` (NFC, continuation joining),
``outline`` (numbered headings), ``attributes`` + ``units`` (attribute lines,
unit mentions), ``timeframe``, ``tables`` (task tables), ``header``
(issuer, number, date, bases, signer, recipients), ``tasks``, ``pipeline``.

Decisions the contract leaves open:

- A task with no time written gets the plan year, labelled "Năm <year>",
  ``inherited`` true; a time inherited from a parent item keeps that item's
  label. A time that cannot be read keeps its words as the label, spans the
  plan year and adds the warning "timeframe not understood".
- ``content`` is the item's body without the unit lines (attribute lines such
  as "Hình thức: ..." stay, as written); an item with no body uses its heading.
- A "Nơi nhận" line that does not start with "-" continues the entry above
  (joined with a space, so "C, PVP UBND tỉnh, các Phòng: ..."), and the
  "Lưu: ..." line is kept as an entry: the contract lists entries, not only
  addressees.
- The issuer is the header text as written (upper case, broken lines joined);
  with a superior body above it ("UBND TỈNH X" / "SỞ Y") the last body wins.
  When the header has no issuer lines, a UBND/HĐND symbol ("KH-UBND") plus
  the level and place from the title ("tỉnh Lạng Sơn") gives "UBND tỉnh
  Lạng Sơn"; failing the title, the place of the date line plus the level the
  body uses for itself ("UBND tỉnh ...") is used. Other symbols give null.
- Stacked signing authorities ("TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH") are
  joined with a space.
- A task-table row's "Sản phẩm" is appended to ``content`` ("Sản phẩm: ...").
- ``resolve`` is called once per distinct mention text per parse; exceptions
  it raises reach the caller unchanged (they are not input errors).
- Top-level warnings: "no numbered sections found", "no tasks found".
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import PlanParseError

__all__ = ["MAX_BYTES", "PlanParseError", "Resolver", "parse_bytes", "parse_file"]

MAX_BYTES = 20 * 1024 * 1024

Resolver = Callable[[str, datetime.date], tuple[str | None, str | None]]


def parse_file(path: str | os.PathLike[str], *, resolve: Resolver | None = None) -> dict[str, Any]:
    from . import errors

    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise PlanParseError(errors.NOT_FOUND.format(path=p.name)) from None
    except OSError:
        raise PlanParseError(errors.UNREADABLE.format(path=p.name)) from None
    if not p.is_file():
        raise PlanParseError(errors.UNREADABLE.format(path=p.name))
    # Check the size before reading so a huge upload never lands in memory.
    if size > MAX_BYTES:
        raise PlanParseError(errors.too_big(size, MAX_BYTES))
    try:
        data = p.read_bytes()
    except OSError:
        raise PlanParseError(errors.UNREADABLE.format(path=p.name)) from None
    return parse_bytes(data, p.name, resolve=resolve)


def parse_bytes(data: bytes, filename: str, *, resolve: Resolver | None = None) -> dict[str, Any]:
    from . import errors
    from .core import parse_unwrapped

    try:
        return parse_unwrapped(data, filename, resolve=resolve, max_bytes=MAX_BYTES)
    except PlanParseError:
        raise
    except RecursionError:
        raise PlanParseError(errors.internal("RecursionError")) from None
    except _ResolverError as exc:
        raise exc.original from None
    except Exception as exc:
        raise PlanParseError(errors.internal(type(exc).__name__)) from exc


class _ResolverError(Exception):
    """Carries an exception raised by the caller's resolver through the wrapper."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(str(original))
        self.original = original
