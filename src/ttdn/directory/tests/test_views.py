import pytest


@pytest.mark.django_db
def test_unit_list_and_filters(client, reader, lang_son):
    client.force_login(reader)
    page = client.get("/directory/").content.decode()
    assert "Sở Thông tin và Truyền thông tỉnh Lạng Sơn" in page
    partial = client.get("/directory/?q=bien+phong", headers={"HX-Request": "true"}).content.decode()
    assert "Bộ Chỉ huy Bộ đội Biên phòng" in partial and "<html" not in partial
    bad = client.get("/directory/?on_date=31/02/2021").content.decode()
    assert "errorlist" in bad


@pytest.mark.django_db
def test_unit_page_shows_todays_successors(client, reader, lang_son):
    client.force_login(reader)
    page = client.get("/directory/units/so-thong-tin-va-truyen-thong/").content.decode()
    assert 'id="successor-notice"' in page
    assert (
        "Sở Khoa học và Công nghệ tỉnh Lạng Sơn" in page
        and "Sở Văn hóa, Thể thao và Du lịch tỉnh Lạng Sơn" in page
    )
    assert client.get("/directory/units/khong-ton-tai/").status_code == 404


def test_directory_requires_login(client, db):
    assert client.get("/directory/").status_code == 302
