"""The numbered outline: Roman sections, arabic items, letter points."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import PlanParseError, too_deep

MAX_DEPTH = 8

_ROMAN = re.compile(r"^(?P<lab>[IVXL]{1,7})\s*[.)]\s*(?P<rest>.*)$")
_ROMAN_OK = re.compile(r"^L?X{0,3}(?:IX|IV|V?I{0,3})$")
_ARABIC = re.compile(r"^(?P<lab>\d{1,2}(?:\.\d{1,2}){0,30})(?P<end>[.)])?(?:\s+(?P<rest>\S.*)|$)")
_LETTER = re.compile(r"^(?P<lab>[a-zđ])\)\s*(?P<rest>.*)$")
_LETTER_WORD = re.compile(r"^(?P<lab>[a-zđA-ZĐ])[.)]$")
_PAREN = re.compile(r"^\((?P<lab>\d{1,2}|[a-zđ])\)\s+(?P<rest>.*)$")


@dataclass(slots=True)
class Item:
    kind: str  # "R" roman, "A" arabic, "L" letter point, "P" parenthesised, "" root
    label: str
    code: str
    heading: str
    depth: int = 0
    key: tuple[str, int] = ("", 0)
    lines: list[str] = field(default_factory=list)
    children: list[Item] = field(default_factory=list)
    parent: Item | None = None

    def top(self) -> Item:
        node = self
        while node.parent is not None and node.parent.kind:
            node = node.parent
        return node


def classify(text: str, label: str | None = None) -> tuple[str, str, str] | None:
    """(kind, label, heading text) when the paragraph is a numbered heading."""
    if label:
        lab = label.strip()
        m = _ARABIC.match(lab)
        if m and m.group("rest") is None:
            return "A", m.group("lab"), text
        m = _ROMAN.match(lab)
        if m and not m.group("rest") and _ROMAN_OK.match(m.group("lab")):
            return "R", m.group("lab"), text
        m = _LETTER_WORD.match(lab)
        if m:
            return "L", m.group("lab").lower(), text
        return None
    m = _ROMAN.match(text)
    if m and m.group("rest") and _ROMAN_OK.match(m.group("lab")) and not m.group("rest")[0].islower():
        return "R", m.group("lab"), m.group("rest")
    m = _ARABIC.match(text)
    if m and m.group("rest") and ("." in m.group("lab") or m.group("end")):
        rest = m.group("rest")
        # "2.1 triệu người" is a quantity, not a heading.
        if not rest[0].islower() or m.group("end"):
            if m.group("end") == ")":
                return "P", m.group("lab"), rest
            return "A", m.group("lab"), rest
    m = _LETTER.match(text)
    if m and m.group("rest"):
        return "L", m.group("lab"), m.group("rest")
    m = _PAREN.match(text)
    if m:
        return "P", m.group("lab"), m.group("rest")
    return None


def _code(parent: Item, kind: str, label: str) -> str:
    if kind == "A" and parent.kind == "A" and label.startswith(parent.label + "."):
        return f"{parent.code}.{label[len(parent.label) + 1 :]}"
    return f"{parent.code}.{label}" if parent.code else label


class OutlineBuilder:
    """Nests headings by the order their label styles first appear.

    Drafts mix styles freely (some skip "1." and go straight to "a)"), so a
    heading joins the nearest open ancestor of the same style as its sibling,
    and otherwise becomes a child of the innermost open heading.
    """

    def __init__(self) -> None:
        self.root = Item("", "", "", "")
        self.stack: list[Item] = [self.root]

    @property
    def current(self) -> Item:
        return self.stack[-1]

    def add_heading(self, kind: str, label: str, heading: str) -> Item:
        key = (kind, label.count(".") + 1 if kind == "A" else 0)
        if kind == "A" and key[1] > MAX_DEPTH:
            raise PlanParseError(too_deep(key[1], MAX_DEPTH))
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].key == key:
                del self.stack[i:]
                break
        else:
            if kind == "R":
                del self.stack[1:]
        parent = self.stack[-1]
        item = Item(kind, label, _code(parent, kind, label), heading, len(self.stack), key, parent=parent)
        if item.depth > MAX_DEPTH:
            raise PlanParseError(too_deep(item.depth, MAX_DEPTH))
        parent.children.append(item)
        self.stack.append(item)
        return item

    def add_line(self, text: str) -> None:
        node = self.current
        if node is self.root:
            node.lines.append(text)
            return
        if text.endswith("./.") and node.kind != "R" and not text.startswith(("-", "+", "•")):
            # The closing sentence of the plan ("... nghiêm túc thực hiện./.")
            # belongs to the whole section, not to its last item.
            node.top().lines.append(text)
            return
        node.lines.append(text)
