"""SMPP 3.4 PDUs: the handful ttdn and its SMSC simulator speak. Pure Python, no Django."""

from __future__ import annotations

import re
import socket
import struct
import uuid
from dataclasses import dataclass, field

BIND_RECEIVER = 0x00000001
BIND_TRANSMITTER = 0x00000002
SUBMIT_SM = 0x00000004
DELIVER_SM = 0x00000005
UNBIND = 0x00000006
BIND_TRANSCEIVER = 0x00000009
ENQUIRE_LINK = 0x00000015
GENERIC_NACK = 0x80000000
RESP = 0x80000000

ESME_ROK = 0x00
ESME_RINVMSGLEN = 0x01
ESME_RSYSERR = 0x08
ESME_RINVDSTADR = 0x0B
ESME_RBINDFAIL = 0x0D
ESME_RMSGQFUL = 0x14
ESME_RTHROTTLED = 0x58

TEMPORARY_ERRORS = {ESME_RTHROTTLED, ESME_RMSGQFUL, ESME_RSYSERR}

TLV_RECEIPTED_MESSAGE_ID = 0x001E
TLV_SAR_MSG_REF_NUM = 0x020C
TLV_SAR_TOTAL_SEGMENTS = 0x020E
TLV_SAR_SEGMENT_SEQNUM = 0x020F
TLV_MESSAGE_STATE = 0x0427

ESM_UDHI = 0x40
ESM_RECEIPT = 0x04

_MESSAGE_BODY = (
    "service_type",
    "source_addr_ton",
    "source_addr_npi",
    "source_addr",
    "dest_addr_ton",
    "dest_addr_npi",
    "destination_addr",
    "esm_class",
    "protocol_id",
    "priority_flag",
    "schedule_delivery_time",
    "validity_period",
    "registered_delivery",
    "replace_if_present_flag",
    "data_coding",
    "sm_default_msg_id",
    "short_message",
)
_BIND_BODY = (
    "system_id",
    "password",
    "system_type",
    "interface_version",
    "addr_ton",
    "addr_npi",
    "address_range",
)
_INTS = {
    "source_addr_ton",
    "source_addr_npi",
    "dest_addr_ton",
    "dest_addr_npi",
    "esm_class",
    "protocol_id",
    "priority_flag",
    "registered_delivery",
    "replace_if_present_flag",
    "data_coding",
    "sm_default_msg_id",
    "interface_version",
    "addr_ton",
    "addr_npi",
}
BODIES: dict[int, tuple[str, ...]] = {
    BIND_RECEIVER: _BIND_BODY,
    BIND_TRANSMITTER: _BIND_BODY,
    BIND_TRANSCEIVER: _BIND_BODY,
    SUBMIT_SM: _MESSAGE_BODY,
    DELIVER_SM: _MESSAGE_BODY,
    BIND_RECEIVER | RESP: ("system_id",),
    BIND_TRANSMITTER | RESP: ("system_id",),
    BIND_TRANSCEIVER | RESP: ("system_id",),
    SUBMIT_SM | RESP: ("message_id",),
    DELIVER_SM | RESP: ("message_id",),
}


class PduError(Exception):
    pass


