"""Exports of social-listening tools (CSV or JSON) to posts, with a line-by-line validation report. Pure.

Networks that need credentials (Facebook, TikTok, Zalo) are watched with the tools the province already
uses; their exports are imported here. Column names vary by tool and language, so each field accepts the
usual English and Vietnamese headers.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ttdn.core.text import clean, fold

from .dates import parse_machine_date

FIELDS: dict[str, tuple[str, ...]] = {
    "url": ("url", "link", "permalink", "post url", "duong dan", "lien ket"),
    "text": ("text", "content", "message", "post", "noi dung", "bai viet"),
    "author": ("author", "user", "username", "page", "tac gia", "nguoi dang", "trang"),
    "platform": ("platform", "network", "source", "channel", "nen tang", "mang xa hoi"),
    "published": (
        "published",
        "date",
        "time",
        "created",
        "created at",
        "posted at",
        "thoi gian",
        "ngay dang",
    ),
}
REQUIRED = ("url", "text")
MAX_ROWS = 20_000


@dataclass(frozen=True)
class Post:
    line: int
    url: str
    text: str
    author: str = ""
    platform: str = ""
    published: str | None = None


@dataclass
class Report:
    posts: list[Post] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line or item number, message)
    columns: dict[str, str] = field(default_factory=dict)  # our field -> the export's header

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.posts)


def _column_map(headers: list[str]) -> dict[str, str]:
    folded = {" ".join(fold(h).replace("_", " ").replace("-", " ").split()): h for h in headers if h}
    found = {}
    for name, aliases in FIELDS.items():
        for alias in aliases:
            if alias in folded:
                found[name] = folded[alias]
                break
    return found


def _date(raw: str) -> str | bool | None:
    """ISO or a day-first date; False when present but unreadable."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        return datetime.datetime.fromisoformat(raw.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    return parse_machine_date(raw) or False


def _rows(data: bytes, filename: str) -> tuple[list[tuple[int, dict]], str | None]:
    text = data.decode("utf-8-sig")  # Excel writes a BOM
    if filename.lower().endswith(".json"):
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as exc:
            return [], f"not JSON ({exc.msg}, line {exc.lineno})"
        if isinstance(loaded, dict):  # {"data": [...]} or {"posts": [...]}
            loaded = next((v for v in loaded.values() if isinstance(v, list)), None)
        if not isinstance(loaded, list) or not all(isinstance(item, dict) for item in loaded):
            return [], "JSON must be a list of objects"
        return [
            (i, {str(k): "" if v is None else str(v) for k, v in item.items()})
            for i, item in enumerate(loaded, 1)
        ], None
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    return [(reader.line_num, row) for row in reader], None


def parse_export(data: bytes, filename: str) -> Report:
    report = Report()
    try:
        rows, problem = _rows(data, filename)
    except UnicodeDecodeError:
        report.errors.append((0, "not UTF-8 text"))
        return report
    if problem:
        report.errors.append((0, problem))
        return report
    if not rows:
        report.errors.append((0, "no rows"))
        return report
    if len(rows) > MAX_ROWS:
        report.errors.append((0, f"more than {MAX_ROWS} rows; split the export"))
        return report
    headers = sorted({key for _, row in rows for key in row if key})
    report.columns = _column_map(headers)
    missing = [name for name in REQUIRED if name not in report.columns]
    if missing:
        report.errors.append((0, f"missing column(s): {', '.join(missing)} (found: {', '.join(headers)})"))
        return report
    seen: set[str] = set()
    for line, row in rows:

        def get(name: str, row=row) -> str:
            column = report.columns.get(name)
            return (row.get(column) or "").strip() if column else ""

        url, body = get("url"), clean(get("text"))
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            report.errors.append((line, f"bad address {url[:80]!r}"))
            continue
        if not body:
            report.errors.append((line, "empty text"))
            continue
        published = _date(get("published"))
        if published is False:
            report.errors.append((line, f"unreadable date {get('published')[:40]!r}"))
            continue
        if url in seen:
            report.errors.append((line, "same address twice in the file"))
            continue
        seen.add(url)
        report.posts.append(
            Post(line, url, body, clean(get("author")), clean(get("platform")), published or None)
        )
    return report
