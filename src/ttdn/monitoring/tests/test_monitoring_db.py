"""The gazetteer built from the directory, and the analyze_article command (needs Django and the DB)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from ttdn.monitoring.analysis.pipeline import CONTRACT_KEYS
from ttdn.monitoring.gazetteer import build_gazetteer, clear_cache, place_name

DATA = Path(__file__).parent / "data"


@pytest.fixture
def gazetteer(lang_son):
    clear_cache()
    yield build_gazetteer()
    clear_cache()


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("06034 Xã Chi Lăng", "Chi Lăng"),
        ("06184 Thị trấn Đồng Đăng", "Đồng Đăng"),
        ("06622 Xã Bính Xá (listed twice in source)", "Bính Xá"),
        ("Phường Kỳ Lừa", "Kỳ Lừa"),
    ],
)
def test_place_name(raw, name):
    assert place_name(raw) == name


@pytest.mark.django_db
def test_gazetteer_from_the_directory(gazetteer):
    by_text = {t.text: t for t in gazetteer.terms}
    assert gazetteer.province == "Lạng Sơn"
    assert by_text["Lạng Sơn"].kind == "province"
    assert by_text["Thất Khê"].kind == "commune" and not by_text["Thất Khê"].ambiguous
    assert by_text["Tràng Định"].kind == "former_district"
    assert by_text["Hòa Bình"].ambiguous  # a former commune name found all over Vietnam
    assert by_text["Cửa khẩu Chi Ma"].kind == "border_gate"
    assert by_text["UBND tỉnh Lạng Sơn"].kind == "agency"
    assert by_text["Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng"].kind == "agency"
    # generic aliases every province has are not ours
    for generic in ("UBND tỉnh", "Sở Tư pháp", "VNPT", "Công an tỉnh", "CP", "Thủ tướng"):
        assert generic not in by_text
    assert "Đồng ý" not in by_text  # former "Xã Đồng ý" would fire on the verb "đồng ý"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "relevant"),
    [
        ("Huyện Lạng Giang, tỉnh Bắc Giang thu hoạch vải sớm. Tỉnh Sơn La đón khách.", False),
        ("Xã Hòa Bình và xã Quang Trung tổ chức ngày hội.", False),
        (
            "Xuất khẩu nông sản tăng.\nPhóng viên tại Lạng Sơn\nĐịa chỉ: phường Đông Kinh, tỉnh Lạng Sơn",
            False,
        ),
        ("Xe hàng thông quan qua cửa khẩu Tân Thanh và ga Đồng Đăng.", True),
        ("Du khách lên Mẫu Sơn, thăm động Tam Thanh và chợ Kỳ Lừa.", True),
    ],
)
def test_relevance_with_the_real_gazetteer(gazetteer, text, relevant):
    assert gazetteer.relevance(text).relevant is relevant


@pytest.mark.django_db
def test_analyze_article_prints_one_contract_object_per_file(lang_son, capsys):
    clear_cache()
    files = [DATA / "mau_son_tourism.html", DATA / "lang_giang_bac_giang.html"]
    call_command("analyze_article", *map(str, files), "--url", "https://example.vn/a", "--json")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    mau_son, lang_giang = (json.loads(line) for line in lines)
    assert tuple(mau_son) == CONTRACT_KEYS
    assert mau_son["title"] == "Mẫu Sơn đón hơn 20.000 lượt khách dịp đầu năm"
    assert mau_son["published"] == "2026-01-06T08:15:00+07:00"
    assert mau_son["relevant"] is True and mau_son["sentiment"] == "positive"
    assert "Mẫu Sơn" in mau_son["matched"] and "du-lich" in mau_son["topics"]
    assert lang_giang["relevant"] is False and lang_giang["matched"] == []
    assert "Lạng Sơn" in lines[0]  # ensure_ascii=False: Vietnamese as written


@pytest.mark.django_db
def test_one_bad_file_among_good_ones(lang_son, capsys, tmp_path):
    clear_cache()
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    with pytest.raises(SystemExit) as exit_info:
        call_command("analyze_article", str(DATA / "tan_thanh_smuggling.html"), str(empty))
    captured = capsys.readouterr()
    assert exit_info.value.code == 2
    assert json.loads(captured.out)["sentiment"] == "negative"
    assert "empty.html: empty file" in captured.err


def _ttdn(*args: str, env_dir: Path) -> subprocess.CompletedProcess:
    env = {"TTDN_DATA_DIR": str(env_dir), "PATH": "/usr/bin:/bin"}
    # Until ttdn.monitoring is in the default INSTALLED_APPS, the test settings say where the command is.
    for key in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH"):
        if os.environ.get(key):
            env[key] = os.environ[key]
    return subprocess.run(
        [sys.executable, "-m", "ttdn.manage", *args], capture_output=True, text=True, env=env, timeout=120
    )


BAD_FILES = [
    ("missing.html", None, "no such file"),
    ("empty.html", b"", "empty file"),
    ("binary.html", b"\x00\x01\x02\xff" * 100, "binary"),
    ("bad-encoding.html", b"<p>\x81\x8d\x8f\x90\x9d</p>" * 5, "unreadable encoding"),
]


def test_bad_input_exits_2_without_traceback(tmp_path):
    # One real process for all four kinds of bad file: the exit code and stderr are what a shell sees.
    paths = []
    for name, content, _message in BAD_FILES:
        path = tmp_path / name
        if content is not None:
            path.write_bytes(content)
        paths.append(str(path))
    result = _ttdn("analyze_article", *paths, "--json", env_dir=tmp_path)
    assert result.returncode == 2, result.stderr
    for name, _content, message in BAD_FILES:
        assert f"{name}: {message}" in result.stderr, (name, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
