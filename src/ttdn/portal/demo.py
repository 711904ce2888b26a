"""The example site `make run` shows a newcomer: three languages, every page type, a few photos.

All text here is example content written for the demo; the Chinese renderings of names are unverified.
"""

import io
from typing import Any

from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.models import Page

from ttdn.core.models import User

from . import services
from .models import (
    ArticlePage,
    GlossaryTerm,
    HomePage,
    PhotoStoryItem,
    PhotoStoryPage,
    PortalDocument,
    PortalImage,
    PublicationPage,
    QAItem,
    QAPage,
    StandardPage,
    StatementPage,
    Topic,
    TopicPage,
    VideoPage,
)

GLOSSARY = [
    ("unit", "Ủy ban nhân dân tỉnh Lạng Sơn", "People's Committee of Lạng Sơn Province", "谅山省人民委员会"),
    (
        "unit",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Department of Culture, Sports and Tourism",
        "文化体育旅游厅",
    ),
    ("gate", "Cửa khẩu quốc tế Hữu Nghị", "Hữu Nghị International Border Gate", "友谊国际口岸"),
    (
        "gate",
        "Ga đường sắt liên vận quốc tế Đồng Đăng",
        "Đồng Đăng International Railway Station",
        "同登国际联运火车站",
    ),
    ("place", "Đồng Đăng", "Đồng Đăng", "同登"),
    ("place", "Quảng Tây", "Guangxi", "广西"),
    ("place", "Bằng Tường", "Pingxiang", "凭祥"),
    ("title", "Chủ tịch", "Chairman", "主席"),
]

TOPICS = {
    Topic.INVESTMENT: ("Đầu tư", "Investment", "投资"),
    Topic.TRADE: ("Thương mại và cửa khẩu", "Trade and border gates", "贸易与口岸"),
    Topic.TOURISM: ("Du lịch", "Tourism", "旅游"),
    Topic.CULTURE: ("Văn hóa", "Culture", "文化"),
    Topic.GUANGXI: ("Hợp tác với Quảng Tây", "Cooperation with Guangxi", "与广西合作"),
}


def example_photo(title: str, colour: tuple[int, int, int], *, gps: bool = True) -> ImageFile:
    """A drawn picture carrying the metadata a real camera writes (GPS included) so stripping can be seen."""
    img = PILImage.new("RGB", (1600, 1067), colour)
    draw = ImageDraw.Draw(img)
    for i in range(0, 1600, 80):
        draw.line([(i, 0), (i + 400, 1067)], fill=(255, 255, 255), width=3)
    exif = img.getexif()
    exif[0x010F] = "ExampleCam"  # Make
    exif[0x0110] = "X100"  # Model
    exif[0x013B] = "Phóng viên ví dụ"  # Artist
    if gps:
        exif[0x8825] = {1: "N", 2: (21.0, 50.0, 42.0), 3: "E", 4: (106.0, 45.0, 28.0)}
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=85, exif=exif)
    return ImageFile(io.BytesIO(out.getvalue()), name=f"{services_slug(title)}.jpg")


def services_slug(text: str) -> str:
    from ttdn.core.text import slugify_vi

    return slugify_vi(text) or "anh"


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _add(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


# The example staff who carry each example translation through its review (unusable passwords: an administrator
# sets one to sign in as them). A translation goes live only on a revision its language reviewer approved.
DEMO_STAFF = {
    "editor": ("demo-bien-tap-cong", "Biên tập viên (ví dụ)", services.EDITORS),
    "en": ("demo-ra-soat-en", "Người rà soát tiếng Anh (ví dụ)", services.REVIEWERS["en"]),
    "zh-hans": ("demo-ra-soat-zh", "Người rà soát tiếng Trung (ví dụ)", services.REVIEWERS["zh-hans"]),
    "approver": ("demo-lanh-dao-cong", "Lãnh đạo duyệt cổng (ví dụ)", services.APPROVERS),
}


def demo_staff() -> dict[str, User]:
    from django.contrib.auth.models import Group

    services.setup_workflow()
    staff = {}
    for role, (username, full_name, group) in DEMO_STAFF.items():
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "is_staff": False}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=group))
        staff[role] = user
    return staff


def review_and_publish(target: Page, staff: dict[str, User]) -> Page:
    """The translation's own cycle: submitted for review, approved by its language's reviewer, then by the
    approver, whose approval publishes the reviewed revision."""
    services.submit_translation_for_review(page=target, user=staff["editor"])
    services.approve_task(page=target, user=staff[target.locale.language_code])
    services.approve_task(page=target, user=staff["approver"])
    target.refresh_from_db()
    return target


