"""Checking uploaded files before anything stores or parses them.

:func:`check_upload` refuses files over the size limit, files whose content (sniffed from its first bytes,
never from the name or the browser's Content-Type) is not on the allow-list or does not match the
extension, and files the antivirus finds infected; it returns a safe file name to store under.
:func:`private_file_response` serves a stored file from a view that has checked the user's rights
(uploads live under ``MEDIA_ROOT`` in the data directory, which the web server does not publish).
"""

import hashlib
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from . import antivirus

# content type -> extensions a file of that type may carry
KINDS: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "application/x-ole-storage": (".doc", ".xls"),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/gif": (".gif",),
    "text/plain": (".txt", ".md", ".csv"),
}
DEFAULT_ALLOWED = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "image/jpeg",
    "image/png",
    "text/plain",
)
SNIFF_BYTES = 8192
MAX_NAME = 120


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # sanitised, safe to store under
    content_type: str  # sniffed from the content
    size: int
    sha256: str
    scan: antivirus.ScanResult


def _zip_kind(stream: IO[bytes]) -> str | None:
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return declared if declared in KINDS else "application/zip"
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                if any(n.startswith("xl/") for n in names):
                    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        stream.seek(0)
    return "application/zip"


def sniff(stream: IO[bytes]) -> str | None:
    """The content type told by the bytes themselves, or None when they match nothing known."""
    stream.seek(0)
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/x-ole-storage"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(stream)
    if head and b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of a full sample is still text; anywhere else (or in a
            # file shorter than the sample, read whole) it is not: b"\x80" alone was once taken for text.
            if len(head) < SNIFF_BYTES or exc.reason != "unexpected end of data":
                return None
        return "text/plain"
    return None


def sanitise_name(name: str, *, fallback: str = "tep") -> str:
    """A file name with no directory part, no control or shell-special characters, NFC, at most 120
    characters (the extension kept). Vietnamese letters stay: officers read these names."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"[^\w\s.()\-]", "-", name)
    name = re.sub(r"\s+", " ", name).strip(" .-")
    stem, _dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
    suffix = f".{suffix.lower()}" if suffix else ""
    stem = stem.strip(" .-") or fallback
    return stem[: MAX_NAME - len(suffix)] + suffix


def check_upload(
    upload: IO[bytes],
    *,
    name: str,
    allowed: Iterable[str] = DEFAULT_ALLOWED,
    max_bytes: int | None = None,
) -> CheckedUpload:
    """Raises ValidationError (codes: too_large, empty, type_not_allowed, extension_mismatch, infected,
    not_scanned) or returns what is known about the file."""
    limit = max_bytes if max_bytes is not None else int(getattr(settings, "TTDN_MAX_UPLOAD_BYTES", 20 << 20))
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    if size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB; the limit is %(limit)s MB)."),
            code="too_large",
            params={"size": f"{size / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"},
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    content_type = sniff(upload)
    allowed = tuple(allowed)
    if content_type not in allowed:
        raise ValidationError(
            _("This kind of file is not accepted here."),
            code="type_not_allowed",
            params={"type": content_type},
        )
    safe_name = sanitise_name(name)
    extension = PurePath(safe_name).suffix.lower()
    if extension not in KINDS.get(content_type, ()):
        raise ValidationError(
            _("The file's content does not match its name (%(name)s)."),
            code="extension_mismatch",
            params={"name": safe_name},
        )
    digest = hashlib.sha256()
    while chunk := upload.read(1 << 20):
        digest.update(chunk)
    upload.seek(0)
    scan = antivirus.scan_stream(upload)
    if scan.status == antivirus.Status.INFECTED:
        raise ValidationError(
            _("The antivirus found a threat in this file (%(detail)s); it was not accepted."),
            code="infected",
            params={"detail": scan.detail},
        )
    if scan.status != antivirus.Status.CLEAN and getattr(settings, "TTDN_ANTIVIRUS_REQUIRED", False):
        raise ValidationError(
            _("The file could not be checked for viruses; try again later."), code="not_scanned"
        )
    return CheckedUpload(safe_name, content_type, size, digest.hexdigest(), scan)


def private_file_response(stream: IO[bytes], *, name: str, content_type: str | None = None) -> FileResponse:
    """A download for a view that has already checked the user may see the file."""
    response = FileResponse(
        stream, as_attachment=True, filename=sanitise_name(name), content_type=content_type or None
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
