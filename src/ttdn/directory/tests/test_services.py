import datetime
import shutil

import pytest

from ttdn.core.models import AuditEvent
from ttdn.directory.models import BorderGate, Commune, GroupPhrase, Unit, UnitGroup
from ttdn.directory.services import DATA_ROOT, ReferenceDataError, load_reference


@pytest.mark.django_db
def test_lang_son_loads_every_fact_and_is_idempotent():
    first = load_reference(actor=None, province="lang-son")
    assert first.created["units"] == 127 and first.created["communes"] == 65
    counts = (
        Unit.objects.count(),
        UnitGroup.objects.count(),
        Commune.objects.count(),
        BorderGate.objects.count(),
    )
    second = load_reference(actor=None, province="lang-son")
    assert second.created == {}
    assert (
        Unit.objects.count(),
        UnitGroup.objects.count(),
        Commune.objects.count(),
        BorderGate.objects.count(),
    ) == counts
    assert AuditEvent.objects.filter(action="directory.load_reference").count() == 2


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
    (folder / "units.csv").write_text(
        units.replace(",central-agency,", ",no-such-kind,", 1), encoding="utf-8"
    )
    with pytest.raises(ReferenceDataError, match="unknown kind"):
        load_reference(actor=None, province="broken", data_root=tmp_path)
    assert Unit.objects.count() == 0


@pytest.mark.django_db
def test_unknown_province_is_a_clear_error():
    with pytest.raises(ReferenceDataError, match="no reference data"):
        load_reference(actor=None, province="atlantis")