def _translate(
    page: Page,
    strings: dict[str, dict[str, str]],
    user: Any,
    overrides: dict[str, dict[str, str]] | None = None,
) -> None:
    """strings: {language: {Vietnamese: translation}}; overrides: {language: {field: value}} as a translator sets
    them in wagtail-localize's editor ("Change document"). Each translation is published after its review."""
    services.submit_translations(page=page, user=user)
    staff = demo_staff()
    for language, mapping in strings.items():
        target = services.translate_strings(
            page=page, language=language, strings=mapping, user=staff["editor"]
        )
        for field, value in (overrides or {}).get(language, {}).items():
            _override(page, target, field, value, staff["editor"])
        review_and_publish(target, staff)


def _override(source: Page, target: Page, field: str, value: str, user: User) -> None:
    import json

    from wagtail_localize.models import OverridableSegment, SegmentOverride

    translation = services._translation(source, target.locale.language_code)
    segment = OverridableSegment.objects.get(source=translation.source, context__path=field)
    SegmentOverride.objects.update_or_create(
        locale_id=target.locale_id,
        context_id=segment.context_id,
        defaults={"data_json": json.dumps(value), "last_translated_by": user},
    )


@transaction.atomic
def load(*, user: Any = None) -> HomePage:
    """Idempotent: a site that already has portal pages below the home is left as it is.

    Wagtail queues a reference-index task on every save, and each translation step replaces a translated
    page's child rows (photo story items, questions): the tasks queued for the replaced rows then fail in
    the worker. The example site is built with those saves unindexed, then indexed once.
    """
    from wagtail.models import ReferenceIndex
    from wagtail.signal_handlers import disable_reference_index_auto_update

    with disable_reference_index_auto_update():
        pages = Page.objects.count()
        home = _load(user)
    if Page.objects.count() != pages:  # built now, not an existing site left alone
        # Pages as their specific class (a base Page row would record only the base fields' references).
        others = [m for m in ReferenceIndex.indexed_models if not issubclass(m, Page)]
        for instance in [*Page.objects.specific(), *(o for m in others for o in m._default_manager.all())]:
            ReferenceIndex.create_or_update_for_object(instance)
    return home


