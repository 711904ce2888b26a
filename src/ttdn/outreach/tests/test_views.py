from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ttdn.outreach.models import Campaign, Subscriber

VI = "Thông báo: cửa khẩu Hữu Nghị mở cửa từ 7h00 đến 19h00."


def test_pages_need_permission(client, reader):
    client.force_login(reader)
    assert client.get(reverse("outreach:campaigns")).status_code == 403
    assert client.get(reverse("outreach:compose")).status_code == 403


def test_preview_shows_encoding_segments_cost_and_offer(client, composer, subscribers):
    client.force_login(composer)
    response = client.post(
        reverse("outreach:compose_preview"), {"text_vi": VI, "text_nut": "Slam bấu", "border_only": "on"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "UCS2" in html and "GSM-7, 1" in html  # the unaccented form fits one GSM-7 segment
    assert "Xã Đồng Đăng" in html and "700" in html  # 2 border subscribers × 1 segment × 350 VND


def test_preview_refuses_empty_and_over_long(client, composer, settings, operators):
    settings.TTDN_SMS_MAX_SEGMENTS = 1
    client.force_login(composer)
    html = client.post(reverse("outreach:compose_preview"), {"text_vi": "ạ" * 80}).content.decode()
    assert "error" in html and "1" in html
    html = client.post(reverse("outreach:compose_preview"), {"text_vi": ""}).content.decode()
    assert 'id="empty-warning"' in html


def test_fold_offer(client, composer):
    client.force_login(composer)
    html = client.post(
        reverse("outreach:compose_fold"), {"field": "text_vi", "text_vi": "Đồng Đăng"}
    ).content.decode()
    assert "Dong Dang" in html and 'name="text_vi"' in html


def test_compose_save_and_refusal(client, composer, operators):
    client.force_login(composer)
    response = client.post(reverse("outreach:compose"), {"title": "Cửa khẩu", "text_vi": VI})
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "outreach:campaign", args=[campaign.pk]
    )
    response = client.post(reverse("outreach:compose"), {"title": "x", "text_vi": "   "})
    assert response.status_code == 200 and Campaign.objects.count() == 1


def test_import_page_lists_invalid_rows(client, composer, operators):
    client.force_login(composer)
    bad = "phone,commune,language,consent_source,consent_date\n0912345001,xa-dong-dang,vi,phiếu,01/10/2026\n123,x,vi,,\n"
    response = client.post(
        reverse("outreach:subscribers"), {"file": SimpleUploadedFile("s.csv", bad.encode())}
    )
    html = response.content.decode()
    assert 'id="import-errors"' in html and Subscriber.objects.count() == 0


def test_phone_numbers_only_for_staff_with_permission(client, composer, subscribers, admin):
    client.force_login(composer)
    html = client.get(reverse("outreach:subscribers")).content.decode()
    assert "+84912345001" not in html and "+8491234xxxx" in html
    client.force_login(admin)
    html = client.get(reverse("outreach:subscribers")).content.decode()
    assert "+84912345001" in html


def test_author_sees_no_approve_button(client, composer, approver, operators):
    from ttdn.outreach.services.campaigns import campaign_save, campaign_submit

    campaign = campaign_submit(
        actor=composer, campaign=campaign_save(actor=composer, title="x", texts={"vi": VI})
    )
    client.force_login(composer)
    assert 'id="approve"' not in client.get(reverse("outreach:campaign", args=[campaign.pk])).content.decode()
    response = client.post(reverse("outreach:action", args=[campaign.pk, "approve"]), follow=True)
    assert Campaign.objects.get().status == "pending" and "messages" in response.content.decode()
    client.force_login(approver)
    client.post(reverse("outreach:action", args=[campaign.pk, "approve"]))
    assert Campaign.objects.get().status == "approved"
