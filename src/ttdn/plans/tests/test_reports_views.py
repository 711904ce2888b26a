import io
import zipfile

import openpyxl
import pytest

pytestmark = pytest.mark.django_db


def test_focal_downloads_report_urging_letters_and_matrix(client, seed_plan, focal_officer):
    client.force_login(focal_officer)
    period = seed_plan.periods.get(label="Quý II/2021")
    page = client.get(f"/plans/{seed_plan.pk}/report/")
    assert page.status_code == 200 and "Quý II/2021" in page.content.decode()
    response = client.post(
        f"/plans/{seed_plan.pk}/report/",
        {"period": period.pk, "signer_title": "PHÓ GIÁM ĐỐC", "output": "docx"},
    )
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert "attachment" in response["Content-Disposition"]
    bad = client.post(
        f"/plans/{seed_plan.pk}/report/", {"period": 999999, "signer_title": "", "output": "docx"}
    )
    assert bad.status_code == 400 and "errorlist" in bad.content.decode()

    # Today the whole 2021 plan is overdue: every lead unit gets a letter.
    urging = client.get(f"/plans/{seed_plan.pk}/urging/").content.decode()
    assert "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn" in urging
    archive = zipfile.ZipFile(
        io.BytesIO(client.post(f"/plans/{seed_plan.pk}/urging/", {"what": "zip"}).content)
    )
    assert archive.namelist() and all(
        name.endswith(".docx") and name.isascii() for name in archive.namelist()
    )

    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"/plans/{seed_plan.pk}/matrix.xlsx").content))
    assert workbook.active.max_row > 17


def test_unit_staff_cannot_generate_province_documents(client, seed_plan, unit_officer):
    client.force_login(unit_officer)
    assert client.get(f"/plans/{seed_plan.pk}/report/").status_code == 403
    assert client.post(f"/plans/{seed_plan.pk}/urging/", {"what": "zip"}).status_code == 403
    assert client.get(f"/plans/{seed_plan.pk}/matrix.xlsx").status_code == 403
