"""The image bank: metadata on upload, public renditions without GPS, no original ever served, downloads."""

import io
import re

import pytest
from PIL import Image

from ttdn.portal import selectors
from ttdn.portal.models import ArticlePage, Consent, ImageDownload


def test_upload_reads_iptc_and_exif(photo):
    assert photo.photographer == "Nguyễn Văn Ảnh"
    assert photo.credit == "Báo Lạng Sơn"
    assert photo.caption_vi == "Cửa khẩu Hữu Nghị buổi sáng"
    assert photo.keywords == "cửa khẩu, thương mại"
    assert photo.location == "Đồng Đăng"
    assert photo.camera == "Canon EOS R6"
    assert photo.source_metadata["gps"] == {"lat": 21.845, "lon": 106.757778}


def test_public_rendition_has_no_gps_or_camera_and_original_is_not_served(client, photo, add_page):
    page = add_page(ArticlePage(title="Bài có ảnh", lead_image=photo))
    html = client.get(f"/vi/{page.slug}/").content.decode()
    src = re.search(r'<img src="(/media/images/[^"]+)"', html).group(1)
    response = client.get(src)
    assert response.status_code == 200
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as img:
        exif = img.getexif()
        assert not exif.get_ifd(0x8825)  # no GPS
        assert 0x010F not in exif and 0x0110 not in exif  # no camera make/model
        assert "photoshop" not in img.info
    assert client.get(photo.file.url).status_code == 404
    assert photo.file.url.startswith("/media/original_images/")


def test_confidential_or_unconsented_image_is_neither_shown_nor_downloadable(client, photo, add_page):
    rendition = photo.get_rendition("width-400")
    photo.confidential = True
    photo.save()
    assert client.get(rendition.url).status_code == 404
    assert client.get(f"/en/images/{photo.pk}/download/small/").status_code == 404
    photo.confidential, photo.consent = False, Consent.MISSING
    photo.save()
    page = add_page(ArticlePage(title="Bài ảnh thiếu đồng ý", lead_image=photo))
    assert "/media/images/" not in client.get(f"/vi/{page.slug}/").content.decode()


def test_download_sizes_are_logged_and_never_the_original(client, photo):
    response = client.get(f"/en/images/{photo.pk}/download/small/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as img:
        assert max(img.size) == 800
        assert not img.getexif()
    assert client.get(f"/en/images/{photo.pk}/download/original/").status_code == 404
    log = ImageDownload.objects.get()
    assert (log.image, log.size, log.language) == (photo, "small", "en")


def test_image_search_by_keyword_and_place_ignores_tones(photo):
    assert list(selectors.search_images("thuong mai")) == [photo]
    assert list(selectors.search_images("Dong Dang")) == [photo]
    assert list(selectors.search_images("Hà Nội")) == []
    photo.confidential = True
    photo.save()
    assert list(selectors.search_images("Dong Dang")) == []


@pytest.mark.parametrize(
    ("name", "data", "ok"),
    [("sach.pdf", b"%PDF-1.4\n...", True), ("sach.pdf", b"<script>alert(1)</script>", False)],
)
def test_documents_are_checked_by_content(db, name, data, ok):
    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile

    from ttdn.portal.models import PortalDocument

    document = PortalDocument(title="Sách", file=ContentFile(data, name=name))
    if ok:
        document.full_clean()
    else:
        with pytest.raises(ValidationError):
            document.full_clean()


def test_confidential_document_is_not_served(client, site):
    from django.core.files.base import ContentFile

    from ttdn.portal.models import PortalDocument

    document = PortalDocument.objects.create(
        title="Mật", file=ContentFile(b"%PDF-1.4\n", name="mat.pdf"), confidential=True
    )
    assert client.get(document.url).status_code == 404
    document.confidential = False
    document.save()
    assert client.get(document.url).status_code == 200
