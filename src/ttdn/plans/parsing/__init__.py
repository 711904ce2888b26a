"""Plan-document parser: .txt/.md/.docx/.pdf to the plan JSON contract.

Pure Python on purpose (no Django) so the CLI, the web upload and the
benchmarks share one implementation. See
``/work/shared/reference/plan-json-contract.md`` for the output shape.
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
