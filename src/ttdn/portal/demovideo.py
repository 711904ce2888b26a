"""A real, small H.264 MP4 for the demo video page: a title card with moving text, its poster and captions.

The frames are drawn with Pillow and encoded by the static ffmpeg that the ``imageio-ffmpeg`` wheel ships, so
nothing has to be installed on the machine. The result is cached in the data directory: a demo load after the
first one copies bytes instead of encoding again.
"""

import functools
import hashlib
import io
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT, FPS, SECONDS = 640, 360, 12, 4
BACKGROUND = (20, 70, 50)
# The first font found that has Vietnamese and Chinese glyphs; Pillow's own font lacks both.
FONTS = (
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
)

CAPTIONS = {
    "vi": ["Lạng Sơn - Thông tin đối ngoại", "Lễ hội Lồng tồng (video ví dụ)"],
    "en": ["Lạng Sơn - foreign information", "The Lồng tồng festival (example video)"],
    "zh-hans": ["谅山 - 对外信息", "下田节（示例视频）"],
}


@dataclass(frozen=True)
class DemoVideo:
    mp4: bytes
    poster_jpeg: bytes
    captions: dict[str, str]  # language -> WebVTT text


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _frame(index: int, title: str, subtitle: str) -> Image.Image:
    img = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(img)
    draw.rectangle([(0, HEIGHT - 60), (WIDTH, HEIGHT)], fill=(200, 30, 40))
    draw.text((WIDTH // 2, HEIGHT // 2 - 30), title, font=_font(44), fill="white", anchor="mm")
    # The subtitle slides across the red band, so the picture visibly moves from frame to frame.
    x = WIDTH - (index * (WIDTH + 400) // (FPS * SECONDS))
    draw.text((x, HEIGHT - 30), subtitle, font=_font(24), fill="white", anchor="lm")
    return img


def webvtt(lines: list[str]) -> str:
    half = SECONDS / 2
    cues = [(0.0, half, lines[0]), (half, float(SECONDS), lines[1])]
    body = "\n".join(f"00:{a:06.3f} --> 00:{b:06.3f}\n{text}\n" for a, b, text in cues)
    return f"WEBVTT\n\n{body}"


def encode(title: str, subtitle: str) -> bytes:
    """H.264 (yuv420p, which every browser decodes) in an MP4 whose index comes first, so playback starts at once."""
    import imageio_ffmpeg

    command = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-loglevel",
        "error",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-s",
        f"{WIDTH}x{HEIGHT}",
        "-r",
        str(FPS),
        "-i",
        "-",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-pix_fmt",
        "yuv420p",
        "-movflags",
        "+faststart",
    ]
    frames = b"".join(_frame(i, title, subtitle).tobytes() for i in range(FPS * SECONDS))
    # "-movflags +faststart" needs a seekable output: ffmpeg writes to a temporary file, not to a pipe.
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "video.mp4"
        subprocess.run([*command, str(out)], input=frames, check=True, timeout=60)
        return out.read_bytes()


def demo_video(*, title: str = "Lạng Sơn", subtitle: str = "Lễ hội Lồng tồng - 下田节") -> DemoVideo:
    key = hashlib.sha256(f"{title}|{subtitle}|{WIDTH}x{HEIGHT}@{FPS}x{SECONDS}".encode()).hexdigest()[:16]
    cache = Path(settings.DATA_DIR) / "cache" / f"demo-video-{key}.mp4"
    if cache.exists():
        mp4 = cache.read_bytes()
    else:
        mp4 = encode(title, subtitle)
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(mp4)
    poster = io.BytesIO()
    _frame(0, title, subtitle).save(poster, format="JPEG", quality=85)
    return DemoVideo(mp4, poster.getvalue(), {lang: webvtt(lines) for lang, lines in CAPTIONS.items()})
