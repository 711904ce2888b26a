"""Keep-alive fetching against a real local HTTP/1.1 server: reuse, redirects, dropped connections, limits."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ttdn.monitoring.fetching import PoliteFetcher
from ttdn.monitoring.fetching import fetcher as fetcher_module

from .test_fetching_server import serving


class Outlet(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), OutletHandler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.connections = 0
        self.paths: list[str] = []
        self.drop_after_each = False  # close every connection after answering, without saying so

    def process_request(self, request, client_address) -> None:
        self.connections += 1
        super().process_request(request, client_address)


class OutletHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Outlet

    def do_GET(self) -> None:
        self.server.paths.append(self.path)
        status, headers, body = 200, {"Content-Type": "text/html; charset=utf-8"}, b""
        if self.path == "/robots.txt":
            body = b"User-agent: *\nAllow: /\n"
        elif self.path.startswith("/bai/"):
            body = f"<html><body><p>Bài {self.path}</p></body></html>".encode()
        elif self.path == "/cu.html":
            status, headers = 301, {"Location": "/bai/moi.html"}
        elif self.path == "/vong.html":
            status, headers = 302, {"Location": "/vong.html"}
        elif self.path == "/ftp.html":
            status, headers = 302, {"Location": "ftp://example.org/x"}
        elif self.path == "/lon.html":
            body = b"x" * 2000
        else:
            status, body = 404, b"not found"
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        if self.server.drop_after_each:
            self.close_connection = True

    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def outlet():
    server = Outlet()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def press_server():
    yield from serving()


def test_one_connection_carries_an_outlets_pages(outlet):
    with PoliteFetcher(timeout=2, min_delay=0) as fetcher:
        pages = [fetcher.get(f"{outlet.base}/bai/{i}.html") for i in range(5)]
    assert all(page.ok for page in pages)
    assert pages[3].body == b"<html><body><p>B\xc3\xa0i /bai/3.html</p></body></html>"
    assert outlet.paths == ["/robots.txt"] + [f"/bai/{i}.html" for i in range(5)]
    assert outlet.connections == 1


def test_a_connection_the_outlet_dropped_is_replaced_and_the_page_still_read(outlet):
    outlet.drop_after_each = True
    with PoliteFetcher(timeout=2, min_delay=0) as fetcher:
        pages = [fetcher.get(f"{outlet.base}/bai/{i}.html") for i in range(3)]
    assert all(page.ok for page in pages)
    assert outlet.paths == ["/robots.txt", "/bai/0.html", "/bai/1.html", "/bai/2.html"]  # each asked once
    assert outlet.connections == 4


def test_redirects_followed_to_the_final_address(outlet):
    with PoliteFetcher(timeout=2, min_delay=0) as fetcher:
        moved = fetcher.get(f"{outlet.base}/cu.html")
        loop = fetcher.get(f"{outlet.base}/vong.html")
        ftp = fetcher.get(f"{outlet.base}/ftp.html")
    assert moved.ok and moved.final_url == f"{outlet.base}/bai/moi.html" and b"/bai/moi.html" in moved.body
    assert moved.url == f"{outlet.base}/cu.html"
    assert not loop.ok and loop.error == "too many redirects"
    assert outlet.paths.count("/vong.html") == fetcher_module.MAX_REDIRECTS + 1
    assert not ftp.ok and ftp.error == "redirected to an unsupported address"
    assert outlet.connections == 1  # redirect bodies are read, so the connection stays usable


def test_errors_and_oversized_pages_are_results(outlet, monkeypatch):
    monkeypatch.setattr(fetcher_module, "MAX_BYTES", 1000)
    with PoliteFetcher(timeout=2, min_delay=0) as fetcher:
        big = fetcher.get(f"{outlet.base}/lon.html")
        missing = fetcher.get(f"{outlet.base}/khong-co.html")
        after = fetcher.get(f"{outlet.base}/bai/1.html")
    assert big.error == "too large" and not big.body
    assert missing.status == 404 and missing.error == "HTTP 404"
    assert after.ok


def test_close_shuts_the_idle_connections(outlet):
    fetcher = PoliteFetcher(timeout=2, min_delay=0)
    assert fetcher.get(f"{outlet.base}/bai/1.html").ok
    fetcher.close()
    assert fetcher.get(f"{outlet.base}/bai/2.html").ok
    fetcher.close()
    assert outlet.connections == 2


def test_a_configured_proxy_is_used(press_server, monkeypatch):
    monkeypatch.setenv("http_proxy", press_server.base)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    result = PoliteFetcher(timeout=2, min_delay=0).get("http://toa-soan.invalid/bai/1.html")
    # The proxy (the press server) was asked for the absolute address, and answered 404 for it.
    assert "http://toa-soan.invalid/bai/1.html" in press_server.hits
    assert result.status == 404
