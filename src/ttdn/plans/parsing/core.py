"""Format dispatch; the unwrapped entry point used by tests to surface bugs."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

from . import errors
from .blocks import Block
from .errors import PlanParseError
from .pipeline import Resolver, parse_blocks

TEXT_EXTS = {".txt": False, ".md": True, ".markdown": True}


def read_blocks(data: bytes, filename: str) -> list[Block]:
    ext = PurePath(filename).suffix.lower()
    if ext in TEXT_EXTS:
        if data.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")):
            raise PlanParseError(errors.NOT_TEXT)
        from .read_text import read_text

        return read_text(data, TEXT_EXTS[ext])
    if ext == ".docx":
        from .read_docx import read_docx

        return read_docx(data)
    if ext == ".pdf":
        from .read_pdf import read_pdf

        return read_pdf(data)
    if ext == ".doc":
        raise PlanParseError(errors.LEGACY_DOC)
    raise PlanParseError(errors.unsupported(ext))


def parse_unwrapped(
    data: bytes, filename: str, *, resolve: Resolver | None = None, max_bytes: int = 20 * 1024 * 1024
) -> dict[str, Any]:
    """Like ``parse_bytes`` but lets internal bugs through (property tests)."""
    if len(data) > max_bytes:
        raise PlanParseError(errors.too_big(len(data), max_bytes))
    ext = PurePath(filename).suffix.lower()
    if ext not in TEXT_EXTS and ext not in (".docx", ".pdf", ".doc"):
        raise PlanParseError(errors.unsupported(ext))
    if not data.strip():
        raise PlanParseError(errors.EMPTY)
    blocks = read_blocks(data, filename)
    if not any(getattr(b, "text", "").strip() or getattr(b, "rows", None) for b in blocks):
        raise PlanParseError(errors.EMPTY)
    return parse_blocks(blocks, _guard(resolve))


def _guard(resolve: Resolver | None) -> Resolver | None:
    if resolve is None:
        return None

    def call(text: str, when: dt.date) -> tuple[str | None, str | None]:
        from . import _ResolverError

        try:
            return resolve(text, when)
        except Exception as exc:
            raise _ResolverError(exc) from exc

    return call
