"""Photo metadata: what an upload tells us (EXIF, IPTC) and what a public copy must not tell anyone.

Pure functions on bytes and Pillow images, no Django. Public renditions lose every EXIF/XMP/IPTC block
(GPS position, camera serial, owner names) without being re-encoded, so no quality is lost twice.
"""

import contextlib
import io
import struct
from datetime import datetime
from typing import Any

from PIL import ExifTags, Image, IptcImagePlugin

_GPS_IFD = 0x8825
_EXIF_IFD = 0x8769
# IPTC IIM (record 2) datasets an agency photo normally carries.
_IPTC = {
    (2, 5): "object_name",
    (2, 25): "keywords",
    (2, 80): "byline",
    (2, 90): "city",
    (2, 92): "sublocation",
    (2, 95): "province",
    (2, 101): "country",
    (2, 110): "credit",
    (2, 116): "copyright",
    (2, 120): "caption",
}


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8").strip("\x00 ").strip()
        except UnicodeDecodeError:
            return value.decode("latin-1").strip("\x00 ").strip()
    return str(value).strip("\x00 ").strip()


def read_metadata(data: bytes) -> dict[str, Any]:
    """EXIF and IPTC fields of an image, as plain JSON-able values (empty dict when there are none)."""
    out: dict[str, Any] = {}
    with Image.open(io.BytesIO(data)) as img:
        exif = img.getexif()
        base = {ExifTags.TAGS.get(k, str(k)): v for k, v in exif.items()}
        detail = {ExifTags.TAGS.get(k, str(k)): v for k, v in exif.get_ifd(_EXIF_IFD).items()}
        for key in ("Make", "Model", "Artist", "Copyright", "ImageDescription"):
            if base.get(key):
                out[key.lower()] = _text(base[key])
        taken = detail.get("DateTimeOriginal") or base.get("DateTime")
        if taken:
            with contextlib.suppress(ValueError):  # cameras write odd dates; keep the rest
                out["taken_at"] = datetime.strptime(_text(taken), "%Y:%m:%d %H:%M:%S").isoformat()
        gps = exif.get_ifd(_GPS_IFD)
        if gps:
            out["gps"] = _gps_degrees(gps)
        iptc = IptcImagePlugin.getiptcinfo(img) if img.format in {"JPEG", "TIFF"} else None
        for key, name in _IPTC.items():
            if iptc and key in iptc:
                value = iptc[key]
                if name == "keywords":
                    values = value if isinstance(value, list) else [value]
                    out[name] = [_text(v) for v in values]
                else:
                    out[name] = _text(value[0] if isinstance(value, list) else value)
    return out


def _gps_degrees(gps: dict) -> dict[str, float] | None:
    try:
        lat = sum(float(v) / 60**i for i, v in enumerate(gps[2]))
        lon = sum(float(v) / 60**i for i, v in enumerate(gps[4]))
    except (KeyError, TypeError, ZeroDivisionError):
        return None
    if gps.get(1) == "S":
        lat = -lat
    if gps.get(3) == "W":
        lon = -lon
    return {"lat": round(lat, 6), "lon": round(lon, 6)}


# JPEG segments that carry metadata: APP1 (EXIF, XMP), APP13 (Photoshop/IPTC), COM (comments).
_JPEG_DROP = {0xE1, 0xED, 0xFE}
# PNG chunks that carry metadata.
_PNG_DROP = {b"eXIf", b"tEXt", b"iTXt", b"zTXt", b"tIME"}


def strip_metadata(data: bytes) -> bytes:
    """The same picture without EXIF/XMP/IPTC/comments. JPEG and PNG are cut, not re-encoded."""
    if data[:2] == b"\xff\xd8":
        return _strip_jpeg(data)
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return _strip_png(data)
    with Image.open(io.BytesIO(data)) as img:
        out = io.BytesIO()
        fmt = img.format or "WEBP"
        img.info.pop("exif", None)
        img.info.pop("xmp", None)
        img.save(out, format=fmt, quality=90)
        return out.getvalue()


def _strip_jpeg(data: bytes) -> bytes:
    out = bytearray(data[:2])
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ValueError("not a well-formed JPEG")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xDA:  # start of scan: the rest is image data
            out += data[pos:]
            return bytes(out)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out += data[pos : pos + 2]
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if marker not in _JPEG_DROP:
            out += data[pos : pos + 2 + length]
        pos += 2 + length
    out += data[pos:]
    return bytes(out)


def _strip_png(data: bytes) -> bytes:
    out = bytearray(data[:8])
    pos = 8
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if kind not in _PNG_DROP:
            out += data[pos:end]
        pos = end
    return bytes(out)


# Uploads are accepted by what the bytes are, not by the name the browser sent.
_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "epub": (b"PK\x03\x04",),
    "mp4": (),
    "vtt": (b"WEBVTT", b"\xef\xbb\xbfWEBVTT"),
}


def sniff_document(head: bytes, extension: str) -> bool:
    """True when the first bytes of a file match what its extension claims."""
    extension = extension.lower().lstrip(".")
    if extension == "mp4":
        return head[4:8] == b"ftyp"
    if extension == "epub":
        return head.startswith(b"PK\x03\x04") and b"mimetypeapplication/epub+zip" in head[:100]
    return any(head.startswith(sig) for sig in _SIGNATURES.get(extension, ()))
