"""Keep-alive HTTP connections for the fetcher, per origin.

An outlet's pages are read one after another from the same host. urllib opens (and for HTTPS,
handshakes) a new connection for every page; reusing one, as browsers and crawlers do, saves that cost on
both ends. A connection is used by one thread at a time: it is taken from the idle list and given back
only once its response has been read to the end.
"""

from __future__ import annotations

import http.client
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

# Outlets close idle connections after some seconds (nginx: 75, Apache: 5). One idle longer than this is
# closed here; within it, a connection the outlet has dropped costs one failed send and a fresh connection
# (see ``get``). Longer than the usual per-host delay (5 s), or no page would ever reuse one.
IDLE_SECONDS = 60.0

# The peer closed a reused connection before answering: the request never reached a handler, and a GET
# may be sent again on a fresh connection.
_STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, ConnectionAbortedError)


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # names lower-cased
    body: bytes  # at most ``limit + 1`` bytes: longer means the body was cut


class Connections:
    def __init__(
        self, *, timeout: float, max_idle_per_origin: int = 4, idle_seconds: float = IDLE_SECONDS
    ) -> None:
        self.timeout = timeout
        self.max_idle_per_origin = max_idle_per_origin
        self.idle_seconds = idle_seconds
        self._idle: dict[tuple[str, str], list[tuple[http.client.HTTPConnection, float]]] = {}
        self._lock = threading.Lock()
        self._ssl: ssl.SSLContext | None = None

    def _take(
        self, scheme: str, netloc: str, *, fresh: bool = False
    ) -> tuple[http.client.HTTPConnection, bool]:
        now = time.monotonic()
        stale: list[http.client.HTTPConnection] = []
        found: http.client.HTTPConnection | None = None
        with self._lock:
            idle = self._idle.get((scheme, netloc), [])
            if fresh:  # the outlet dropped one idle connection: the others have waited as long
                stale += [connection for connection, _since in idle]
                idle.clear()
            while idle:
                connection, since = idle.pop()
                if now - since <= self.idle_seconds:
                    found = connection
                    break
                stale.append(connection)
        for connection in stale:
            connection.close()
        if found is not None:
            return found, True
        if scheme == "https":
            if self._ssl is None:
                self._ssl = ssl.create_default_context()
            return http.client.HTTPSConnection(netloc, timeout=self.timeout, context=self._ssl), False
        return http.client.HTTPConnection(netloc, timeout=self.timeout), False

    def _give(self, scheme: str, netloc: str, connection: http.client.HTTPConnection) -> None:
        with self._lock:
            idle = self._idle.setdefault((scheme, netloc), [])
            if len(idle) < self.max_idle_per_origin:
                idle.append((connection, time.monotonic()))
                return
        connection.close()

    def get(self, url: str, *, headers: dict[str, str], limit: int) -> Response:
        """One GET, no redirects followed. Raises OSError (timeouts included), ValueError (a malformed
        address) or http.client.HTTPException, as http.client does."""
        parts = urlsplit(url)
        scheme, netloc = parts.scheme.lower(), parts.netloc
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        for attempt in range(2):
            connection, reused = self._take(scheme, netloc, fresh=attempt > 0)
            try:
                connection.request("GET", target, headers=headers)
                response = connection.getresponse()
            except _STALE:
                connection.close()
                if reused and attempt == 0:
                    continue
                raise
            except BaseException:
                connection.close()
                raise
            try:
                body = response.read(limit + 1)
            except BaseException:
                connection.close()
                raise
            result = Response(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
            # Read to its end and not marked to close: the connection can carry the next request. Not
            # after an informational answer (103 Early Hints): http.client takes it for the response,
            # and the real one would still be waiting on the socket for the next request to read.
            if response.status >= 200 and response.isclosed() and not response.will_close:
                self._give(scheme, netloc, connection)
            else:
                connection.close()
            return result
        raise AssertionError("unreachable: the second attempt returns or raises")

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, {}
        for connections in idle.values():
            for connection, _since in connections:
                connection.close()
