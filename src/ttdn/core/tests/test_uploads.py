"""Upload checks and the antivirus hook (driven by a real scanner process: a script named like ClamAV's)."""

import io
import stat
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError

from ttdn.core import antivirus
from ttdn.core.uploads import check_upload, private_file_response, sanitise_name, sniff

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def _docx() -> bytes:
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Kế hoạch thông tin đối ngoại")
    document.save(out)
    return out.getvalue()


def _xlsx() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


@pytest.fixture
def no_scanner(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))


@pytest.fixture
def fake_clamscan(monkeypatch, tmp_path):
    """A ``clamscan`` on PATH that behaves like ClamAV's: exit 1 and "<path>: <name> FOUND" for the EICAR
    test string, exit 0 otherwise, exit 2 for a file it cannot read."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "clamscan"
    script.write_text(
        "#!/bin/sh\n"
        'for f in "$@"; do case "$f" in --*) continue;; esac; target="$f"; done\n'
        '[ -r "$target" ] || { echo "$target: Access denied. ERROR" >&2; exit 2; }\n'
        'if grep -q "EICAR-STANDARD-ANTIVIRUS-TEST-FILE" "$target"; then\n'
        '  echo "$target: Win.Test.EICAR_HDB-1 FOUND"; exit 1\n'
        "fi\n"
        'echo "$target: OK"; exit 0\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    return script


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (_docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (_xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("Kế hoạch số 12/KH-UBND".encode(), "text/plain"),
        (b"MZ\x90\x00\x03\x00\x00\x00", None),  # a Windows program
        (b"\x7fELF\x02\x01\x01\x00", None),
    ],
)
def test_sniff_reads_the_bytes_not_the_name(content, expected):
    assert sniff(io.BytesIO(content)) == expected


def test_a_plain_zip_is_not_a_word_document():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.exe", b"MZ")
    assert sniff(io.BytesIO(out.getvalue())) == "application/zip"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\lan\\Báo cáo quý I.docx", "Báo cáo quý I.docx"),
        ("Ke hoach\x00\n.PDF", "Ke hoach.pdf"),
        ("a;rm -rf $HOME`.txt", "a-rm -rf -HOME.txt"),
        ("...", "tep"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
        ("Ke\u0302\u0301 hoa\u0323ch.pdf", "Kế hoạch.pdf"),  # decomposed tones become NFC
    ],
)
def test_sanitise_name(name, safe):
    assert sanitise_name(name) == safe


def test_accepts_an_allowed_file_and_says_it_was_not_scanned(no_scanner):
    checked = check_upload(io.BytesIO(_docx()), name="Kế hoạch.docx")
    assert checked.content_type.endswith("wordprocessingml.document") and checked.name == "Kế hoạch.docx"
    assert checked.scan.status == antivirus.Status.NOT_SCANNED and len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("content", "name", "code", "kwargs"),
    [
        (PDF * 100, "big.pdf", "too_large", {"max_bytes": 1000}),
        (b"", "empty.pdf", "empty", {}),
        (b"MZ\x90\x00program", "setup.pdf", "type_not_allowed", {}),
        (PNG, "anh.png", "type_not_allowed", {"allowed": ["application/pdf"]}),
        (PNG, "bao-cao.pdf", "extension_mismatch", {}),  # a picture calling itself a PDF
        (PDF, "bao-cao.exe", "extension_mismatch", {}),
    ],
)
def test_refusals(no_scanner, content, name, code, kwargs):
    with pytest.raises(ValidationError) as info:
        check_upload(io.BytesIO(content), name=name, **kwargs)
    assert info.value.code == code


def test_size_limit_comes_from_settings(no_scanner, settings):
    settings.TTDN_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError) as info:
        check_upload(io.BytesIO(PDF), name="a.pdf")
    assert info.value.code == "too_large"


def test_no_scanner_installed_is_a_no_op(no_scanner, tmp_path):
    assert antivirus.scanner_command() is None
    result = antivirus.scan_path(Path(__file__))
    assert (result.status, result.scanner) == (antivirus.Status.NOT_SCANNED, "")


def test_clamav_scanner_refuses_an_infected_file(fake_clamscan):
    assert antivirus.scanner_command()[0] == str(fake_clamscan)
    clean = check_upload(io.BytesIO(b"Noi dung binh thuong\n"), name="ghi-chu.txt")
    assert (clean.scan.status, clean.scan.scanner) == (antivirus.Status.CLEAN, "clamscan")
    with pytest.raises(ValidationError) as info:
        check_upload(io.BytesIO(EICAR + b"\n"), name="virus.txt")
    assert info.value.code == "infected" and "Win.Test.EICAR_HDB-1" in str(info.value.params["detail"])


def test_scanner_errors_are_reported_and_can_be_made_blocking(fake_clamscan, tmp_path, settings):
    result = antivirus.scan_path(tmp_path / "missing.pdf")
    assert result.status == antivirus.Status.ERROR and "Access denied" in result.detail
    # The daemon client is preferred when installed; here its daemon is down.
    clamdscan = fake_clamscan.parent / "clamdscan"
    clamdscan.write_text('#!/bin/sh\necho "ERROR: Could not connect to clamd on LocalSocket" >&2\nexit 2\n')
    clamdscan.chmod(0o755)
    checked = check_upload(io.BytesIO(PDF), name="a.pdf")
    assert (checked.scan.status, checked.scan.scanner) == (antivirus.Status.ERROR, "clamdscan")
    assert "Could not connect" in checked.scan.detail
    settings.TTDN_ANTIVIRUS_REQUIRED = True
    with pytest.raises(ValidationError) as info:
        check_upload(io.BytesIO(PDF), name="a.pdf")
    assert info.value.code == "not_scanned"


def test_private_file_response_is_an_attachment_never_sniffed():
    response = private_file_response(io.BytesIO(PDF), name="../Báo cáo.pdf", content_type="application/pdf")
    assert (
        response["X-Content-Type-Options"] == "nosniff" and response["Cache-Control"] == "private, no-store"
    )
    assert (
        response["Content-Disposition"].startswith("attachment;")
        and "B%C3%A1o%20c%C3%A1o.pdf" in response["Content-Disposition"]
    )
    assert b"".join(response.streaming_content) == PDF
