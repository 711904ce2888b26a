"""The clearance rule and the secrecy stamp on exports, without any app's models."""

import dataclasses
import io
from types import SimpleNamespace

import docx
import pytest
from django.contrib.auth.models import AnonymousUser

from ttdn.core.classification import Classification, clearance_of, level_of, may_see, stamp, visible_levels
from ttdn.core.documents import render_docx, render_html

from .test_documents import make_report

ROLES = {"clerk": None, "chief": "chief", "boss": "boss"}


def person(role: str | None, *, clearance: int | None = None, superuser: bool = False):
    return SimpleNamespace(is_authenticated=True, is_superuser=superuser, clearance=clearance, role=role)


@pytest.fixture(autouse=True)
def _roles(settings):
    settings.TTDN_CLEARANCE = {"chief": "CONFIDENTIAL", "boss": "SECRET", "focal": "CONFIDENTIAL"}
    settings.TTDN_CLEARANCE_ROLE = "ttdn.core.tests.test_classification.role_of"


def role_of(user) -> str | None:
    return user.role


@pytest.mark.parametrize(
    ("role", "override", "extra", "top"),
    [
        (None, None, (), Classification.NORMAL),
        ("chief", None, (), Classification.CONFIDENTIAL),
        ("boss", None, (), Classification.SECRET),
        (None, None, ("focal",), Classification.CONFIDENTIAL),
        ("boss", Classification.NORMAL, (), Classification.NORMAL),  # a personal setting wins, also downwards
        (None, Classification.TOP_SECRET, (), Classification.TOP_SECRET),
    ],
)
def test_clearance_from_role_then_personal_setting(role, override, extra, top):
    user = person(role, clearance=override)
    assert clearance_of(user, extra_roles=extra) == top
    assert [may_see(user, level, extra_roles=extra) for level in Classification] == [
        level <= top for level in Classification
    ]
    assert visible_levels(user, extra_roles=extra) == [level for level in Classification if level <= top]


def test_anonymous_sees_only_unclassified():
    assert visible_levels(AnonymousUser()) == [Classification.NORMAL]
    assert not may_see(AnonymousUser(), Classification.CONFIDENTIAL)


def test_levels_are_read_from_settings_names_and_numbers():
    assert level_of("confidential") is Classification.CONFIDENTIAL and level_of(2) is Classification.SECRET
    assert [stamp(level) for level in Classification] == ["", "MẬT", "TỐI MẬT", "TUYỆT MẬT"]
    with pytest.raises(KeyError):
        level_of("restricted")


def test_exports_carry_the_stamp_under_the_number():
    document = dataclasses.replace(make_report(), secrecy="mật")
    word = docx.Document(io.BytesIO(render_docx(document)))
    number_cell = word.tables[0].rows[1].cells[0]
    stamp_paragraph = number_cell.paragraphs[-1]
    assert stamp_paragraph.text == "MẬT" and stamp_paragraph.runs[0].bold
    assert stamp_paragraph._p.pPr.find(docx.oxml.ns.qn("w:pBdr")) is not None  # framed, as a stamp is
    assert '<p class="secrecy"><span>MẬT</span></p>' in render_html(document)
    plain = docx.Document(io.BytesIO(render_docx(make_report())))
    assert len(plain.tables[0].rows[1].cells[0].paragraphs) == 1
