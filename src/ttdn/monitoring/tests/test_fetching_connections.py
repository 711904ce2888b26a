"""Keep-alive fetching against a real local HTTP/1.1 server: reuse, redirects, dropped connections, limits."""

import threading
import time
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


class RawOutlet:
    """A socket server answering with exact bytes, for what http.server cannot send: an informational
    answer before the real one, a raw UTF-8 header, idle connections closed without a word."""

    def __init__(self, answers, *, idle_close: float | None = None) -> None:
        import socket

        self.answers = answers  # path -> bytes, or a callable(connection) that answers itself
        self.idle_close = idle_close
        self.connections = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.base = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _address = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection) -> None:
        connection.settimeout(self.idle_close)
        buffer = b""
        with connection:
            while True:
                try:
                    chunk = connection.recv(65536)
                except OSError:  # idle too long: closed without answering, as outlets do
                    return
                if not chunk:
                    return
                buffer += chunk
                while b"\r\n\r\n" in buffer:
                    head, buffer = buffer.split(b"\r\n\r\n", 1)
                    path = head.split(b" ")[1].decode()
                    answer = self.answers.get(path, _raw(b"404", b"not found"))
                    connection.sendall(answer(connection) if callable(answer) else answer)

    def close(self) -> None:
        self.listener.close()


def _raw(status: bytes, body: bytes, headers: bytes = b"") -> bytes:
    return b"HTTP/1.1 " + status + b" X\r\n" + headers + b"Content-Length: %d\r\n\r\n" % len(body) + body


def test_an_informational_answer_does_not_hand_its_page_to_the_next_request():
    def early_hints(connection) -> bytes:
        connection.sendall(b"HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n")
        return _raw(b"200", b"HINTS-PAGE")

    outlet = RawOutlet({"/hints": early_hints, "/other": _raw(b"200", b"OTHER-PAGE")})
    try:
        with PoliteFetcher(timeout=2, min_delay=0) as fetcher:
            hints = fetcher.get(f"{outlet.base}/hints")
            other = fetcher.get(f"{outlet.base}/other")
    finally:
        outlet.close()
    assert hints.error == "HTTP 103"  # as urllib: an answer it cannot use
    assert other.ok and other.body == b"OTHER-PAGE"


def test_redirect_targets_with_spaces_or_raw_utf8_are_encoded_as_urllib_did():
    outlet = RawOutlet(
        {
            "/cach.html": _raw(b"301", b"", b"Location: /tin moi.html\r\n"),
            "/dau.html": _raw(b"301", b"", "Location: /tin-tức.html\r\n".encode()),
            "/tin%20moi.html": _raw(b"200", b"SPACE"),
            "/tin-t%E1%BB%A9c.html": _raw(b"200", b"UTF8"),
            "/lang%20son/t%E1%BB%A9c.html": _raw(b"200", b"FEED"),
        }
    )
    try:
        with PoliteFetcher(timeout=2, min_delay=0) as fetcher:
            space = fetcher.get(f"{outlet.base}/cach.html")
            utf8 = fetcher.get(f"{outlet.base}/dau.html")
            feed_link = fetcher.get(f"{outlet.base}/lang son/tức.html")  # as some feeds write links
    finally:
        outlet.close()
    assert space.body == b"SPACE" and space.final_url == f"{outlet.base}/tin%20moi.html"
    assert utf8.body == b"UTF8" and feed_link.body == b"FEED"


def test_idle_connections_the_outlet_closed_are_all_replaced_at_once():
    outlet = RawOutlet({"/robots.txt": _raw(b"404", b"")} | {f"/p{i}": _raw(b"200", b"P") for i in range(4)},
                       idle_close=0.3)  # fmt: skip
    try:
        with PoliteFetcher(timeout=2, min_delay=0) as fetcher:
            # Two connections left idle (two threads at once), both closed by the outlet meanwhile.
            barrier = threading.Barrier(2)

            def fetch(path: str) -> None:
                barrier.wait()
                assert fetcher.get(f"{outlet.base}{path}").ok

            threads = [threading.Thread(target=fetch, args=(f"/p{i}",)) for i in range(2)]
            [thread.start() for thread in threads]
            [thread.join() for thread in threads]
            time.sleep(0.6)
            after = fetcher.get(f"{outlet.base}/p3")
    finally:
        outlet.close()
    assert after.ok and after.body == b"P"