@dataclass
class Pdu:
    command_id: int
    sequence: int = 0
    status: int = ESME_ROK
    fields: dict = field(default_factory=dict)
    tlvs: dict[int, bytes] = field(default_factory=dict)

    def get(self, name: str, default=None):
        return self.fields.get(name, default)

    def encode(self) -> bytes:
        body = bytearray()
        names = BODIES.get(self.command_id, ())
        # A response with an error status may have an empty body (SMPP 3.4 §4.4.2).
        if self.command_id & RESP and self.status != ESME_ROK and self.command_id != SUBMIT_SM | RESP:
            names = ()
        for name in names:
            value = self.fields.get(name)
            if name == "short_message":
                data = value or b""
                if len(data) > 254:
                    raise PduError("short_message longer than 254 octets")
                body.append(len(data))
                body += data
            elif name in _INTS:
                body.append(int(value or 0))
            else:
                text = value if isinstance(value, bytes) else str(value or "").encode("ascii", "replace")
                body += text + b"\x00"
        for tag, value in self.tlvs.items():
            body += struct.pack(">HH", tag, len(value)) + value
        return struct.pack(">IIII", 16 + len(body), self.command_id, self.status, self.sequence) + bytes(body)

    @classmethod
    def decode(cls, data: bytes) -> Pdu:
        length, command_id, status, sequence = struct.unpack(">IIII", data[:16])
        pdu = cls(command_id=command_id, sequence=sequence, status=status)
        pos = 16
        for name in BODIES.get(command_id, ()):
            if pos >= length:
                break
            if name == "short_message":
                n = data[pos]
                pdu.fields[name] = data[pos + 1 : pos + 1 + n]
                pos += 1 + n
            elif name in _INTS:
                pdu.fields[name] = data[pos]
                pos += 1
            else:
                end = data.index(b"\x00", pos)
                pdu.fields[name] = data[pos:end].decode("ascii", "replace")
                pos = end + 1
        while pos + 4 <= length:
            tag, n = struct.unpack(">HH", data[pos : pos + 4])
            pdu.tlvs[tag] = data[pos + 4 : pos + 4 + n]
            pos += 4 + n
        return pdu

    def response(self, status: int = ESME_ROK, **fields) -> Pdu:
        return Pdu(command_id=self.command_id | RESP, sequence=self.sequence, status=status, fields=fields)


def read_pdu(sock: socket.socket) -> Pdu | None:
    """One PDU from a blocking socket; None at end of stream."""
    header = _read_exact(sock, 4)
    if header is None:
        return None
    (length,) = struct.unpack(">I", header)
    if length < 16 or length > 65536:
        raise PduError(f"bad command_length {length}")
    rest = _read_exact(sock, length - 4)
    if rest is None:
        return None
    return Pdu.decode(header + rest)


def _read_exact(sock: socket.socket, n: int) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < n:
        chunk = sock.recv(n - len(chunks))
        if not chunk:
            return None
        chunks += chunk
    return bytes(chunks)


# --- delivery receipts ------------------------------------------------------------------------------------

STATES = {
    1: "ENROUTE",
    2: "DELIVRD",
    3: "EXPIRED",
    4: "DELETED",
    5: "UNDELIV",
    6: "ACCEPTD",
    7: "UNKNOWN",
    8: "REJECTD",
}
_RECEIPT_FIELD = re.compile(r"(id|sub|dlvrd|submit date|done date|stat|err):(\S*)", re.IGNORECASE)


@dataclass(frozen=True)
class ReceiptInfo:
    message_id: str
    state: str
    error: str


def parse_receipt(pdu: Pdu) -> ReceiptInfo | None:
    """Receipt fields from a deliver_sm: TLVs first, then the Appendix B text, every field optional."""
    text = (pdu.get("short_message") or b"").decode("latin-1", "replace")
    found = {m.group(1).lower(): m.group(2) for m in _RECEIPT_FIELD.finditer(text)}
    message_id = found.get("id", "")
    state = found.get("stat", "").upper()
    if TLV_RECEIPTED_MESSAGE_ID in pdu.tlvs:
        message_id = pdu.tlvs[TLV_RECEIPTED_MESSAGE_ID].rstrip(b"\x00").decode("ascii", "replace")
    if pdu.tlvs.get(TLV_MESSAGE_STATE):
        state = STATES.get(pdu.tlvs[TLV_MESSAGE_STATE][0], state)
    if not message_id:
        return None
    return ReceiptInfo(message_id=message_id, state=state or "UNKNOWN", error=found.get("err", ""))


_HEX = re.compile(r"[0-9a-f]+")


def normalise_id(raw: str) -> str:
    """One spelling per id: UUIDs canonical lower case, numbers without leading zeros, hex lower case."""
    value = raw.strip().lower()
    try:
        return str(uuid.UUID(value))
    except ValueError:
        pass
    if _HEX.fullmatch(value):
        return value.lstrip("0") or "0"
    return value


def id_candidates(raw: str) -> set[str]:
    """Spellings under which a receipt's id may have been returned by submit_sm_resp. Some SMSCs answer the
    submit in hex and send the receipt in decimal, or the other way round (Kannel's msg-id-type)."""
    value = normalise_id(raw)
    out = {value}
    if value.isdigit():
        out.add(format(int(value), "x"))
    if _HEX.fullmatch(value):
        out.add(str(int(value, 16)))
    return out
