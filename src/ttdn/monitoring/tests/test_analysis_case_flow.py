"""The rebuttal case's statuses and labels (pure)."""

import pytest

from ttdn.monitoring.analysis import case_flow as flow


@pytest.mark.parametrize(
    ("status", "target", "verdict", "statement", "note", "expected"),
    [
        (flow.NEW, flow.INVESTIGATING, "", "", "", []),
        (flow.NEW, flow.REBUTTED, flow.FAKE, "", "", ["transition"]),
        (flow.INVESTIGATING, flow.REBUTTED, flow.FAKE, "", "", []),
        (flow.INVESTIGATING, flow.REBUTTED, flow.UNTRUE, "", "", []),
        (flow.INVESTIGATING, flow.REBUTTED, flow.AUTHENTIC, "", "", ["rebut_needs_false_label"]),
        (flow.INVESTIGATING, flow.REBUTTED, "", "", "", ["rebut_needs_false_label"]),
        (flow.INVESTIGATING, flow.VERIFIED, flow.AUTHENTIC, "", "", []),
        (flow.INVESTIGATING, flow.VERIFIED, flow.FAKE, "", "", ["verify_needs_authentic"]),
        (flow.REBUTTED, flow.CLOSED, flow.FAKE, "", "", ["close_needs_statement"]),
        (flow.REBUTTED, flow.CLOSED, flow.FAKE, "https://langson.gov.vn/x", "", []),
        (flow.VERIFIED, flow.CLOSED, flow.AUTHENTIC, "", "", []),
        (flow.NEW, flow.CLOSED, "", "", "", ["dismiss_needs_note"]),
        (flow.NEW, flow.CLOSED, "", "", "Trùng vụ việc số 3", []),
        (flow.CLOSED, flow.INVESTIGATING, flow.FAKE, "https://x.vn", "", []),
        (flow.CLOSED, flow.REBUTTED, flow.FAKE, "", "", ["transition"]),
    ],
)
def test_problems(status, target, verdict, statement, note, expected):
    assert flow.problems(
        status=status, target=target, verdict=verdict, statement_url=statement, note=note
    ) == (expected)


def test_every_status_has_a_way_on():
    for status in (flow.NEW, flow.INVESTIGATING, flow.VERIFIED, flow.REBUTTED, flow.CLOSED):
        assert flow.next_statuses(status)
    assert flow.next_statuses("unknown") == ()
