"""A polite HTTP fetcher: robots.txt, a minimum delay per host, back-off, bounded connections.

Every outcome is a :class:`FetchResult`; network trouble never raises.
"""

from __future__ import annotations

import contextlib
import email.utils
import http.client
import string
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from .connections import Connections

USER_AGENT = "ttdn-monitor/1.0 (+contact)"
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 10  # as urllib
_REDIRECTS = {301, 302, 303, 307, 308}


@dataclass
class FetchResult:
    url: str
    status: int = 0
    body: bytes = b""
    content_type: str = ""
    final_url: str = ""
    error: str = ""  # "" when the fetch succeeded
    retry_after: float | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.error and 200 <= self.status < 300

    def text(self) -> str:
        """The body decoded with the declared charset; raises UnicodeDecodeError on a bad encoding."""
        charset = "utf-8"
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip('"').strip()
        return self.body.decode(charset)


def _retry_after(value: str | None, now: float) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - now)


def host_of(url: str) -> str:
    """What politeness counts per: scheme and host (with its port), lower-cased."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _quoted(url: str, encoding: str = "utf-8") -> str:
    """The address as a browser sends it: an internationalised host name in IDNA, and spaces, controls and
    non-ASCII letters of the path and query percent-encoded; what is already encoded stays as it is. A
    redirect target comes from a header that http.client decoded as ISO-8859-1, so its bytes are
    re-encoded that way (as urllib does), giving back the outlet's UTF-8."""
    if url.isascii() and " " not in url:
        return url
    parts = urlsplit(url)
    netloc = parts.netloc
    if not netloc.isascii() and parts.hostname:
        with contextlib.suppress(UnicodeError):  # not a valid name: the connection fails and says so
            netloc = netloc.lower().replace(parts.hostname, parts.hostname.encode("idna").decode("ascii"))
    path, query = (
        quote(part, encoding=encoding, safe=string.punctuation) for part in (parts.path, parts.query)
    )
    return urlunsplit((parts.scheme, netloc, path, query, ""))