def _load(user: Any) -> HomePage:
    home = services.ensure_home()
    for category, vi, en, zh in GLOSSARY:
        GlossaryTerm.objects.update_or_create(vi=vi, defaults={"category": category, "en": en, "zh": zh})
    if home.get_children().exists():
        services.setup_workflow()
        return home
    home.intro = "Cổng thông tin đối ngoại của tỉnh Lạng Sơn: tin tức, hình ảnh, ấn phẩm về đầu tư, thương mại, du lịch."
    home.save_revision().publish()
    _translate(
        home,
        {
            "en": {
                home.title: "Lạng Sơn Foreign Information Portal",
                home.intro: "The foreign information portal of Lạng Sơn province: news, photos and publications on investment, trade and tourism.",
            },
            "zh-hans": {
                home.title: "谅山省对外信息门户",
                home.intro: "谅山省对外信息门户：投资、贸易、旅游新闻、图片与出版物。",
            },
        },
        user,
    )
    topics = {}
    for topic, (vi, en, zh) in TOPICS.items():
        page = _add(home, TopicPage(title=vi, topic=topic, show_in_menus=True, intro=f"{vi} - Lạng Sơn"))
        _translate(
            page,
            {"en": {vi: en, page.intro: f"{en} - Lạng Sơn"}, "zh-hans": {vi: zh, page.intro: f"{zh} - 谅山"}},
            user,
        )
        topics[topic] = page

    gate = PortalImage.objects.create(
        title="Cửa khẩu quốc tế Hữu Nghị",
        file=example_photo("cua-khau-huu-nghi", (30, 90, 60)),
        photographer="Phóng viên ví dụ",
        credit="Sở Văn hóa, Thể thao và Du lịch",
        location="Đồng Đăng, Lạng Sơn",
        keywords="cửa khẩu, thương mại, Hữu Nghị",
        caption_vi="Xe hàng qua Cửa khẩu quốc tế Hữu Nghị (ảnh ví dụ).",
        caption_en="Lorries at the Hữu Nghị International Border Gate (example photo).",
        caption_zh="友谊国际口岸的货车（示例图片）。",
        alt_vi="Xe tải xếp hàng tại cửa khẩu",
        alt_en="Lorries queueing at the border gate",
        alt_zh="口岸排队的货车",
    )
    market = PortalImage.objects.create(
        title="Chợ Đông Kinh",
        file=example_photo("cho-dong-kinh", (120, 40, 40)),
        location="Lạng Sơn",
        keywords="chợ, du lịch",
        caption_vi="Chợ Đông Kinh (ảnh ví dụ).",
        caption_en="Đông Kinh market (example photo).",
        caption_zh="东京市场（示例图片）。",
        alt_vi="Quầy hàng trong chợ",
        alt_en="Stalls inside the market",
        alt_zh="市场里的摊位",
    )
    article = _add(
        topics[Topic.TRADE],
        ArticlePage(
            title="Đồng Đăng đón đoàn doanh nghiệp Quảng Tây",
            lead_image=gate,
            intro="Đoàn doanh nghiệp Quảng Tây khảo sát Cửa khẩu quốc tế Hữu Nghị (tin ví dụ).",
            body="<p>Ủy ban nhân dân tỉnh Lạng Sơn tiếp đoàn doanh nghiệp Quảng Tây tại Đồng Đăng.</p>",
        ),
    )
    _translate(
        article,
        {
            "en": {
                article.title: "Đồng Đăng welcomes a Guangxi business delegation",
                article.intro: "A Guangxi business delegation visits the Hữu Nghị International Border Gate (example news).",
                "Ủy ban nhân dân tỉnh Lạng Sơn tiếp đoàn doanh nghiệp Quảng Tây tại Đồng Đăng.": "The People's Committee of Lạng Sơn Province received a Guangxi business delegation in Đồng Đăng.",
            },
            "zh-hans": {
                article.title: "同登迎接广西企业代表团",
                article.intro: "广西企业代表团考察友谊国际口岸（示例新闻）。",
                "Ủy ban nhân dân tỉnh Lạng Sơn tiếp đoàn doanh nghiệp Quảng Tây tại Đồng Đăng.": "谅山省人民委员会在同登接待广西企业代表团。",
            },
        },
        user,
    )
    story = PhotoStoryPage(title="Một ngày ở chợ Đông Kinh", intro="Phóng sự ảnh ví dụ.")
    story.photos = [PhotoStoryItem(image=market), PhotoStoryItem(image=gate)]
    _add(topics[Topic.TOURISM], story)
    _translate(
        story,
        {
            "en": {story.title: "A day at Đông Kinh market", story.intro: "An example photo story."},
            "zh-hans": {story.title: "东京市场的一天", story.intro: "示例图片报道。"},
        },
        user,
    )
    _video_page(topics[Topic.CULTURE], user)
    pdf = PortalDocument.objects.create(
        title="Cẩm nang đầu tư Lạng Sơn", file=_file("cam-nang-dau-tu.pdf", MINIMAL_PDF)
    )
    publication = _add(
        topics[Topic.INVESTMENT],
        PublicationPage(
            title="Cẩm nang đầu tư Lạng Sơn",
            document=pdf,
            cover=gate,
            publisher="Sở Văn hóa, Thể thao và Du lịch",
            year=2026,
            page_count=1,
            intro="Ấn phẩm ví dụ.",
        ),
    )
    _translate(
        publication,
        {
            "en": {publication.title: "Lạng Sơn investment guide"},
            "zh-hans": {publication.title: "谅山投资指南"},
        },
        user,
    )
    qa = QAPage(title="Hỏi đáp về thủ tục xuất nhập cảnh", intro="Hỏi đáp ví dụ.")
    qa.questions = [
        QAItem(
            question="Cửa khẩu nào làm thủ tục cho khách du lịch?",
            answer="Cửa khẩu quốc tế Hữu Nghị (nội dung ví dụ).",
        )
    ]
    _add(home, qa)
    _translate(
        qa,
        {
            "en": {
                qa.title: "Questions on border formalities",
                "Cửa khẩu nào làm thủ tục cho khách du lịch?": "Which border gate handles tourists?",
                "Cửa khẩu quốc tế Hữu Nghị (nội dung ví dụ).": "The Hữu Nghị International Border Gate (example content).",
            },
            "zh-hans": {
                qa.title: "出入境手续问答",
                "Cửa khẩu nào làm thủ tục cho khách du lịch?": "哪个口岸为游客办理手续？",
                "Cửa khẩu quốc tế Hữu Nghị (nội dung ví dụ).": "友谊国际口岸（示例内容）。",
            },
        },
        user,
    )
    statement = _add(
        home,
        StatementPage(
            title="Cải chính thông tin sai sự thật về việc đóng cửa khẩu",
            issued_by="Sở Văn hóa, Thể thao và Du lịch",
            reference="01/TB-VHTTDL (ví dụ)",
            false_claim="Tin đồn: Cửa khẩu quốc tế Hữu Nghị đóng cửa.",
            body="<p>Cửa khẩu quốc tế Hữu Nghị vẫn hoạt động bình thường.</p>",
        ),
    )
    _translate(
        statement,
        {
            "en": {
                statement.title: "Correction of false information about a border gate closure",
                "Cửa khẩu quốc tế Hữu Nghị vẫn hoạt động bình thường.": "The Hữu Nghị International Border Gate operates normally.",
            },
            "zh-hans": {
                statement.title: "关于口岸关闭不实信息的澄清",
                "Cửa khẩu quốc tế Hữu Nghị vẫn hoạt động bình thường.": "友谊国际口岸正常运行。",
            },
        },
        user,
    )
    _required_pages(home, user)
    services.setup_workflow()
    return home


