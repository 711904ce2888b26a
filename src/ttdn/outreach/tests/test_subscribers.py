import pytest

from ttdn.outreach.models import Inbound, Language, Subscriber
from ttdn.outreach.phones import InvalidPhone, normalise, operator_code
from ttdn.outreach.selectors import audience, audience_counts
from ttdn.outreach.services.subscribers import (
    inbound_receive,
    prefix_table,
    subscriber_opt_out,
    subscribers_import,
    subscribers_preview,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912 345 678", "+84912345678"),
        ("84912345678", "+84912345678"),
        ("+84 (91) 234-5678", "+84912345678"),
        ("0084912345678", "+84912345678"),
        ("912.345.678", "+84912345678"),
        ("0386 123 456", "+84386123456"),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize("raw", ["", "12345", "0212345678", "+8491234567", "091234567890", "+1 202 555 0100"])
def test_normalise_refuses(raw):
    with pytest.raises(InvalidPhone):
        normalise(raw)


def test_operator_from_prefix_data(operators):
    table = prefix_table()
    assert operator_code("+84912345678", table) == "vinaphone"
    assert operator_code("+84386123456", table) == "viettel"
    assert operator_code("+84903456003", table) == "mobifone"


def test_import_creates_and_reports(subscribers, operators):
    assert len(subscribers) == 4
    nung = Subscriber.objects.get(phone="+84383456002")
    assert nung.language == Language.NUNG and nung.operator == operators["viettel"]
    assert nung.commune.code == "xa-dong-dang" and nung.commune.border is True
    assert Subscriber.objects.get(phone="+84903456003").commune.code == "xa-that-khe"


def test_invalid_rows_are_listed_and_nothing_is_written(operators, composer):
    text = (
        "phone,commune,language,consent_source,consent_date\n"
        "0912345001,xa-dong-dang,vi,phiếu,01/10/2026\n"
        "12345,xa-dong-dang,vi,phiếu,01/10/2026\n"
        "0912345003,nowhere,klingon,,31/02/2026\n"
    )
    report = subscribers_import(actor=composer, text=text)
    assert not report.ok and Subscriber.objects.count() == 0
    assert [e.line for e in report.errors] == [3, 4]
    assert len(report.errors[1].reasons) == 4  # commune, language, date, consent source
    assert subscribers_preview(text=text).errors[0].reasons == ["không phải số di động Việt Nam"]


def test_missing_columns(operators, composer):
    report = subscribers_import(actor=composer, text="phone,commune\n0912345001,xa-dong-dang\n")
    assert (not report.ok and "Missing columns" in report.errors[0].reasons[0]) or "Thiếu" in report.errors[
        0
    ].reasons[0]


def test_duplicates_merged_and_opt_out_kept(subscribers, composer):
    subscriber_opt_out(actor=composer, subscriber=subscribers[0], source="manual")
    text = (
        "phone,commune,language,consent_source,consent_date\n"
        f"{subscribers[0].phone},xa-quoc-khanh,tay,phiếu,01/10/2026\n"
        "0977000111,xa-quoc-khanh,vi,phiếu,01/10/2026\n"
        "84977000111,xa-quoc-khanh,nung,phiếu,02/10/2026\n"
    )
    report = subscribers_import(actor=composer, text=text)
    assert report.ok and (report.created, report.updated, report.merged, report.kept_opted_out) == (
        1,
        1,
        1,
        1,
    )
    assert Subscriber.objects.get(phone="+84977000111").language == Language.NUNG  # the later row wins
    first = Subscriber.objects.get(pk=subscribers[0].pk)
    assert first.opted_out_at is not None and first.language == Language.TAY


def test_audience_counts_by_commune_operator_language(subscribers, django_assert_num_queries):
    qs = audience(border_only=True)
    with django_assert_num_queries(3):
        counts = audience_counts(qs)
    assert counts.total == 2
    assert counts.by_commune == [("Xã Đồng Đăng", True, 2)]
    assert sorted(counts.by_operator) == [("Viettel", 1), ("VinaPhone", 1)]
    assert audience(languages=["tyz"]).count() == 1


@pytest.mark.parametrize("text", ["STOP", "stop please", "TC", "Từ chối", "tc"])
def test_mo_stop_opts_out(subscribers, text):
    subscriber = subscribers[0]
    inbound = inbound_receive(operator=None, source=subscriber.phone.lstrip("+"), text=text)
    assert inbound.action == "opt-out"
    subscriber.refresh_from_db()
    assert subscriber.opted_out_at is not None and subscriber not in audience()


def test_mo_other_text_is_kept(subscribers):
    inbound = inbound_receive(operator=None, source="84912345001", text="Cảm ơn")
    assert inbound.action == "" and Inbound.objects.count() == 1
    assert Subscriber.objects.reachable().count() == 4
