import datetime
import shutil

import pytest

from ttdn.core.models import AuditEvent
from ttdn.directory.models import BorderGate, Commune, GroupPhrase, Unit, UnitGroup
from ttdn.directory.services import DATA_ROOT, ReferenceDataError, load_reference


@pytest.mark.django_db
def test_lang_son_loads_every_fact_and_is_idempotent(lang_son):
    # The test database already holds the data set once (conftest); loading again must change nothing.
    def counts():
        return (
            Unit.objects.count(),
            UnitGroup.objects.count(),
            Commune.objects.count(),
            BorderGate.objects.count(),
        )

    assert counts() == (127, 15, 65, 14)
    audits = AuditEvent.objects.filter(action="directory.load_reference").count()
    again = load_reference(actor=None, province="lang-son")
    assert again.created == {} and again.updated["units"] == 127 and again.updated["communes"] == 65
    assert counts() == (127, 15, 65, 14)
    assert AuditEvent.objects.filter(action="directory.load_reference").count() == audits + 1


@pytest.mark.django_db
def test_versions_and_successors_are_linked(lang_son):
    so_tttt = Unit.objects.get(code="so-thong-tin-va-truyen-thong")
    assert so_tttt.valid_to == datetime.date(2025, 2, 28)
    assert {u.code for u in so_tttt.successors.all()} == {
        "so-khoa-hoc-va-cong-nghe-2025",
        "so-van-hoa-the-thao-va-du-lich",
    }
    assert "Sở TT&TT" in so_tttt.aliases
    assert Commune.objects.get(code="xa-dong-dang").people_committee.code == "ubnd-xa-dong-dang"
    assert GroupPhrase.objects.filter(group__code="district-people-committees").count() >= 2


@pytest.mark.django_db
def test_bad_data_set_writes_nothing(tmp_path):
    folder = tmp_path / "broken"
    shutil.copytree(DATA_ROOT / "lang-son", folder)
    units = (folder / "units.csv").read_text(encoding="utf-8")
    units_before = list(Unit.objects.order_by("code").values_list("code", "name", "kind"))
    # The first row is renamed (it would be written first); the last row is broken: nothing may be kept.
    renamed = units.replace("Bộ Thông tin và Truyền thông,", "Bộ Thông tin (đổi tên),", 1)
    head, _sep, tail = renamed.rpartition(",commune-people-committee,")
    (folder / "units.csv").write_text(head + ",no-such-kind," + tail, encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="unknown kind"):
        load_reference(actor=None, province="broken", data_root=tmp_path)
    assert list(Unit.objects.order_by("code").values_list("code", "name", "kind")) == units_before


@pytest.mark.django_db
def test_unknown_province_is_a_clear_error():
    with pytest.raises(ReferenceDataError, match="no reference data"):
        load_reference(actor=None, province="atlantis")
