"""Documents generated from a plan's tracking data: they read the database and return bytes.

* :func:`render_consolidated_docx` / :func:`render_consolidated_pdf`: the focal unit's báo cáo to the
  province on a reporting period (:func:`consolidated_report_document` for the document itself);
* :func:`render_urging_docx`, :func:`render_urging_letters_zip`, :func:`render_urging_all_docx`:
  công văn đôn đốc to units with overdue tasks;
* :func:`render_matrix_xlsx`: the task × unit tracking matrix as an Excel workbook.

Views only collect the officer's edits into :class:`ReportTexts` / :class:`UrgingTexts` and send the bytes.
"""

from .common import DocumentTexts, ReportTexts, UrgingTexts
from .consolidated import (
    consolidated_report_document,
    render_consolidated_docx,
    render_consolidated_pdf,
    report_subject,
)
from .matrix import MATRIX_SHEET, SUMMARY_SHEET, render_matrix_xlsx
from .urging import (
    COMBINED_FILE_NAME,
    NoOverdueWork,
    letter_file_name,
    overdue_by_unit,
    render_urging_all_docx,
    render_urging_docx,
    render_urging_letters_zip,
    urging_all_document,
    urging_letter_document,
)

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

__all__ = [
    "COMBINED_FILE_NAME",
    "DOCX_CONTENT_TYPE",
    "MATRIX_SHEET",
    "SUMMARY_SHEET",
    "XLSX_CONTENT_TYPE",
    "DocumentTexts",
    "NoOverdueWork",
    "ReportTexts",
    "UrgingTexts",
    "consolidated_report_document",
    "letter_file_name",
    "overdue_by_unit",
    "render_consolidated_docx",
    "render_consolidated_pdf",
    "render_matrix_xlsx",
    "render_urging_all_docx",
    "render_urging_docx",
    "render_urging_letters_zip",
    "report_subject",
    "urging_all_document",
    "urging_letter_document",
]