class PoliteFetcher:
    def __init__(
        self,
        *,
        timeout: float = 15.0,
        min_delay: float = 5.0,
        max_connections: int = 4,
        user_agent: str = USER_AGENT,
        max_backoff: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.timeout = timeout
        self.min_delay = min_delay
        self.user_agent = user_agent
        self.max_backoff = max_backoff
        self._clock = clock
        self._sleep = sleep
        self._slots = threading.BoundedSemaphore(max_connections)
        self._lock = threading.Lock()
        self._robots_lock = threading.Lock()  # pages are fetched from several threads
        self._next_at: dict[str, float] = {}  # host -> earliest next request (clock time)
        self._blocked_until: dict[str, float] = {}  # host -> back-off end after 429/5xx
        self._failures: dict[str, int] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self.requests: list[str] = []  # every URL actually requested, robots.txt included
        self._connections = Connections(timeout=timeout, max_idle_per_origin=max_connections)
        self._proxies = urllib.request.getproxies()

    # --- politeness ---------------------------------------------------------------------------

    def _wait_turn(self, host: str, delay: float) -> None:
        with self._lock:
            now = self._clock()
            start = max(now, self._next_at.get(host, now))
            self._next_at[host] = start + delay
        if start > now:
            self._sleep(start - now)

    def _raw_get(self, url: str, delay: float) -> FetchResult:
        host = host_of(url)
        self._wait_turn(host, delay)
        self.requests.append(url)
        with self._slots:
            try:
                if self._proxied(url):
                    return self._urllib_get(url)
                return self._keep_alive_get(url)
            except TimeoutError:
                return FetchResult(url, error=f"timeout after {self.timeout:g} s")
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, TimeoutError):
                    return FetchResult(url, error=f"timeout after {self.timeout:g} s")
                return FetchResult(url, error=f"connection failed ({exc.reason})")
            except (OSError, ValueError, http.client.HTTPException) as exc:
                return FetchResult(url, error=f"connection failed ({exc or type(exc).__name__})")

    def _proxied(self, url: str) -> bool:
        """A proxy set in the environment (http_proxy, https_proxy, no_proxy) is honoured through urllib."""
        parts = urlsplit(url)
        return parts.scheme in self._proxies and not urllib.request.proxy_bypass(parts.hostname or "")

    def _keep_alive_get(self, url: str) -> FetchResult:
        headers = {"User-Agent": self.user_agent, "Accept": "*/*"}
        current = _quoted(url)
        for _hop in range(MAX_REDIRECTS + 1):
            response = self._connections.get(current, headers=headers, limit=MAX_BYTES)
            location = response.headers.get("location")
            if response.status not in _REDIRECTS or not location:
                break
            current = _quoted(urljoin(current, location.strip()), "iso-8859-1")
            if urlsplit(current).scheme not in ("http", "https"):
                return FetchResult(url, response.status, error="redirected to an unsupported address")
            if self._proxied(current):  # e.g. http → https with only https_proxy set
                redirected = self._urllib_get(current)
                redirected.url = url
                return redirected
        else:
            return FetchResult(url, response.status, error="too many redirects")
        status, headers_in = response.status, response.headers
        if not 200 <= status < 300:
            return FetchResult(
                url,
                status,
                error=f"HTTP {status}",
                retry_after=_retry_after(headers_in.get("retry-after"), time.time()),
                headers=headers_in,
            )
        if len(response.body) > MAX_BYTES:
            return FetchResult(url, status, error="too large", headers=headers_in)
        return FetchResult(
            url, status, response.body, headers_in.get("content-type", ""), current, headers=headers_in
        )

    def _urllib_get(self, url: str) -> FetchResult:
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "*/*"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(MAX_BYTES + 1)
                headers = {k.lower(): v for k, v in response.headers.items()}
                if len(body) > MAX_BYTES:
                    return FetchResult(url, response.status, error="too large", headers=headers)
                return FetchResult(
                    url,
                    response.status,
                    body,
                    headers.get("content-type", ""),
                    response.geturl(),
                    headers=headers,
                )
        except urllib.error.HTTPError as exc:
            headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
            return FetchResult(
                url,
                exc.code,
                error=f"HTTP {exc.code}",
                retry_after=_retry_after(headers.get("retry-after"), time.time()),
                headers=headers,
            )

    def close(self) -> None:
        """Close the idle keep-alive connections (a poll's fetcher is done with its outlets)."""
        self._connections.close()

    def __enter__(self) -> PoliteFetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        host = host_of(url)
        with self._robots_lock:
            return self._robots_locked(host)

    def _robots_locked(self, host: str) -> urllib.robotparser.RobotFileParser | None:
        if host not in self._robots:
            result = self._raw_get(f"{host}/robots.txt", 0.0)
            parser: urllib.robotparser.RobotFileParser | None = None
            if result.ok:
                parser = urllib.robotparser.RobotFileParser()
                parser.parse(result.body.decode("utf-8", "replace").splitlines())
            elif result.status in (401, 403):
                parser = urllib.robotparser.RobotFileParser()
                parser.disallow_all = True
            # 404 / network trouble: no rules, everything allowed (the usual reading of the standard).
            self._robots[host] = parser
        return self._robots[host]

    def allowed(self, url: str) -> bool:
        robots = self._robots_for(url)
        return robots is None or robots.can_fetch(self.user_agent, url)

    # --- the one entry point ------------------------------------------------------------------

    def get(self, url: str, *, min_delay: float | None = None) -> FetchResult:
        if urlsplit(url).scheme not in ("http", "https"):
            return FetchResult(url, error="unsupported address scheme")
        host = host_of(url)
        blocked = self._blocked_until.get(host, 0.0) - self._clock()
        if blocked > 0:
            return FetchResult(url, error=f"backing off ({blocked:.0f} s left)", retry_after=blocked)
        if not self.allowed(url):
            return FetchResult(url, error="disallowed by robots.txt")
        result = self._raw_get(url, self.min_delay if min_delay is None else min_delay)
        if result.status == 429 or 500 <= result.status < 600:
            failures = self._failures.get(host, 0) + 1
            self._failures[host] = failures
            wait = result.retry_after if result.retry_after is not None else min(60.0 * 2**failures, 3600.0)
            wait = min(wait, self.max_backoff)
            self._blocked_until[host] = self._clock() + wait
            result.retry_after = wait
        elif result.ok:
            self._failures.pop(host, None)
        return result
