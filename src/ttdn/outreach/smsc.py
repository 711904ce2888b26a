"""A small SMSC speaking SMPP 3.4 over TCP, for tests, the benchmark and `ttdn smsc_sim`.

It binds ESMEs (transmitter, receiver, transceiver), answers submit_sm with a message id in a chosen format
(hex, decimal or UUID), throttles with 0x58 above a configured number of segments per second, refuses
listed numbers with 0x0B, returns temporary errors on demand, sends delivery receipts (Appendix B text and
TLVs) after a delay, answers enquire_link and injects MO messages (STOP…). It records every submit so a test
can count what arrived, and how many times.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import logging
import socket
import socketserver
import threading
import time
import uuid
from dataclasses import dataclass, field

from .encoding import from_gsm7_bytes, from_ucs2_bytes, split_udh, to_gsm7_bytes
from .smpp import pdu as P
from .smpp.client import TokenBucket

log = logging.getLogger(__name__)


@dataclass
class Submit:
    destination: str
    source: str
    data_coding: int
    esm_class: int
    short_message: bytes
    message_id: str
    tlvs: dict[int, bytes]
    at: float

    def concat(self) -> tuple[tuple[int, int, int] | None, bytes]:
        if self.esm_class & P.ESM_UDHI:
            return split_udh(self.short_message)
        if P.TLV_SAR_MSG_REF_NUM in self.tlvs:
            ref = int.from_bytes(self.tlvs[P.TLV_SAR_MSG_REF_NUM], "big")
            total = self.tlvs[P.TLV_SAR_TOTAL_SEGMENTS][0]
            seq = self.tlvs[P.TLV_SAR_SEGMENT_SEQNUM][0]
            return (ref, total, seq), self.short_message
        return None, self.short_message

    def text(self) -> str:
        payload = self.concat()[1]
        return from_ucs2_bytes(payload) if self.data_coding == 0x08 else from_gsm7_bytes(payload)


@dataclass
class SimConfig:
    system_id: str = "ttdn"
    password: str = "secret"
    throughput: float | None = None  # segments per second across all binds; None = unlimited
    burst: float | None = None
    id_format: str = "hex"  # hex | dec | uuid
    receipt_id_format: str | None = None  # defaults to id_format; differ to test id conversion
    receipt_delay: float = 0.05
    receipt_parts: str = "all"  # all | first | last
    receipts: bool = True
    rejected: set[str] = field(default_factory=set)  # 0x0B at submit
    undeliverable: set[str] = field(default_factory=set)  # receipt stat UNDELIV
    temporary_failures: dict[str, int] = field(default_factory=dict)  # number -> how many 0x14 first
    response_delay: float = 0.0


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def setup(self) -> None:
        self.write_lock = threading.Lock()
        self.unacked: dict[int, P.Pdu] = {}
        self.closed = False
        self.bound: int | None = None
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def send(self, pdu: P.Pdu) -> None:
        with self.write_lock:
            self.request.sendall(pdu.encode())

    def handle(self) -> None:
        sim = self.server.sim
        sim._sessions.add(self)
        try:
            while True:
                try:
                    pdu = P.read_pdu(self.request)
                except (OSError, P.PduError):
                    break
                if pdu is None:
                    break
                try:
                    if not sim._handle(self, pdu):
                        break
                except OSError:
                    break
        finally:
            sim._sessions.discard(self)
            # Receipts and MO never acknowledged go again, to the next bind. Under the write lock, so that a
            # receipt being handed over right now is either in ``unacked`` here or refused by ``_deliver``:
            # without it one could be added after this loop and written to a socket nobody reads.
            with self.write_lock:
                self.closed = True
                for pdu in list(self.unacked.values()):
                    sim._requeue(pdu)


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    sim: SmscSimulator


class SmscSimulator:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, config: SimConfig | None = None) -> None:
        self.config = config or SimConfig()
        self._server = _Server((host, port), _Handler)
        self._server.sim = self
        self._sessions: set[_Handler] = set()
        self._ids = itertools.count(0xA0000)
        self._lock = threading.Lock()
        self.submits: list[Submit] = []
        self.throttled = 0
        self.binds = 0
        self.enquire_links = 0
        self._bucket = (
            TokenBucket(self.config.throughput, self.config.burst) if self.config.throughput else None
        )
        self._receipts: list[tuple[float, int, _Handler | None, P.Pdu]] = []
        self._receipt_seq = itertools.count()
        self._receipt_cv = threading.Condition()
        self._running = False
        self._threads: list[threading.Thread] = []

    @property
    def address(self) -> tuple[str, int]:
        return self._server.server_address[:2]

    def start(self) -> SmscSimulator:
        self._running = True
        self._threads = [
            threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True),
            threading.Thread(target=self._send_receipts, daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        self._running = False
        with self._receipt_cv:
            self._receipt_cv.notify_all()
        self._server.shutdown()
        for session in list(self._sessions):
            with contextlib.suppress(OSError):
                session.request.shutdown(socket.SHUT_RDWR)
        self._server.server_close()

    def __enter__(self) -> SmscSimulator:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- what the tests look at -------------------------------------------------------------------------
    def destinations(self) -> list[str]:
        """One entry per complete message received (a multipart message counts once, at its first part)."""
        out = []
        for submit in list(self.submits):
            info, _ = submit.concat()
            if info is None or info[2] == 1:
                out.append(submit.destination)
        return out

    def texts(self) -> dict[str, list[str]]:
        """Reassembled texts per destination."""
        parts: dict[tuple[str, int | None], dict[int, str]] = {}
        order: list[tuple[str, int | None]] = []
        for i, submit in enumerate(list(self.submits)):
            info, _ = submit.concat()
            key = (submit.destination, info[0] if info else -i)
            if key not in parts:
                parts[key] = {}
                order.append(key)
            parts[key][info[2] if info else 1] = submit.text()
        out: dict[str, list[str]] = {}
        for key in order:
            out.setdefault(key[0], []).append("".join(parts[key][n] for n in sorted(parts[key])))
        return out

    def send_mo(self, source: str, text: str) -> int:
        """A subscriber's SMS to the short code, delivered to every receiver/transceiver bind."""
        data = to_gsm7_bytes(text)
        count = 0
        for session in list(self._sessions):
            if session.bound in (P.BIND_TRANSCEIVER, P.BIND_RECEIVER):
                self._deliver(
                    session,
                    P.Pdu(
                        command_id=P.DELIVER_SM,
                        sequence=next(self._receipt_seq) + 1,
                        fields={"source_addr": source, "destination_addr": "8088", "short_message": data},
                    ),
                )
                count += 1
        return count

    def _deliver(self, session: _Handler, pdu: P.Pdu) -> None:
        with session.write_lock:
            if session.closed:
                raise OSError("session closed")
            session.unacked[pdu.sequence] = pdu
            session.request.sendall(pdu.encode())

    def _requeue(self, pdu: P.Pdu) -> None:
        with self._receipt_cv:
            heapq.heappush(self._receipts, (time.monotonic() + 0.2, next(self._receipt_seq), None, pdu))
            self._receipt_cv.notify()

    def drop_connections(self) -> None:
        for session in list(self._sessions):
            with contextlib.suppress(OSError):
                session.request.shutdown(socket.SHUT_RDWR)

    # -- protocol ---------------------------------------------------------------------------------------
    def _new_id(self) -> tuple[str, str]:
        n = next(self._ids)
        fmt = self.config.id_format
        receipt_fmt = self.config.receipt_id_format or fmt
        if fmt == "uuid":
            value = str(uuid.uuid4())
            return value, value
        spell = {"hex": lambda v: format(v, "X"), "dec": str}
        return spell[fmt](n), spell[receipt_fmt](n)

    def _handle(self, session: _Handler, pdu: P.Pdu) -> bool:
        cfg = self.config
        command = pdu.command_id
        if command in (P.BIND_TRANSMITTER, P.BIND_RECEIVER, P.BIND_TRANSCEIVER):
            if pdu.get("system_id") != cfg.system_id or pdu.get("password") != cfg.password:
                session.send(pdu.response(P.ESME_RBINDFAIL))
                return False
            session.bound = command
            self.binds += 1
            session.send(pdu.response(system_id="ttdn-smsc"))
        elif command == P.ENQUIRE_LINK:
            self.enquire_links += 1
            session.send(pdu.response())
        elif command == P.UNBIND:
            session.send(pdu.response())
            return False
        elif command == P.SUBMIT_SM:
            if session.bound not in (P.BIND_TRANSMITTER, P.BIND_TRANSCEIVER):
                session.send(pdu.response(0x04, message_id=""))
                return True
            self._submit(session, pdu)
        elif command == P.DELIVER_SM | P.RESP:
            session.unacked.pop(pdu.sequence, None)
        elif command & P.RESP:
            pass
        else:
            session.send(P.Pdu(command_id=P.GENERIC_NACK, sequence=pdu.sequence, status=0x03))
        return True

    def _submit(self, session: _Handler, pdu: P.Pdu) -> None:
        cfg = self.config
        destination = str(pdu.get("destination_addr") or "")
        if cfg.response_delay:
            time.sleep(cfg.response_delay)
        if self._bucket is not None:
            with self._bucket.lock:
                now = time.monotonic()
                self._bucket.tokens = min(
                    self._bucket.capacity,
                    self._bucket.tokens + (now - self._bucket.stamp) * self._bucket.rate,
                )
                self._bucket.stamp = now
                allowed = self._bucket.tokens >= 1
                if allowed:
                    self._bucket.tokens -= 1
            if not allowed:
                with self._lock:
                    self.throttled += 1
                session.send(pdu.response(P.ESME_RTHROTTLED, message_id=""))
                return
        if destination in cfg.rejected:
            session.send(pdu.response(P.ESME_RINVDSTADR, message_id=""))
            return
        with self._lock:
            if cfg.temporary_failures.get(destination, 0) > 0:
                cfg.temporary_failures[destination] -= 1
                session.send(pdu.response(P.ESME_RMSGQFUL, message_id=""))
                return
            message_id, receipt_id = self._new_id()
            submit = Submit(
                destination=destination,
                source=str(pdu.get("source_addr") or ""),
                data_coding=int(pdu.get("data_coding") or 0),
                esm_class=int(pdu.get("esm_class") or 0),
                short_message=pdu.get("short_message") or b"",
                message_id=message_id,
                tlvs=dict(pdu.tlvs),
                at=time.monotonic(),
            )
            self.submits.append(submit)
        session.send(pdu.response(message_id=message_id))
        if cfg.receipts and pdu.get("registered_delivery") and self._wants_receipt(submit):
            state = "UNDELIV" if destination in cfg.undeliverable else "DELIVRD"
            self._queue_receipt(session, submit, receipt_id, state)

    def _wants_receipt(self, submit: Submit) -> bool:
        info, _ = submit.concat()
        mode = self.config.receipt_parts
        if info is None or mode == "all":
            return True
        return info[2] == 1 if mode == "first" else info[2] == info[1]

    def _queue_receipt(self, session: _Handler, submit: Submit, receipt_id: str, state: str) -> None:
        stamp = time.strftime("%y%m%d%H%M")
        text = (
            f"id:{receipt_id} sub:001 dlvrd:{'001' if state == 'DELIVRD' else '000'} submit date:{stamp} "
            f"done date:{stamp} stat:{state} err:{'000' if state == 'DELIVRD' else '001'} Text:"
        )
        code = {v: k for k, v in P.STATES.items()}[state]
        receipt = P.Pdu(
            command_id=P.DELIVER_SM,
            sequence=next(self._receipt_seq) + 1,
            fields={
                "source_addr": submit.destination,
                "destination_addr": submit.source,
                "esm_class": P.ESM_RECEIPT,
                "short_message": text.encode("ascii"),
            },
            tlvs={
                P.TLV_RECEIPTED_MESSAGE_ID: receipt_id.encode("ascii") + b"\x00",
                P.TLV_MESSAGE_STATE: bytes([code]),
            },
        )
        with self._receipt_cv:
            heapq.heappush(
                self._receipts,
                (time.monotonic() + self.config.receipt_delay, next(self._receipt_seq), session, receipt),
            )
            self._receipt_cv.notify()

    def _send_receipts(self) -> None:
        while self._running:
            with self._receipt_cv:
                while self._running and (not self._receipts or self._receipts[0][0] > time.monotonic()):
                    timeout = self._receipts[0][0] - time.monotonic() if self._receipts else None
                    self._receipt_cv.wait(timeout)
                if not self._running:
                    return
                _, _, session, receipt = heapq.heappop(self._receipts)
            if session in self._sessions:
                try:
                    self._deliver(session, receipt)
                    continue
                except OSError:
                    pass
            # The ESME bound again after a drop: deliver to a live receiving session, or keep it until one binds
            # (as an SMSC retries a deliver_sm it could not hand over).
            others = [o for o in list(self._sessions) if o.bound in (P.BIND_TRANSCEIVER, P.BIND_RECEIVER)]
            if others:
                try:
                    self._deliver(others[0], receipt)
                    continue
                except OSError:
                    pass
            with self._receipt_cv:
                heapq.heappush(
                    self._receipts, (time.monotonic() + 0.2, next(self._receipt_seq), session, receipt)
                )
