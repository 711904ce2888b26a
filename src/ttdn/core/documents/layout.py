"""Measurements shared by the DOCX and PDF renderers (Phụ lục I, ND 30/2020).

Where ND 30 gives a range, the value is the size used in its own sample table.
"""

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 20
MARGIN_BOTTOM_MM = 20
MARGIN_LEFT_MM = 30
MARGIN_RIGHT_MM = 15
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM
HEADER_DISTANCE_MM = 10  # page number sits inside the 20 mm top margin

FONT_NAME = "Times New Roman"
# Liberation Serif 2.x has the metrics of Times New Roman and every Vietnamese letter;
# 1.x lacks some (Ộ, Ế…), so a serif fallback that silently mixes fonts must be avoided.
CSS_FONT_STACK = '"Times New Roman", "Liberation Serif", serif'

# Header (boxes 1–5): the right column must fit "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
# at 12 pt bold (≈ 88 mm) on one line.
HEADER_LEFT_MM = 68
HEADER_RIGHT_MM = TEXT_WIDTH_MM - HEADER_LEFT_MM
SIGNATURE_LEFT_MM = 80
SIGNATURE_RIGHT_MM = TEXT_WIDTH_MM - SIGNATURE_LEFT_MM
CELL_PADDING_MM = 1.9  # Word's default left/right cell margin (0.08")

SIZE_SUPERIOR = 12
SIZE_ISSUER = 12
SIZE_NUMBER = 13
SIZE_SUBJECT_LETTER = 12  # "V/v …" of a công văn
SIZE_NATION = 12
SIZE_MOTTO = 13
SIZE_DATE = 13
SIZE_KIND = 14
SIZE_SUBJECT = 14
SIZE_BODY = 14
SIZE_TABLE = 13
SIZE_RECIPIENT_LABEL = 12
SIZE_RECIPIENT = 11
SIZE_SIGNER = 14
SIZE_PAGE_NUMBER = 13

FIRST_LINE_INDENT_CM = 1.27
PARAGRAPH_AFTER_PT = 6
# Word "multiple 1.15"; ND 30 allows single to 1.5 lines. CSS line-height is relative to the
# font size, not to Word's single line (≈ 1.15 em for Times), hence the product below.
LINE_SPACING = 1.15
CSS_LINE_HEIGHT = round(LINE_SPACING * 1.15, 3)

RULE_FRACTION = 0.4  # ND 30: the rule under the issuer and the subject is 1/3–1/2 of the text
RULE_WIDTH_PT = 0.75
SIGNATURE_GAP_MM = 25  # room for the handwritten signature and seal

# Box 10a, the secrecy stamp: upper case, bold, framed; red ink as stamps are (TT 24/2020/TT-BCA).
SIZE_SECRECY = 13
SECRECY_COLOR_HEX = "C00000"
