import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from ttdn.plans.models import Plan, PlanImport

from .conftest import SEED


def _ttdn(*args: str, env_dir) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ttdn.manage", *args],
        capture_output=True,
        text=True,
        env={"TTDN_DATA_DIR": str(env_dir), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def test_parse_plan_prints_the_contract_json(tmp_path):
    result = _ttdn("parse_plan", str(SEED), "--json", "--no-resolve", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["tasks"]) == 17 and set(data) >= {"document", "sections", "tasks", "warnings"}


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02\xff" * 100])
def test_parse_plan_exits_2_on_bad_input(tmp_path, content):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = _ttdn("parse_plan", str(bad), "--json", "--no-resolve", env_dir=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.strip()


@pytest.mark.django_db
def test_parse_plan_resolves_units_from_the_directory(lang_son, capsys):
    call_command("parse_plan", str(SEED), "--json")
    data = json.loads(capsys.readouterr().out)
    ii2 = next(t for t in data["tasks"] if t["code"] == "II.2")
    assert ii2["lead"][0]["unit"] == "so-thong-tin-va-truyen-thong"
    assert {m["group"] for m in ii2["coordinating"]} == {
        "provincial-departments",
        "district-people-committees",
    }
    assert set(ii2["lead"][0]) == {"text", "scope", "unit", "group"}


@pytest.mark.django_db
def test_import_plan_dry_run_writes_nothing_then_imports(lang_son, capsys):
    call_command("import_plan", str(SEED), "--dry-run")
    assert "17 tasks" in capsys.readouterr().out
    assert Plan.objects.count() == 0 and PlanImport.objects.count() == 0
    call_command("import_plan", str(SEED))
    assert Plan.objects.get().tasks.count() == 17


@pytest.mark.django_db
def test_load_demo_gives_one_user_per_role_and_the_sample_plan_once(
    lang_son, capsys, django_capture_on_commit_callbacks
):
    from ttdn.core.models import User

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")
    first = capsys.readouterr().out
    assert "password:" in first and Plan.objects.get().tasks.count() == 17
    roles = dict(
        User.objects.filter(username__startswith="demo-").values_list("username", "membership__role")
    )
    assert roles == {
        "demo-dau-moi": "officer",
        "demo-bien-phong": "officer",
        "demo-chi-huy": "leader",
        "demo-lanh-dao-tinh": "province_leader",
    }
    focal = User.objects.get(username="demo-dau-moi")
    assert focal.has_perm("plans.add_planimport") and focal.has_perm("monitoring.add_source")
    assert Plan.objects.get().focal_unit.code == "so-van-hoa-the-thao-va-du-lich"
    call_command("load_demo")
    assert "password:" not in capsys.readouterr().out and Plan.objects.count() == 1