def _video_page(parent: Page, user: Any) -> VideoPage:
    """A real H.264 clip with its poster and captions in each language (a translation carries its own file)."""
    from .demovideo import demo_video

    clip = demo_video()
    poster = PortalImage.objects.create(
        title="Lễ hội Lồng tồng - khung hình",
        file=ImageFile(io.BytesIO(clip.poster_jpeg), name="le-hoi-long-tong.jpg"),
        caption_vi="Khung hình đầu của video ví dụ.",
        alt_vi="Tên tỉnh Lạng Sơn trên nền xanh",
        alt_en="The name Lạng Sơn on a green background",
        alt_zh="绿色背景上的谅山名称",
    )
    mp4 = PortalDocument.objects.create(
        title="Lễ hội Lồng tồng (MP4)", file=_file("le-hoi-long-tong.mp4", clip.mp4)
    )
    captions = {
        language: PortalDocument.objects.create(
            title=f"Phụ đề ({language})", file=_file(f"phu-de-{language}.vtt", text.encode())
        )
        for language, text in clip.captions.items()
    }
    video = _add(
        parent,
        VideoPage(
            title="Lễ hội Lồng tồng",
            intro="Video ví dụ: thẻ tiêu đề có chữ chạy, phụ đề tiếng Việt, Anh, Trung.",
            video=mp4,
            poster=poster,
            captions=captions["vi"],
            transcript="<p>Lời thoại của video ví dụ.</p>",
        ),
    )
    _translate(
        video,
        {
            "en": {
                video.title: "The Lồng tồng festival",
                video.intro: "Example video: a title card with moving text, captions in Vietnamese, English and Chinese.",
                "Lời thoại của video ví dụ.": "Transcript of the example video.",
            },
            "zh-hans": {
                video.title: "下田节",
                video.intro: "示例视频：带滚动文字的标题卡，越南语、英语和中文字幕。",
                "Lời thoại của video ví dụ.": "示例视频的文字稿。",
            },
        },
        user,
        overrides={language: {"captions": str(captions[language].pk)} for language in ("en", "zh-hans")},
    )
    return video


def _file(name: str, data: bytes):
    from django.core.files.base import ContentFile

    return ContentFile(data, name=name)


# Nghị định 42/2022/NĐ-CP asks state agencies' portals to give their organisation, functions and official
# contacts in English too.
REQUIRED = [
    (
        "co-cau-to-chuc",
        "Cơ cấu tổ chức",
        "Organisation",
        "组织机构",
        "Ủy ban nhân dân tỉnh Lạng Sơn chỉ đạo công tác thông tin đối ngoại; Sở Văn hóa, Thể thao và Du lịch là cơ quan thường trực.",
        "The People's Committee of Lạng Sơn Province directs foreign information work; the Department of Culture, Sports and Tourism is the standing agency.",
        "谅山省人民委员会领导对外信息工作；文化体育旅游厅为常设机构。",
    ),
    (
        "chuc-nang-nhiem-vu",
        "Chức năng, nhiệm vụ",
        "Functions and duties",
        "职能与任务",
        "Cung cấp thông tin chính thức về tỉnh Lạng Sơn cho bạn bè quốc tế.",
        "Providing official information about Lạng Sơn province to international readers.",
        "向国际读者提供谅山省的官方信息。",
    ),
    (
        "lien-he",
        "Thông tin liên hệ chính thức",
        "Official contacts",
        "官方联系方式",
        "Liên hệ: Sở Văn hóa, Thể thao và Du lịch tỉnh Lạng Sơn (địa chỉ và điện thoại do Sở cập nhật).",
        "Contact: Department of Culture, Sports and Tourism of Lạng Sơn Province (address and telephone kept up to date by the Department).",
        "联系：谅山省文化体育旅游厅（地址和电话由该厅更新）。",
    ),
]


def _required_pages(home: HomePage, user: Any) -> None:
    for slug, vi, en, zh, body_vi, body_en, body_zh in REQUIRED:
        page = _add(home, StandardPage(title=vi, slug=slug, body=f"<p>{body_vi}</p>", show_in_menus=False))
        _translate(page, {"en": {vi: en, body_vi: body_en}, "zh-hans": {vi: zh, body_vi: body_zh}}, user)
