"""The public site's own words in its three languages (the staff UI uses gettext; the portal's readers need
Chinese, which the project's message catalogues do not carry)."""

LABELS: dict[str, dict[str, str]] = {
    "site_name": {
        "vi": "Lạng Sơn - Thông tin đối ngoại",
        "en": "Lạng Sơn Foreign Information Portal",
        "zh-hans": "谅山省对外信息门户",
    },
    "skip": {"vi": "Bỏ qua, đến nội dung chính", "en": "Skip to main content", "zh-hans": "跳到主要内容"},
    "search": {"vi": "Tìm kiếm", "en": "Search", "zh-hans": "搜索"},
    "search_results": {"vi": "Kết quả tìm kiếm", "en": "Search results", "zh-hans": "搜索结果"},
    "no_results": {"vi": "Không tìm thấy kết quả.", "en": "No results found.", "zh-hans": "未找到结果。"},
    "languages": {"vi": "Ngôn ngữ", "en": "Languages", "zh-hans": "语言"},
    "main_nav": {"vi": "Điều hướng chính", "en": "Main navigation", "zh-hans": "主导航"},
    "latest": {"vi": "Tin mới", "en": "Latest", "zh-hans": "最新消息"},
    "topics": {"vi": "Chủ đề", "en": "Topics", "zh-hans": "专题"},
    "download": {"vi": "Tải xuống", "en": "Download", "zh-hans": "下载"},
    "photo": {"vi": "Ảnh", "en": "Photo", "zh-hans": "摄影"},
    "published": {"vi": "Ngày đăng", "en": "Published", "zh-hans": "发布日期"},
    "authors": {"vi": "Tác giả", "en": "Authors", "zh-hans": "作者"},
    "publisher": {"vi": "Nhà xuất bản", "en": "Publisher", "zh-hans": "出版单位"},
    "year": {"vi": "Năm", "en": "Year", "zh-hans": "年份"},
    "pages": {"vi": "Số trang", "en": "Pages", "zh-hans": "页数"},
    "transcript": {"vi": "Lời thoại", "en": "Transcript", "zh-hans": "文字稿"},
    "external": {"vi": "Xem trên nền tảng khác", "en": "Watch elsewhere", "zh-hans": "在其他平台观看"},
    "false_claim": {"vi": "Thông tin sai sự thật", "en": "False information", "zh-hans": "不实信息"},
    "clarification": {"vi": "Thông tin chính xác", "en": "The facts", "zh-hans": "事实澄清"},
    "reference": {"vi": "Số hiệu", "en": "Reference", "zh-hans": "文号"},
    "issued_by": {"vi": "Cơ quan ban hành", "en": "Issued by", "zh-hans": "发布机关"},
    "rss": {"vi": "Tin RSS", "en": "RSS feed", "zh-hans": "RSS订阅"},
    "footer": {
        "vi": "Ủy ban nhân dân tỉnh Lạng Sơn",
        "en": "People's Committee of Lạng Sơn Province",
        "zh-hans": "谅山省人民委员会",
    },
    "query": {"vi": "Từ khóa", "en": "Keywords", "zh-hans": "关键词"},
    "home": {"vi": "Trang chủ", "en": "Home", "zh-hans": "首页"},
}

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English", "zh-hans": "简体中文"}


def label(key: str, language: str) -> str:
    entry = LABELS[key]
    return entry.get(language) or entry["en"]
