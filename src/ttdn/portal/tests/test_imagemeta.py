"""Metadata reading and stripping, on bytes only (no database)."""

import io

from PIL import Image

from ttdn.portal import imagemeta
from ttdn.portal.tests.conftest import jpeg_with_metadata


def test_reads_exif_and_iptc():
    data = jpeg_with_metadata(
        iptc={(2, 80): ["Nguyễn Văn Ảnh"], (2, 25): ["cửa khẩu", "chợ"], (2, 90): ["Đồng Đăng"]}
    )
    meta = imagemeta.read_metadata(data)
    assert meta["make"] == "Canon" and meta["model"] == "EOS R6"
    assert meta["byline"] == "Nguyễn Văn Ảnh"
    assert meta["keywords"] == ["cửa khẩu", "chợ"]
    assert meta["city"] == "Đồng Đăng"
    assert meta["gps"] == {"lat": 21.845, "lon": 106.757778}


def test_strip_removes_exif_gps_and_iptc_without_reencoding():
    data = jpeg_with_metadata(iptc={(2, 80): ["Nguyễn Văn Ảnh"]})
    stripped = imagemeta.strip_metadata(data)
    with Image.open(io.BytesIO(stripped)) as img:
        assert not img.getexif()
        assert "photoshop" not in img.info
        assert img.size == (1200, 800)
    assert imagemeta.read_metadata(stripped) == {}
    # Only the metadata segments went: the compressed image data is byte-identical.
    assert data.endswith(stripped[stripped.index(b"\xff\xda") :])


def test_strip_png_text_and_exif():
    img = Image.new("RGB", (10, 10))
    exif = img.getexif()
    exif[0x010F] = "Canon"
    out = io.BytesIO()
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "someone")
    img.save(out, format="PNG", exif=exif, pnginfo=info)
    stripped = imagemeta.strip_metadata(out.getvalue())
    with Image.open(io.BytesIO(stripped)) as back:
        assert not back.getexif() and "Author" not in back.info


def test_sniff_document():
    assert imagemeta.sniff_document(b"%PDF-1.7\n", ".pdf")
    assert not imagemeta.sniff_document(b"<html>", ".pdf")
    assert imagemeta.sniff_document(b"\x00\x00\x00\x18ftypmp42", ".mp4")
    assert not imagemeta.sniff_document(b"MZ\x90\x00", ".mp4")
    assert imagemeta.sniff_document(b"WEBVTT\n\n", ".vtt")
