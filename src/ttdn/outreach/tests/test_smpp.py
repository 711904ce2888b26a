"""The SMPP client and PDU code against the simulator on 127.0.0.1 (no database)."""

import socket
import threading
import time

import pytest

from ttdn.outreach.smpp import pdu as P
from ttdn.outreach.smpp.client import NotConnected, SmppClient, SmppError
from ttdn.outreach.smsc import SimConfig, SmscSimulator


def test_pdu_round_trip_with_tlvs():
    pdu = P.Pdu(
        command_id=P.SUBMIT_SM,
        sequence=7,
        fields={
            "source_addr": "TTDN",
            "destination_addr": "84912345678",
            "data_coding": 8,
            "short_message": b"\x00a",
        },
        tlvs={P.TLV_SAR_MSG_REF_NUM: b"\x01\x02"},
    )
    back = P.Pdu.decode(pdu.encode())
    assert back.fields["destination_addr"] == "84912345678" and back.fields["short_message"] == b"\x00a"
    assert back.tlvs == {P.TLV_SAR_MSG_REF_NUM: b"\x01\x02"} and back.sequence == 7


def test_receipt_parsing_is_tolerant():
    text = b"id:0A1B2C submit date:2611280700 done date:2611280701 stat:DELIVRD err:000 text:"
    info = P.parse_receipt(P.Pdu(command_id=P.DELIVER_SM, fields={"short_message": text}))
    assert info == P.ReceiptInfo("0A1B2C", "DELIVRD", "000")
    assert P.normalise_id("0A1B2C") == "a1b2c"
    assert str(int("a1b2c", 16)) in P.id_candidates("0A1B2C")
    assert "a1b2c" in P.id_candidates(str(0xA1B2C))
    upper = "6F9619FF-8B86-D011-B42D-00C04FC964FF"
    assert P.normalise_id(upper) == upper.lower()


def test_bind_refused_with_wrong_password():
    with SmscSimulator() as sim:
        client = SmppClient(*sim.address, "ttdn", "wrong")
        with pytest.raises(SmppError):
            client.connect()


def test_enquire_link_keeps_the_link_alive():
    with SmscSimulator() as sim:
        client = SmppClient(*sim.address, "ttdn", "secret", enquire_interval=0.1)
        client.connect()
        time.sleep(0.5)
        assert sim.enquire_links >= 2 and client.alive
        client.close()


def test_reconnect_with_back_off_until_the_smsc_is_up():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    sim = SmscSimulator(port=port)
    threading.Timer(0.5, sim.start).start()
    client = SmppClient("127.0.0.1", port, "ttdn", "secret")
    started = time.monotonic()
    client.connect_with_backoff(attempts=8, base=0.1)
    assert client.alive and time.monotonic() - started >= 0.4
    client.close()
    sim.stop()


def test_no_smsc_gives_not_connected():
    client = SmppClient("127.0.0.1", 1, "ttdn", "secret")
    with pytest.raises(NotConnected):
        client.connect_with_backoff(attempts=2, base=0.01)


def test_token_bucket_keeps_the_smsc_limit():
    with SmscSimulator(config=SimConfig(throughput=100, burst=20)) as sim:
        client = SmppClient(*sim.address, "ttdn", "secret", throughput=100, window=20)
        client.connect()
        started = time.monotonic()
        pending = [
            client.submit({"destination_addr": "84912345678", "short_message": b"x"}) for _ in range(150)
        ]
        for item in pending:
            assert item.wait(5)
        elapsed = time.monotonic() - started
        assert sim.throttled == 0 and len(sim.submits) == 150
        assert elapsed >= 1.3  # 150 segments at 100/s after a 10-segment burst
        client.close()


def test_dropped_link_settles_pending_as_lost():
    with SmscSimulator(config=SimConfig(response_delay=0.5)) as sim:
        client = SmppClient(*sim.address, "ttdn", "secret")
        client.connect()
        item = client.submit({"destination_addr": "84912345678", "short_message": b"x"})
        time.sleep(0.1)
        sim.drop_connections()
        assert item.wait(2) and item.lost
        with pytest.raises(NotConnected):
            client.submit({"destination_addr": "84912345678", "short_message": b"x"})
