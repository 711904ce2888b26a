"""A hand-written slice of the Lạng Sơn gazetteer for the pure tests (the real one comes from the DB)."""

from ttdn.monitoring.analysis.gazetteer import KIND_WEIGHTS, Gazetteer, Term, is_generic, landmark_terms


def _t(text: str, kind: str, ambiguous: bool | None = None) -> Term:
    amb = is_generic(text) if ambiguous is None else ambiguous
    return Term(text, kind, KIND_WEIGHTS[kind], ambiguous=amb, source="sample")


def sample_gazetteer() -> Gazetteer:
    terms = [
        _t("Lạng Sơn", "province"),
        _t("tỉnh Lạng Sơn", "province"),
        _t("thành phố Lạng Sơn", "province"),
        *(
            _t(n, "commune")
            for n in (
                "Mẫu Sơn",
                "Đồng Đăng",
                "Cao Lộc",
                "Chi Lăng",
                "Bình Gia",
                "Quốc Khánh",
                "Kỳ Lừa",
                "Tân Thành",
                "Thất Khê",
                "Na Sầm",
            )
        ),
        *(_t(n, "former_commune", True) for n in ("Hòa Bình", "Quang Trung", "Tân Mỹ", "Bảo Lâm")),
        *(_t(n, "former_district") for n in ("Cao Lộc", "Văn Lãng", "Tràng Định", "Lộc Bình", "Hữu Lũng")),
        _t("cửa khẩu Tân Thanh", "border_gate"),
        _t("Tân Thanh", "border_gate", False),
        _t("cửa khẩu Nà Nưa", "border_gate"),
        _t("Nà Nưa", "border_gate", False),
        _t("cửa khẩu Hữu Nghị", "border_gate"),
        _t("Hữu Nghị", "border_gate", True),
        _t("UBND tỉnh Lạng Sơn", "agency"),
        _t("Công an tỉnh Lạng Sơn", "agency"),
        _t("Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn", "agency"),
        _t("Sở Văn hóa, Thể thao và Du lịch tỉnh Lạng Sơn", "agency"),
        _t("Báo Lạng Sơn", "press"),
        *landmark_terms(),
    ]
    return Gazetteer(terms, province="Lạng Sơn")
