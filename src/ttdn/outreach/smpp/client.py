"""A threaded SMPP 3.4 ESME client: bind (transmitter or transceiver), a window of unanswered submits,
a token bucket counted per segment, enquire_link keep-alive, back-off on throttling and on reconnects.

Every submit returns a :class:`Pending` that the caller waits on. A submit that was written to the socket and
whose response never came (the link dropped) ends with ``lost=True``: the SMSC may or may not have it, so
the caller must not resend it blindly.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable

from . import pdu as P

log = logging.getLogger(__name__)


class SmppError(Exception):
    pass


class NotConnected(SmppError):
    """Raised before anything was written: the submit can safely be tried again later."""


class Pending:
    __slots__ = ("_event", "lost", "resp", "sequence")

    def __init__(self, sequence: int) -> None:
        self.sequence = sequence
        self.resp: P.Pdu | None = None
        self.lost = False
        self._event = threading.Event()

    def settle(self, resp: P.Pdu | None) -> None:
        self.resp = resp
        self.lost = resp is None
        self._event.set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._event.wait(timeout)


class TokenBucket:
    """``rate`` tokens per second, at most ``burst`` saved up; one token per segment."""

    def __init__(self, rate: float, burst: float | None = None) -> None:
        self.rate = float(rate)
        self.capacity = burst if burst is not None else max(1.0, self.rate / 10)
        self.tokens = self.capacity
        self.stamp = time.monotonic()
        self.paused_until = 0.0
        self.lock = threading.Lock()

    def pause(self, seconds: float) -> None:
        with self.lock:
            self.paused_until = max(self.paused_until, time.monotonic() + seconds)
            self.tokens = 0.0

    def take(self, n: float = 1.0) -> None:
        while True:
            with self.lock:
                now = time.monotonic()
                if now < self.paused_until:
                    wait = self.paused_until - now
                else:
                    self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
                    self.stamp = now
                    if self.tokens >= n:
                        self.tokens -= n
                        return
                    wait = (n - self.tokens) / self.rate
            time.sleep(wait)


class SmppClient:
    def __init__(
        self,
        host: str,
        port: int,
        system_id: str,
        password: str,
        *,
        mode: str = "trx",
        window: int = 10,
        throughput: float = 20,
        enquire_interval: float = 30.0,
        response_timeout: float = 10.0,
        on_deliver: Callable[[P.Pdu], None] | None = None,
    ) -> None:
        self.host, self.port = host, port
        self.system_id, self.password = system_id, password
        self.mode = mode
        self.window = threading.BoundedSemaphore(max(1, window))
        self.bucket = TokenBucket(throughput)
        self.enquire_interval = enquire_interval
        self.response_timeout = response_timeout
        self.on_deliver = on_deliver
        self.sock: socket.socket | None = None
        self.alive = False
        self._seq = 0
        self._seq_lock = threading.Lock()
        self._send_lock = threading.Lock()
        self._pending: dict[int, Pending] = {}
        self._last_activity = time.monotonic()
        self._threads: list[threading.Thread] = []
        self.throttled = 0
        self._last_cut = 0.0

    # -- connection -------------------------------------------------------------------------------------
    def _next_seq(self) -> int:
        with self._seq_lock:
            self._seq = self._seq % 0x7FFFFFFF + 1
            return self._seq

    def connect(self) -> None:
        sock = socket.create_connection((self.host, self.port), timeout=self.response_timeout)
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        command = P.BIND_TRANSCEIVER if self.mode == "trx" else P.BIND_TRANSMITTER
        bind = P.Pdu(
            command_id=command,
            sequence=self._next_seq(),
            fields={"system_id": self.system_id, "password": self.password, "interface_version": 0x34},
        )
        sock.sendall(bind.encode())
        sock.settimeout(self.response_timeout)
        resp = P.read_pdu(sock)
        sock.settimeout(None)
        if resp is None or resp.command_id != command | P.RESP or resp.status != P.ESME_ROK:
            sock.close()
            raise SmppError(f"bind refused (status {getattr(resp, 'status', None)})")
        self.sock, self.alive = sock, True
        self._last_activity = time.monotonic()
        self._threads = [
            threading.Thread(target=self._reader, name="smpp-reader", daemon=True),
            threading.Thread(target=self._keepalive, name="smpp-keepalive", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def connect_with_backoff(self, *, attempts: int = 6, base: float = 0.2, cap: float = 30.0) -> None:
        delay = base
        for attempt in range(attempts):
            try:
                self.connect()
                return
            except (OSError, SmppError) as exc:
                if attempt == attempts - 1:
                    raise NotConnected(str(exc)) from exc
                log.warning(
                    "SMPP connect to %s:%s failed (%s); retrying in %.1fs", self.host, self.port, exc, delay
                )
                time.sleep(delay)
                delay = min(cap, delay * 2)

    def close(self) -> None:
        if self.alive and self.sock is not None:
            try:
                self._send(P.Pdu(command_id=P.UNBIND, sequence=self._next_seq()))
                time.sleep(0.05)
            except OSError:
                pass
        self._drop()

    def abort(self) -> None:
        """Close without unbinding; pending submits settle as lost."""
        self._drop()

    def _drop(self) -> None:
        self.alive = False
        if self.sock is not None:
            with contextlib.suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)
            self.sock.close()
        pending, self._pending = self._pending, {}
        for item in pending.values():
            item.settle(None)
            self.window.release()

    def _send(self, pdu: P.Pdu) -> None:
        if self.sock is None:
            raise NotConnected("not connected")
        with self._send_lock:
            self.sock.sendall(pdu.encode())
        self._last_activity = time.monotonic()

    # -- threads ----------------------------------------------------------------------------------------
    def _reader(self) -> None:
        sock = self.sock
        try:
            while self.alive and sock is self.sock:
                pdu = P.read_pdu(sock)
                if pdu is None:
                    break
                self._last_activity = time.monotonic()
                if pdu.command_id & P.RESP:
                    item = self._pending.pop(pdu.sequence, None)
                    if item is not None:
                        item.settle(pdu)
                        self.window.release()
                elif pdu.command_id == P.DELIVER_SM:
                    if self.on_deliver is not None:
                        # The consumer acknowledges (``ack``) once the receipt or MO is stored: an SMSC
                        # delivers again what was never acknowledged, so a crash loses nothing.
                        self.on_deliver(pdu)
                    else:
                        self._send(pdu.response(message_id=""))
                elif pdu.command_id == P.ENQUIRE_LINK:
                    self._send(pdu.response())
                elif pdu.command_id == P.UNBIND:
                    self._send(pdu.response())
                    break
                else:
                    self._send(P.Pdu(command_id=P.GENERIC_NACK, sequence=pdu.sequence, status=0x03))
        except (OSError, P.PduError) as exc:
            log.warning("SMPP link lost: %s", exc)
        if sock is self.sock:
            self._drop()

    def _keepalive(self) -> None:
        sock = self.sock
        while self.alive and sock is self.sock:
            time.sleep(min(1.0, self.enquire_interval))
            if time.monotonic() - self._last_activity >= self.enquire_interval:
                try:
                    self._send(P.Pdu(command_id=P.ENQUIRE_LINK, sequence=self._next_seq()))
                except OSError:
                    return

    # -- submitting -------------------------------------------------------------------------------------
    def submit(self, fields: dict, tlvs: dict[int, bytes] | None = None) -> Pending:
        """Waits for a token and a window slot, then writes one submit_sm (one segment)."""
        self.bucket.take(1)
        if not self.window.acquire(timeout=self.response_timeout):
            raise NotConnected("window stayed full; the SMSC stopped answering")
        if not self.alive:
            self.window.release()
            raise NotConnected("not connected")
        item = Pending(self._next_seq())
        self._pending[item.sequence] = item
        try:
            self._send(P.Pdu(command_id=P.SUBMIT_SM, sequence=item.sequence, fields=fields, tlvs=tlvs or {}))
        except OSError:
            # sendall may have written part of the PDU: treat it as in flight.
            self._drop()
        return item

    def ack(self, pdu: P.Pdu) -> None:
        if self.alive:
            with contextlib.suppress(OSError):
                self._send(pdu.response(message_id=""))

    def throttle_backoff(self, seconds: float) -> None:
        """The SMSC said 0x58: pause, and lower the rate by a fifth (never below one segment a second)."""
        self.throttled += 1
        now = time.monotonic()
        with self.bucket.lock:
            # One cut per second at most: a burst of 0x58 answers is one signal, not hundreds.
            if now - self._last_cut >= 1.0:
                self._last_cut = now
                self.bucket.rate = max(1.0, self.bucket.rate * 0.8)
        self.bucket.pause(seconds)
