"""The life of a rebuttal case, as Meedan Check and the national anti-fake-news centre frame it. Pure.

Statuses: new → investigating → verified (the story holds) or rebutted (it is false) → closed.
Verdict labels are the centre's: tin giả (fabricated), tin sai sự thật (distorted or untrue), tin xác
thực (authentic). A case cannot be rebutted without a false-information label, cannot be verified with one,
and a rebutted case is closed only once the official statement is published (its address recorded).
"""

from __future__ import annotations

NEW, INVESTIGATING, VERIFIED, REBUTTED, CLOSED = "new", "investigating", "verified", "rebutted", "closed"
FAKE, UNTRUE, AUTHENTIC = "tin_gia", "tin_sai_su_that", "tin_xac_thuc"
FALSE_LABELS = (FAKE, UNTRUE)

TRANSITIONS: dict[str, tuple[str, ...]] = {
    NEW: (INVESTIGATING, CLOSED),
    INVESTIGATING: (VERIFIED, REBUTTED, CLOSED),
    VERIFIED: (CLOSED, INVESTIGATING),
    REBUTTED: (CLOSED, INVESTIGATING),
    CLOSED: (INVESTIGATING,),  # reopened when the story resurfaces
}


def next_statuses(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def problems(*, status: str, target: str, verdict: str, statement_url: str, note: str) -> list[str]:
    """Why the move is refused (message keys for the caller to translate); empty when it is allowed."""
    found = []
    if target not in next_statuses(status):
        found.append("transition")
    if target == REBUTTED and verdict not in FALSE_LABELS:
        found.append("rebut_needs_false_label")
    if target == VERIFIED and verdict != AUTHENTIC:
        found.append("verify_needs_authentic")
    if target == CLOSED and status == REBUTTED and not statement_url:
        found.append("close_needs_statement")
    if target == CLOSED and status in (NEW, INVESTIGATING) and not note.strip():
        found.append("dismiss_needs_note")
    return found
