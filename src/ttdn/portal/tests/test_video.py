"""The demo's generated MP4: served with its type and byte ranges, played by chromium with its captions."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from ttdn.portal import demo
from ttdn.portal.models import PortalDocument, TopicPage, VideoPage


@pytest.fixture
def video_page(site, add_page):
    topic = add_page(TopicPage(title="Văn hóa", topic="culture"))
    return demo._video_page(topic, None)


def test_demo_video_is_mp4_served_with_ranges_and_captions_per_language(client, video_page):
    mp4 = video_page.video
    with mp4.file.open("rb") as stream:
        assert stream.read(12)[4:8] == b"ftyp"
    whole = client.get(mp4.url)
    assert whole.status_code == 200 and whole["Content-Type"] == "video/mp4"
    assert whole["Accept-Ranges"] == "bytes"
    size = int(whole["Content-Length"])
    assert size == mp4.file.size > 10_000
    part = client.get(mp4.url, headers={"range": "bytes=100-199"})
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 100-199/{size}"
    assert b"".join(part.streaming_content) == b"".join(whole.streaming_content)[100:200]
    tail = client.get(mp4.url, headers={"range": "bytes=-10"})
    assert tail["Content-Range"] == f"bytes {size - 10}-{size - 1}/{size}"
    assert client.get(mp4.url, headers={"range": f"bytes={size}-"}).status_code == 416
    vtt = client.get(video_page.captions.url)
    assert vtt["Content-Type"] == "text/vtt; charset=utf-8"
    assert b"".join(vtt.streaming_content).startswith(b"WEBVTT")
    mp4.confidential = True
    mp4.save()
    assert client.get(mp4.url).status_code == 404

    from wagtail.models import Locale

    zh = video_page.get_translation(Locale.objects.get(language_code="zh-hans")).specific
    assert zh.live and zh.video_id == video_page.video_id  # the translation carries its own captions
    with zh.captions.file.open("rb") as stream:
        assert stream.read().decode().count("下田节") == 1


def test_video_page_accepts_only_mp4_and_webvtt(video_page):
    pdf = PortalDocument.objects.create(title="Sai", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="sai.pdf"))
    fake = PortalDocument.objects.create(title="Giả", file=ContentFile(b"MZ\x90\x00" * 8, name="gia.mp4"))
    for video, captions in ((pdf, None), (fake, None), (video_page.video, pdf)):
        page = VideoPage(title="Thử", video=video, captions=captions)
        with pytest.raises(ValidationError):
            page.clean()
    VideoPage(title="Thử", video=video_page.video, captions=video_page.captions).clean()


@pytest.mark.browser
def test_chromium_plays_the_demo_video_with_captions_and_seeks(
    page, live_server, transactional_db, video_page
):
    from wagtail.models import Locale

    en = video_page.get_translation(Locale.objects.get(language_code="en"))
    page.goto(live_server.url + en.url)
    # Each wait is bounded by Playwright's timeout: a media element that cannot play fires no event to await.
    page.evaluate(
        "() => { const v = document.querySelector('video'); document.querySelector('track').track.mode = 'showing';"
        " v.preload = 'auto'; v.load(); }"
    )
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")
    page.wait_for_function("() => document.querySelector('track').readyState >= 2")  # 2 loaded, 3 error
    page.evaluate("() => { document.querySelector('video').currentTime = 3; }")
    page.wait_for_function(
        "() => { const v = document.querySelector('video'); return !v.seeking && v.currentTime === 3; }"
    )
    state = page.evaluate(
        """() => { const video = document.querySelector('video'), track = document.querySelector('track');
        return {readyState: video.readyState, duration: video.duration, width: video.videoWidth,
                trackState: track.readyState, cues: Array.from(track.track.cues).map(c => c.text),
                lang: track.srclang}; }"""
    )
    assert state["readyState"] >= 1 and state["duration"] > 3 and state["width"] == 640
    assert state["trackState"] == 2
    assert state["cues"] == ["Lạng Sơn - foreign information", "The Lồng tồng festival (example video)"]
    assert state["lang"] == "en"
