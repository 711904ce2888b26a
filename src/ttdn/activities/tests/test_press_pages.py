"""Officer pages for cooperation agreements, journalists and publications: create and edit through the
views, refusals in Vietnamese with nothing written, province leaders read-only, other units kept out."""

import datetime
from pathlib import PurePath

import pytest

from ttdn.activities import services
from ttdn.activities.models import CooperationAgreement, Journalist, Publication
from ttdn.core.models import AuditEvent
from ttdn.directory.models import Unit

pytestmark = pytest.mark.django_db

NEWSPAPER = "bao-va-phat-thanh-truyen-hinh-lang-son"


@pytest.fixture
def newspaper(lang_son):
    return Unit.objects.get(code=NEWSPAPER)


def _agreement_post(task, agency, **overrides):
    data = {
        "task": task.pk,
        "agency": agency.pk,
        "title": "Thỏa thuận tuyên truyền TTĐN năm 2026",
        "starts_on": "01/01/2026",
        "ends_on": "31/12/2026",
        "deliverables": "24 tin, bài\n\n4 phóng sự ",
        "value": "150000000",
    }
    data.update(overrides)
    return data


@pytest.fixture
def agreement(press_task, focal_officer, newspaper):
    return services.agreement_create(
        actor=focal_officer,
        task=press_task,
        agency=newspaper,
        title="Thỏa thuận 2026",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )


@pytest.fixture
def publication(press_task, focal_officer, newspaper):
    return services.publication_create(
        actor=focal_officer,
        task=press_task,
        title="Sổ tay hỏi - đáp về biên giới",
        kind="qa",
        owner_unit=newspaper,
        print_run=2000,
    )


def test_focal_officer_creates_an_agreement_on_the_page(client, press_task, focal_officer, newspaper):
    client.force_login(focal_officer)
    assert "Thêm thỏa thuận hợp tác" in client.get("/activities/agreements/").content.decode()
    # Decomposed Vietnamese (as some keyboards send it) is stored composed.
    title = "Thỏa thuận tuyên truyền TTĐN năm 2026"
    decomposed = "Tho\u0309a thua\u0323\u0302n tuyên truyền TTĐN năm 2026"
    response = client.post(
        "/activities/agreements/", _agreement_post(press_task, newspaper, title=decomposed), follow=True
    )
    assert response.redirect_chain == [("/activities/agreements/", 302)]
    agreement = CooperationAgreement.objects.get()
    assert agreement.title == title
    assert agreement.deliverables == "24 tin, bài\n4 phóng sự"
    assert agreement.value == 150_000_000
    page = response.content.decode()
    assert "Đã lưu." in page and "01/01/2026–31/12/2026" in page and "150.000.000 đ" in page
    event = AuditEvent.objects.get(action="activities.agreement_create")
    assert event.object_id == str(agreement.pk) and event.actor == focal_officer


def test_bad_agreement_is_refused_in_vietnamese_and_nothing_is_written(
    client, press_task, focal_officer, newspaper, focal_unit
):
    client.force_login(focal_officer)
    response = client.post(
        "/activities/agreements/", _agreement_post(press_task, newspaper, ends_on="31/12/2025")
    )
    assert response.status_code == 400
    assert "Thời hạn kết thúc phải sau ngày bắt đầu." in response.content.decode()
    # The agency list offers press agencies only; a department slipped into the POST is refused too.
    response = client.post("/activities/agreements/", _agreement_post(press_task, focal_unit))
    assert response.status_code == 400
    assert not CooperationAgreement.objects.exists()
    assert not AuditEvent.objects.filter(action="activities.agreement_create").exists()


def test_agreement_service_refuses_a_non_press_partner(press_task, focal_officer, focal_unit):
    with pytest.raises(services.ActivityError, match="cơ quan báo chí"):
        services.agreement_create(
            actor=focal_officer,
            task=press_task,
            agency=focal_unit,
            title="Thỏa thuận",
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
        )
    assert not CooperationAgreement.objects.exists()


