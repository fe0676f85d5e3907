"""The administrative format of Nghị định 30/2020/NĐ-CP (Phụ lục I, Phần I): every size, in one place.

Each value cites its clause of Phụ lục I, Phần I ("I.3" = mục I, khoản 3; "II.1.b" = mục II, khoản 1,
điểm b). Where the decree gives a range, the value chosen is inside it and the range is noted.
The bundled Word template (``tools/make_word_template.py``) and the report builder read only these.
"""

from __future__ import annotations

FONT = "Times New Roman"  # I.4: Times New Roman, Unicode TCVN 6909:2001, black

# I.1 paper A4 (210 mm x 297 mm); I.2 portrait ("theo chiều dài"), tables may turn landscape.
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297

# I.3 margins: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
MARGIN_TOP_MM = 20
MARGIN_BOTTOM_MM = 20
MARGIN_LEFT_MM = 30
MARGIN_RIGHT_MM = 15
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165 mm

# I.7 page numbers: from 1, Arabic, 13-14 pt, upright, centred in the top margin, none on page 1.
PAGE_NUMBER_PT = 13

# II.1.a national name: capitals, 12-13 pt, upright, bold, top right of the first page.
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_NAME_PT = 12
# II.1.b motto: lower case (initials capital, hyphens between), 13-14 pt, upright, bold, centred under
# the national name, over a solid rule as long as the motto line.
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MOTTO_PT = 13
MOTTO_RULE_MM = 56  # the motto's width at 13 pt bold (Times New Roman metrics; Liberation Serif measures 56.1)

# II.2 issuing body: the body above it (where there is one) in capitals, 12-13 pt, upright; the issuing
# body in capitals, 12-13 pt, upright, bold, over a solid rule 1/3 to 1/2 of the line, centred.
PARENT_BODY_PT = 12
ISSUER_PT = 12
ISSUER_RULE_MM = 18  # 1/3-1/2 of "ỦY BAN NHÂN DÂN" at 12 pt bold (39.7 mm): 13.2-19.9 mm

# II.3 number and symbol: "Số:" lower case, symbol in capitals, 13 pt, upright.
NUMBER_PT = 13
# II.4 place and date: lower case, 13-14 pt, italic, centred under the motto; day < 10 and months 1, 2
# with a leading 0.
PLACE_DATE_PT = 13

# II.5 document type ("BÁO CÁO"): capitals, 13-14 pt, upright, bold, centred; the subject just below,
# lower case, 13-14 pt, upright, bold, centred, over a solid rule 1/3 to 1/2 of the line.
DOC_TYPE_PT = 14
SUBJECT_PT = 14
SUBJECT_RULE_MM = 30  # 1/3-1/2 of a one-line subject ("Tổng kết phong trào thi đua năm 2023": 81 mm)

# II.6 body: lower case, justified, upright, 13-14 pt; first line indented 1 cm or 1.27 cm; at least
# 6 pt between paragraphs; line spacing from single to 1.5 lines. Parts numbered I., II. (Roman),
# sections 1., 2. (Arabic), points a), b) (Vietnamese letters).
BODY_PT = 14
FIRST_LINE_INDENT_CM = 1.0
PARAGRAPH_SPACING_PT = 6
LINE_SPACING = 1.15  # lines, within single-1.5

# II.7 signature: authority ("TM.") and title in capitals, 13-14 pt, upright, bold; the name in lower
# case, 13-14 pt, upright, bold, centred under them.
SIGNATURE_PT = 14
SIGNATURE_SPACE_LINES = 4  # room for the signature and seal (II.8)

# II.9 recipients: "Nơi nhận" lower case, 12 pt, italic, bold, with a colon; the list in lower case,
# 11 pt, upright, each line starting with "-" and ending with ";", the last "- Lưu: VT, ..." ending ".".
RECIPIENTS_LABEL_PT = 12
RECIPIENTS_PT = 11

# III.1 appendix: "Phụ lục" and its number on a line of its own, centred, 14 pt, upright, bold; its title
# in capitals, 14 pt, bold, centred. Tables inside keep the body font; 12 pt is used so a wide table fits.
APPENDIX_TITLE_PT = 14
TABLE_PT = 12

# Header table columns (Mục IV's layout: the body at the top left, the national name at the top right).
HEADER_LEFT_MM = 65
HEADER_RIGHT_MM = TEXT_WIDTH_MM - HEADER_LEFT_MM  # 100 mm: the national name (88 mm at 12 pt) fits one line
