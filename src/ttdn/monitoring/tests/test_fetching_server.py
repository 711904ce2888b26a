"""A real local HTTP server playing several outlets, for the fetching and ingestion tests (no tests here)."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).parent / "data"
FEEDS = DATA / "feeds"
SLOW_SECONDS = 1.5


def feed_text(name: str, base: str) -> str:
    return (FEEDS / name).read_text(encoding="utf-8").replace("{base}", base)


def syndicated_copy() -> bytes:
    """The Mẫu Sơn story as another outlet republishes it: its own chrome, a credit line, a new title."""
    html = (DATA / "mau_son_tourism.html").read_text(encoding="utf-8")
    html = html.replace("Báo điện tử Xứ Lạng Ngày Nay", "Tin Biên Giới")
    html = html.replace(
        '<h1 class="detail-title">Mẫu Sơn đón hơn 20.000 lượt khách dịp đầu năm</h1>',
        "<h1>Mẫu Sơn hút khách đầu năm</h1><p><em>Theo Báo Xứ Lạng Ngày Nay</em></p>",
    )
    return html.encode("utf-8")


class PressServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.hits: list[str] = []
        self.user_agents: list[str] = []
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {
            "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
            "/xlns/rss.xml": (200, _xml, feed_text("xlns_rss.xml", self.base).encode()),
            "/tbg/atom.xml": (200, _xml, feed_text("tbg_atom.xml", self.base).encode()),
            "/xlns/mau-son.html": (200, _html, (DATA / "mau_son_tourism.html").read_bytes()),
            "/xlns/dong-dang.html": (200, _html, (FEEDS / "dong_dang.html").read_bytes()),
            "/xlns/lang-giang.html": (200, _html, (DATA / "lang_giang_bac_giang.html").read_bytes()),
            "/xlns/chuyen-muc.html": (200, _html, (DATA / "listing_page.html").read_bytes()),
            "/private/noi-bo.html": (200, _html, (DATA / "tan_thanh_smuggling.html").read_bytes()),
            "/tbg/tan-thanh.html": (200, _html, (DATA / "tan_thanh_smuggling.html").read_bytes()),
            "/tbg/mau-son-hut-khach.html": (200, _html, syndicated_copy()),
            "/yt/feeds/videos.xml": (200, _xml, feed_text("youtube_channel.xml", self.base).encode()),
            "/sm/index.xml": (200, _xml, feed_text("sitemap_index.xml", self.base).encode()),
            "/sm/news-today.xml": (200, _xml, feed_text("news_sitemap.xml", self.base).encode()),
            "/busy/rss.xml": (429, {"Retry-After": "120", "Content-Type": "text/plain"}, b"slow down"),
            "/broken/rss.xml": (200, _xml, b"<rss><channel><item>"),
        }


_xml = {"Content-Type": "application/rss+xml; charset=utf-8"}
_html = {"Content-Type": "text/html; charset=utf-8"}


class Handler(BaseHTTPRequestHandler):
    server: PressServer

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.server.hits.append(self.path)
        self.server.user_agents.append(self.headers.get("User-Agent", ""))
        if path.startswith("/slow/"):
            time.sleep(SLOW_SECONDS)
        status, headers, body = self.server.routes.get(
            path, (404, {"Content-Type": "text/plain"}, b"not found")
        )
        try:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format, *args) -> None:
        pass


def start() -> PressServer:
    server = PressServer()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def serving():
    """Body of each test module's ``press_server`` fixture."""
    server = start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
