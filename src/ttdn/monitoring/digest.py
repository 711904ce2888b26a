"""The press digest "Tổng hợp báo chí viết về Lạng Sơn" for a day or a week, as an ND30 document.

Reads the stored articles (only relevant, accepted ones) and returns an AdminDocument; rendering to DOCX or
PDF is the document library's job.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from ttdn.core.documents import AdminDocument, Heading, Paragraph, Signer, Table

from .analysis.topics import TOPIC_NAMES
from .models import Article, Case

TONE_NAMES = {"positive": "Tích cực", "neutral": "Trung lập", "negative": "Tiêu cực"}


@dataclass(frozen=True)
class DigestTexts:
    issuer: str = "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"
    superior: str | None = "UBND TỈNH LẠNG SƠN"
    symbol: str = "BC-SVHTTDL"
    place: str = "Lạng Sơn"
    province: str = "Lạng Sơn"
    signer_authority: str | None = "KT. GIÁM ĐỐC"
    signer_title: str = "PHÓ GIÁM ĐỐC"
    signer_name: str = ""


def _day_bounds(first: datetime.date, last: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
    return start, datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)


def digest_document(
    *, first: datetime.date, last: datetime.date, texts: DigestTexts | None = None, top: int = 10
) -> AdminDocument:
    texts = texts or DigestTexts()
    start, end = _day_bounds(first, last)
    articles = list(
        Article.objects.filter(
            relevant=True, rejected_reason="", published_at__gte=start, published_at__lt=end
        )
        .select_related("source", "cluster")
        .defer("raw_html_gz", "text", "text_folded", "minhash")
        .order_by("-published_at")
    )
    period = first.strftime("%d/%m/%Y") if first == last else f"{first:%d/%m/%Y} - {last:%d/%m/%Y}"
    tones = Counter(a.sentiment for a in articles)
    topics = Counter(code for a in articles for code in a.topics)
    sources = Counter(a.source.name for a in articles)
    # One row per story: syndicated copies count once, with the number of outlets that carried it.
    stories: dict[object, list[Article]] = {}
    for article in articles:
        stories.setdefault(article.cluster_id or f"a{article.pk}", []).append(article)
    ranked = sorted(stories.values(), key=lambda copies: (-len(copies), -copies[0].relevance_score))
    negative = [a for a in articles if a.sentiment == "negative"]

    body = [
        Paragraph(
            f"Trong thời gian từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}, hệ thống theo dõi báo chí ghi nhận "
            f"{len(articles)} tin, bài viết về tỉnh {texts.province} trên {len(sources)} cơ quan báo chí, "
            f"trong đó {tones['positive']} tin tích cực, {tones['neutral']} tin trung lập và "
            f"{tones['negative']} tin tiêu cực."
        ),
        Heading(1, "I. SỐ LƯỢNG TIN, BÀI THEO CHỦ ĐỀ"),
        Table(
            ["STT", "Chủ đề", "Số tin, bài"],
            [
                [str(i), TOPIC_NAMES.get(code, code), str(n)]
                for i, (code, n) in enumerate(topics.most_common(), 1)
            ]
            or [["", "Không có tin, bài theo các chủ đề đã đặt", "0"]],
            widths=[1, 6, 2],
        ),
        Heading(1, "II. TIN, BÀI NỔI BẬT"),
        Table(
            ["STT", "Tiêu đề", "Cơ quan báo chí", "Ngày đăng", "Số nơi đăng lại"],
            [
                [
                    str(i),
                    copies[0].title,
                    copies[0].source.name,
                    timezone.localtime(copies[0].published_at).strftime("%d/%m/%Y"),
                    str(len(copies)),
                ]
                for i, copies in enumerate(ranked[:top], 1)
            ]
            or [["", "Không có tin, bài trong kỳ", "", "", ""]],
            widths=[1, 7, 3, 2, 2],
        ),
        Heading(1, "III. TIN, BÀI CÓ NỘI DUNG TIÊU CỰC CẦN LƯU Ý"),
    ]
    if negative:
        body += [
            Paragraph(
                f"- {a.title} ({a.source.name}, {timezone.localtime(a.published_at):%d/%m/%Y}): {a.url}"
            )
            for a in negative
        ]
    else:
        body.append(Paragraph("Trong kỳ không ghi nhận tin, bài có nội dung tiêu cực về tỉnh."))
    body.append(Heading(1, "IV. CƠ QUAN BÁO CHÍ ĐĂNG TẢI"))
    body.append(
        Table(
            ["STT", "Cơ quan báo chí", "Số tin, bài"],
            [[str(i), name, str(n)] for i, (name, n) in enumerate(sources.most_common(), 1)]
            or [["", "Không có", "0"]],
            widths=[1, 7, 2],
        )
    )
    open_cases = list(
        Case.objects.exclude(status=Case.Status.CLOSED).select_related("unit").order_by("deadline", "pk")
    )
    body.append(Heading(1, "V. VỤ VIỆC XỬ LÝ, PHẢN BÁC THÔNG TIN SAI ĐANG MỞ"))
    body.append(
        Table(
            ["STT", "Vụ việc", "Trạng thái", "Nhãn", "Đơn vị phụ trách", "Hạn xử lý"],
            [
                [
                    str(i),
                    case.title,
                    str(Case.Status(case.status).label),
                    str(Case.Verdict(case.verdict).label) if case.verdict else "",
                    case.unit.name if case.unit else "",
                    case.deadline.strftime("%d/%m/%Y") if case.deadline else "",
                ]
                for i, case in enumerate(open_cases, 1)
            ]
            or [["", "Không có vụ việc đang mở", "", "", "", ""]],
            widths=[1, 6, 2, 2, 3, 2],
        )
    )
    return AdminDocument(
        superior=texts.superior,
        issuer=texts.issuer,
        number=None,
        symbol=texts.symbol,
        place=texts.place,
        date=None,
        year=last.year,
        kind="BÁO CÁO",
        subject=f"Tổng hợp báo chí viết về {texts.province} ({period})",
        addressees=[],
        body=body,
        signer=Signer(authority=texts.signer_authority, title=texts.signer_title, name=texts.signer_name),
        recipients=["UBND tỉnh (b/c)", "Lưu: VT, TTĐN"],
    )
