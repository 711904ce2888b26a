"""The one exception callers of the parser need to handle."""

from __future__ import annotations


class PlanParseError(Exception):
    """Raised for any input the parser cannot turn into a plan.

    ``message`` is a complete Vietnamese sentence meant to be shown to the
    person who uploaded the file, so callers never need to translate it.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


EMPTY = "Tệp rỗng: không có nội dung để đọc."
NOT_TEXT = "Tệp không phải văn bản: nội dung nhị phân hoặc bảng mã không nhận dạng được."
BAD_DOCX = "Tệp .docx bị hỏng hoặc không đúng định dạng Word, không mở được."
BAD_PDF = "Tệp PDF bị hỏng hoặc không mở được."
SCANNED_PDF = "Tệp PDF không có lớp văn bản (có thể là bản quét): hãy tải lên bản PDF có chữ hoặc bản .docx."
LEGACY_DOC = "Tệp .doc (Word 97-2003) chưa được hỗ trợ: hãy lưu lại dưới dạng .docx rồi tải lên."
NOT_FOUND = "Không tìm thấy tệp: {path}."
UNREADABLE = "Không đọc được tệp: {path}."


def too_big(size: int, limit: int) -> str:
    return f"Tệp quá lớn ({size / 1048576:.1f} MB): giới hạn là {limit // 1048576} MB."


def unsupported(ext: str) -> str:
    shown = ext or "(không có phần mở rộng)"
    return f"Định dạng tệp không được hỗ trợ: {shown}. Chỉ nhận tệp .txt, .md, .docx hoặc .pdf."


def too_deep(depth: int, limit: int) -> str:
    return f"Đề mục lồng nhau quá sâu ({depth} cấp, tối đa {limit} cấp): kiểm tra lại cách đánh số."


def internal(kind: str) -> str:
    return f"Không phân tích được tệp do lỗi không lường trước ({kind}); hãy báo cho quản trị viên."
