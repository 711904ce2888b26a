import io
import struct

import pytest
from django.core.files.images import ImageFile
from PIL import Image


def jpeg_with_metadata(*, iptc: dict[tuple[int, int], list[str]] | None = None, gps: bool = True) -> bytes:
    """A JPEG as a camera and a photo agency would deliver it: EXIF (camera, GPS) and an IPTC block."""
    img = Image.new("RGB", (1200, 800), (40, 90, 140))
    exif = img.getexif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "EOS R6"
    exif[0x0132] = "2026:05:01 09:30:00"
    if gps:
        exif[0x8825] = {1: "N", 2: (21.0, 50.0, 42.0), 3: "E", 4: (106.0, 45.0, 28.0)}
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif, quality=80)
    data = out.getvalue()
    if iptc:
        iim = b"".join(
            b"\x1c" + bytes(key) + struct.pack(">H", len(v.encode())) + v.encode()
            for key, values in iptc.items()
            for v in values
        )
        resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim)) + iim
        if len(iim) % 2:
            resource += b"\x00"
        payload = b"Photoshop 3.0\x00" + resource
        app13 = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
        data = data[:2] + app13 + data[2:]
    return data


@pytest.fixture
def photo_bytes() -> bytes:
    return jpeg_with_metadata(
        iptc={
            (2, 80): ["Nguyễn Văn Ảnh"],
            (2, 110): ["Báo Lạng Sơn"],
            (2, 120): ["Cửa khẩu Hữu Nghị buổi sáng"],
            (2, 25): ["cửa khẩu", "thương mại"],
            (2, 90): ["Đồng Đăng"],
        }
    )


@pytest.fixture
def photo(site, photo_bytes):
    from ttdn.portal.models import PortalImage

    return PortalImage.objects.create(
        title="Cửa khẩu Hữu Nghị", file=ImageFile(io.BytesIO(photo_bytes), name="cua-khau.jpg")
    )


@pytest.fixture
def site(db):
    """The three home pages (vi source, en and zh-hans published translations)."""
    from ttdn.portal import demo, services

    home = services.ensure_home()
    services.submit_translations(page=home, user=None)
    staff = demo.demo_staff()
    for language, title in (("en", "Lạng Sơn Portal"), ("zh-hans", "谅山门户")):
        target = services.translate_strings(
            page=home, language=language, strings={home.title: title}, user=None
        )
        demo.review_and_publish(target, staff)
    return home


@pytest.fixture
def add_page(site):
    """Add and publish a Vietnamese page under the home page."""

    def _add(page, parent=None):
        (parent or site).add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return _add


@pytest.fixture
def translate():
    """Submit a page for translation and publish both translations after their language review
    (strings: {language: {vi: translation}})."""
    from ttdn.portal import demo, services

    def _translate(page, strings):
        services.submit_translations(page=page, user=None)
        staff = demo.demo_staff()
        out = {}
        for language, mapping in strings.items():
            target = services.translate_strings(page=page, language=language, strings=mapping, user=None)
            out[language] = demo.review_and_publish(target, staff)
        return out

    return _translate