def test_agreement_edit_changes_the_main_fields_and_audits_the_difference(
    client, agreement, focal_officer, newspaper
):
    client.force_login(focal_officer)
    page = client.get(f"/activities/agreements/{agreement.pk}/").content.decode()
    assert "Thỏa thuận 2026" in page and 'name="task"' not in page  # the task (and so the rights) stays
    response = client.post(
        f"/activities/agreements/{agreement.pk}/",
        {
            "agency": newspaper.pk,
            "title": "Thỏa thuận 2026 (sửa đổi)",
            "starts_on": "2026-01-01",
            "ends_on": "2027-06-30",
            "deliverables": "",
            "value": "",
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Thỏa thuận 2026 (sửa đổi)" and agreement.ends_on == datetime.date(2027, 6, 30)
    services.agreement_update(  # saved again unchanged: no second event
        actor=focal_officer,
        agreement=agreement,
        **{
            f: getattr(agreement, f)
            for f in ("agency", "title", "starts_on", "ends_on", "deliverables", "value")
        },
    )
    event = AuditEvent.objects.get(action="activities.agreement_update")
    assert event.changes == {
        "title": ["Thỏa thuận 2026", "Thỏa thuận 2026 (sửa đổi)"],
        "ends_on": ["2026-12-31", "2027-06-30"],
    }
    bad = client.post(
        f"/activities/agreements/{agreement.pk}/",
        {"agency": newspaper.pk, "title": " ", "starts_on": "2026-01-01", "ends_on": "2026-02-01"},
    )
    assert bad.status_code == 400
    agreement.refresh_from_db()
    assert agreement.title == "Thỏa thuận 2026 (sửa đổi)"


def test_province_leader_reads_but_every_write_is_403(
    client, reader, agreement, publication, press_task, newspaper
):
    client.force_login(reader)
    for url, form_id in (
        ("/activities/agreements/", "agreement-form"),
        ("/activities/publications/", "publication-form"),
        ("/activities/journalists/", "journalist-form"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'id="{form_id}"' not in response.content.decode(), url
    page = client.get("/activities/publications/").content.decode()
    assert "Sổ tay hỏi - đáp về biên giới" in page and "/status/" not in page
    assert "Thỏa thuận 2026" in client.get("/activities/agreements/").content.decode()
    assert client.post("/activities/agreements/", _agreement_post(press_task, newspaper)).status_code == 403
    assert client.get(f"/activities/agreements/{agreement.pk}/").status_code == 403
    assert client.post(f"/activities/agreements/{agreement.pk}/", {"title": "X"}).status_code == 403
    assert client.post("/activities/journalists/", {"agency": newspaper.pk, "name": "X"}).status_code == 403
    assert (
        client.post(
            "/activities/publications/",
            {"task": press_task.pk, "title": "X", "kind": "book", "owner_unit": newspaper.pk},
        ).status_code
        == 403
    )
    response = client.post(f"/activities/publications/{publication.pk}/status/", {"status": "in_production"})
    assert response.status_code == 403
    assert CooperationAgreement.objects.count() == 1 and Publication.objects.count() == 1
    assert not Journalist.objects.exists()
    publication.refresh_from_db()
    assert publication.status == "planned"


def test_unit_officer_without_rights_on_the_task_cannot_edit(
    client, unit_officer, other_officer, agreement, publication, press_task, training_task, newspaper
):
    # The Border Guard officer may attach records to II.2 (their unit leads it) but not to II.3.3.
    client.force_login(unit_officer)
    response = client.post("/activities/agreements/", _agreement_post(press_task, newspaper))
    assert response.status_code == 400
    assert CooperationAgreement.objects.count() == 1
    assert client.get(f"/activities/agreements/{agreement.pk}/").status_code == 404
    assert client.get(f"/activities/publications/{publication.pk}/").status_code == 404
    response = client.post(f"/activities/publications/{publication.pk}/status/", {"status": "in_production"})
    assert response.status_code == 404
    page = client.get("/activities/publications/").content.decode()
    assert "Sổ tay hỏi - đáp về biên giới" not in page  # another unit's task: not even listed
    # Journalists are the focal department's contact list: hidden from units.
    assert client.get("/activities/journalists/").status_code == 404
    client.force_login(other_officer)
    assert client.post("/activities/agreements/", _agreement_post(press_task, newspaper)).status_code == 403
    assert client.get("/activities/journalists/").status_code == 404
    publication.refresh_from_db()
    assert publication.status == "planned"
    assert CooperationAgreement.objects.count() == 1


def test_focal_officer_adds_a_journalist_with_consent(client, plan, focal_officer, newspaper, focal_unit):
    # The focal department is the focal unit of a plan: the plan fixture makes Sở VHTTDL one.
    client.force_login(focal_officer)
    response = client.post(
        "/activities/journalists/",
        {
            "agency": newspaper.pk,
            "name": "  Nguyễn   Thu Hà ",
            "position": "Phóng viên",
            "email": "Thuha@BaoLangSon.vn",
            "phone": "0912 345 678",
            "consent_source": "Phiếu đồng ý ký ngày 05/01/2026",
            "consent_date": "05/01/2026",
        },
        follow=True,
    )
    journalist = Journalist.objects.get()
    assert (journalist.name, journalist.email) == ("Nguyễn Thu Hà", "thuha@baolangson.vn")
    assert journalist.consent_date == datetime.date(2026, 1, 5)
    page = response.content.decode()
    assert "Nguyễn Thu Hà" in page and "05/01/2026" in page
    assert AuditEvent.objects.filter(
        action="activities.journalist_create", object_id=str(journalist.pk), actor=focal_officer
    ).exists()
    # Only press agencies are offered; the department itself is refused with nothing written.
    response = client.post("/activities/journalists/", {"agency": focal_unit.pk, "name": "Trần Văn A"})
    assert response.status_code == 400
    assert Journalist.objects.count() == 1


def test_publication_create_edit_and_status_through_the_pages(client, press_task, focal_officer, newspaper):
    client.force_login(focal_officer)
    response = client.post(
        "/activities/publications/",
        {
            "task": press_task.pk,
            "title": "Lạng Sơn - miền biên viễn",
            "kind": "book",
            "owner_unit": newspaper.pk,
            "print_run": "1500",
            "portal_url": "https://langson.gov.vn/an-pham",
        },
    )
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert (publication.kind, publication.print_run, publication.status) == ("book", 1500, "planned")
    assert AuditEvent.objects.filter(action="activities.publication_create", object_id=str(publication.pk))

    response = client.post(
        f"/activities/publications/{publication.pk}/",
        {"title": "Lạng Sơn - miền biên viễn", "kind": "images", "owner_unit": newspaper.pk, "print_run": ""},
    )
    assert response.status_code == 302
    publication.refresh_from_db()
    assert (publication.kind, publication.print_run, publication.portal_url) == ("images", None, "")
    assert AuditEvent.objects.get(action="activities.publication_update").changes["kind"] == [
        "book",
        "images",
    ]

    # Published without a date: the Vietnamese reason, and the status stays.
    response = client.post(
        f"/activities/publications/{publication.pk}/status/", {"status": "published"}, follow=True
    )
    assert "Hãy nhập ngày phát hành." in response.content.decode()
    publication.refresh_from_db()
    assert publication.status == "planned"
    assert not AuditEvent.objects.filter(action="activities.publication_status").exists()

    response = client.post(
        f"/activities/publications/{publication.pk}/status/",
        {"status": "published", "published_on": "2026-06-01"},
        follow=True,
    )
    publication.refresh_from_db()
    assert (publication.status, publication.published_on) == ("published", datetime.date(2026, 6, 1))
    assert "01/06/2026" in response.content.decode()
    event = AuditEvent.objects.get(action="activities.publication_status")
    assert event.changes == {"status": ["planned", "published"]}


def test_bad_publication_is_refused_in_vietnamese(client, press_task, focal_officer, newspaper):
    client.force_login(focal_officer)
    response = client.post(
        "/activities/publications/",
        {"task": press_task.pk, "title": "   ", "kind": "book", "owner_unit": newspaper.pk},
    )
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in response.content.decode()  # a blank title, in Vietnamese
    with pytest.raises(services.ActivityError, match="Số lượng in"):
        services.publication_create(
            actor=focal_officer, task=press_task, title="Sách", kind="book", owner_unit=newspaper, print_run=0
        )
    assert not Publication.objects.exists()


def test_index_links_the_new_pages(client, plan, focal_officer, unit_officer):
    client.force_login(focal_officer)
    page = client.get("/activities/").content.decode()
    for url in ("/activities/agreements/", "/activities/journalists/", "/activities/publications/"):
        assert f'href="{url}"' in page
    client.force_login(unit_officer)
    page = client.get("/activities/").content.decode()
    assert 'href="/activities/publications/"' in page and 'href="/activities/journalists/"' not in page


@pytest.fixture
def journalist(plan, focal_officer, newspaper):
    return services.journalist_create(
        actor=focal_officer,
        agency=newspaper,
        name="Nguyễn Thu Hà",
        position="Phóng viên",
        email="thuha@baolangson.vn",
        phone="0912 345 678",
        consent_source="Phiếu đồng ý",
        consent_date=datetime.date(2026, 1, 5),
    )


def _journalist_post(agency, **overrides):
    data = {
        "agency": agency.pk,
        "name": "Nguyễn Thu Hà",
        "position": "Phóng viên",
        "email": "thuha@baolangson.vn",
        "phone": "0912 345 678",
        "consent_source": "Phiếu đồng ý",
        "consent_date": "05/01/2026",
    }
    data.update(overrides)
    return data


def test_focal_officer_edits_a_journalist_and_the_log_names_fields_not_values(
    client, journalist, focal_officer, newspaper
):
    client.force_login(focal_officer)
    assert (
        f'href="/activities/journalists/{journalist.pk}/"'
        in client.get("/activities/journalists/").content.decode()
    )
    page = client.get(f"/activities/journalists/{journalist.pk}/").content.decode()
    assert 'id="journalist-edit-form"' in page and 'value="thuha@baolangson.vn"' in page
    decomposed = "Nguye\u0302\u0303n Thu Ha\u0300"  # "Nguyễn Thu Hà" as some keyboards send it
    response = client.post(
        f"/activities/journalists/{journalist.pk}/",
        _journalist_post(
            newspaper,
            name=decomposed + " ",
            position="Biên tập viên",
            email="Ha.NT@BaoLangSon.vn",
            consent_source="Thư điện tử ngày 20/02/2026",
            consent_date="2026-02-20",
        ),
        follow=True,
    )
    assert response.redirect_chain == [("/activities/journalists/", 302)]
    journalist.refresh_from_db()
    assert (journalist.name, journalist.position, journalist.email) == (
        "Nguyễn Thu Hà",
        "Biên tập viên",
        "ha.nt@baolangson.vn",
    )
    assert journalist.consent_date == datetime.date(2026, 2, 20)
    assert "20/02/2026" in response.content.decode()
    event = AuditEvent.objects.get(action="activities.journalist_update")
    assert event.actor == focal_officer and event.object_id == str(journalist.pk)
    # Personal data never goes into the append-only log: only which fields changed.
    assert event.changes == {"fields": ["consent_date", "consent_source", "email", "position"]}
    assert "baolangson" not in str(event.changes)

    # Removing the consent source removes its date too, as on creation.
    client.post(
        f"/activities/journalists/{journalist.pk}/",
        _journalist_post(newspaper, consent_source="", consent_date="2026-02-20"),
    )
    journalist.refresh_from_db()
    assert (journalist.consent_source, journalist.consent_date) == ("", None)

    # Saving without a change writes no event.
    client.post(f"/activities/journalists/{journalist.pk}/", _journalist_post(newspaper, consent_source=""))
    assert AuditEvent.objects.filter(action="activities.journalist_update").count() == 2


def test_bad_journalist_edit_is_refused_in_vietnamese_and_nothing_changes(
    client, journalist, focal_officer, newspaper, focal_unit
):
    client.force_login(focal_officer)
    url = f"/activities/journalists/{journalist.pk}/"
    response = client.post(url, _journalist_post(newspaper, name="  ", phone="12"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Trường này là bắt buộc." in page and "Nhập số điện thoại từ 9 đến 15 chữ số." in page
    assert client.post(url, _journalist_post(focal_unit)).status_code == 400  # not a press agency
    with pytest.raises(services.ActivityError, match="cơ quan báo chí"):
        services.journalist_update(actor=focal_officer, journalist=journalist, agency=focal_unit, name="Hà")
    journalist.refresh_from_db()
    assert (journalist.name, journalist.agency, journalist.phone) == (
        "Nguyễn Thu Hà",
        newspaper,
        "0912 345 678",
    )
    assert not AuditEvent.objects.filter(action="activities.journalist_update").exists()


def test_an_erased_journalist_cannot_be_filled_in_again(client, journalist, focal_officer, newspaper):
    from django.utils import timezone

    Journalist.objects.filter(pk=journalist.pk).update(
        name="[đã xóa]", email="", phone="", consent_withdrawn_at=timezone.now()
    )
    client.force_login(focal_officer)
    url = f"/activities/journalists/{journalist.pk}/"
    assert 'id="journalist-edit-form"' not in client.get(url).content.decode()
    response = client.post(url, _journalist_post(newspaper))
    assert response.status_code == 400
    assert "đã bị xóa theo yêu cầu" in response.content.decode()
    journalist.refresh_from_db()
    assert (journalist.name, journalist.email) == ("[đã xóa]", "")
    assert not AuditEvent.objects.filter(action="activities.journalist_update").exists()


def test_journalist_page_is_read_only_for_province_leaders_and_hidden_from_units(
    client, journalist, reader, unit_officer, newspaper
):
    url = f"/activities/journalists/{journalist.pk}/"
    client.force_login(reader)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nguyễn Thu Hà" in page and "05/01/2026" in page and 'id="journalist-edit-form"' not in page
    assert client.post(url, _journalist_post(newspaper, name="Trần Văn B")).status_code == 403
    client.force_login(unit_officer)
    assert client.get(url).status_code == 404
    assert client.post(url, _journalist_post(newspaper, name="Trần Văn B")).status_code == 404
    assert client.get("/activities/journalists/999999/").status_code == 404
    journalist.refresh_from_db()
    assert journalist.name == "Nguyễn Thu Hà"
    assert not AuditEvent.objects.filter(action="activities.journalist_update").exists()


PDF = b"%PDF-1.7 so tay hoi dap"
PNG = b"\x89PNG\r\n\x1a\n anh bia"


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_focal_officer_attaches_then_replaces_the_publication_file(
    client, publication, focal_officer, django_capture_on_commit_callbacks
):
    client.force_login(focal_officer)
    edit_url = f"/activities/publications/{publication.pk}/"
    file_url = f"{edit_url}file/"
    page = client.get(edit_url).content.decode()
    assert 'enctype="multipart/form-data"' in page and "Chưa đính kèm tệp nào." in page
    response = client.post(file_url, {"file-file": _upload("so-tay-hoi-dap.pdf", PDF)}, follow=True)
    assert response.redirect_chain == [(edit_url, 302)]
    assert "Đã đính kèm tệp." in response.content.decode()
    publication.refresh_from_db()
    first = publication.file.name
    assert first.endswith(".pdf") and publication.file.read() == PDF
    event = AuditEvent.objects.get(action="activities.publication_file")
    assert event.actor == focal_officer and event.object_id == str(publication.pk)
    assert event.changes["file"] == [None, "so-tay-hoi-dap.pdf"] and event.changes["size"] == len(PDF)
    assert "Tệp hiện tại" in client.get(edit_url).content.decode()

    download = client.get(file_url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF

    storage = publication.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(file_url, {"file-file": _upload("anh-bia.png", PNG)})
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.file.name.endswith(".png") and publication.file.read() == PNG
    assert not storage.exists(first)  # the replaced file does not linger
    replaced = AuditEvent.objects.filter(action="activities.publication_file").latest("pk")
    assert replaced.changes["file"] == [PurePath(first).name, "anh-bia.png"]
    page = client.get("/activities/publications/").content.decode()
    assert f'href="{file_url}"' in page


def test_bad_publication_upload_is_refused_in_vietnamese_and_writes_nothing(
    client, publication, focal_officer, settings
):
    settings.TTDN_MAX_ACTIVITY_FILE_BYTES = 64
    client.force_login(focal_officer)
    file_url = f"/activities/publications/{publication.pk}/file/"
    storage = publication.file.storage
    before = (
        set(storage.listdir("activities/publications")[1])
        if storage.exists("activities/publications")
        else set()
    )
    for upload, reason in (
        (_upload("cai-dat.exe", b"MZ\x90\x00"), "Tệp phải là PDF, Word, PowerPoint, Excel, JPEG hoặc PNG"),
        (_upload("so-tay.pdf", b"MZ\x90\x00 not a pdf"), "Nội dung tệp không đúng với loại .pdf."),
        (_upload("so-tay.pdf", b"%PDF" + b"0" * 100), "Tệp quá lớn"),
    ):
        response = client.post(file_url, {"file-file": upload})
        assert response.status_code == 400, reason
        assert reason in response.content.decode()
    response = client.post(file_url, {})
    assert response.status_code == 400 and "Trường này là bắt buộc." in response.content.decode()
    publication.refresh_from_db()
    assert not publication.file
    assert not AuditEvent.objects.filter(action="activities.publication_file").exists()
    after = (
        set(storage.listdir("activities/publications")[1])
        if storage.exists("activities/publications")
        else set()
    )
    assert after == before


def test_publication_file_rights(client, publication, focal_officer, reader, unit_officer):
    file_url = f"/activities/publications/{publication.pk}/file/"
    services.publication_attach(
        actor=focal_officer, publication=publication, uploaded_file=_upload("so-tay.pdf", PDF)
    )
    publication.refresh_from_db()
    attached = publication.file.name
    # A province leader reads the file but cannot replace it.
    client.force_login(reader)
    assert client.get(file_url).status_code == 200
    assert client.post(file_url, {"file-file": _upload("khac.pdf", PDF)}).status_code == 403
    # Another unit's officer does not even learn it exists.
    client.force_login(unit_officer)
    assert client.get(file_url).status_code == 404
    assert client.post(file_url, {"file-file": _upload("khac.pdf", PDF)}).status_code == 404
    with pytest.raises(services.ActivityError, match="không có quyền"):
        services.publication_attach(
            actor=unit_officer, publication=publication, uploaded_file=_upload("khac.pdf", PDF)
        )
    publication.refresh_from_db()
    assert publication.file.name == attached
    assert AuditEvent.objects.filter(action="activities.publication_file").count() == 1


def test_publication_without_a_file_has_nothing_to_download(client, publication, focal_officer):
    client.force_login(focal_officer)
    assert client.get(f"/activities/publications/{publication.pk}/file/").status_code == 404


def test_edit_pages_open_on_the_record_as_it_is(client, agreement, publication, focal_officer, newspaper):
    client.force_login(focal_officer)
    page = client.get(f"/activities/agreements/{agreement.pk}/").content.decode()
    assert 'value="Thỏa thuận 2026"' in page and 'name="ends_on" value="2026-12-31"' in page
    assert f'<option value="{newspaper.pk}" selected>' in page
    page = client.get(f"/activities/publications/{publication.pk}/").content.decode()
    assert 'value="Sổ tay hỏi - đáp về biên giới"' in page and 'value="2000"' in page
    assert '<option value="qa" selected>' in page
