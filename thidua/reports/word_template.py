"""The bundled Word template of a report (docxtpl: Jinja2 inside Word), and the formatting it is built with.

``python -m thidua.reports.word_template`` writes ``thidua/templates/word/bao-cao.docx``: the page, the header
table, the title, the recipients and signature, and a landscape section for the appendix, laid out with
the sizes of :mod:`thidua.reports.decree30`. The body and the appendix are filled in by
:mod:`thidua.reports.word_report`; an office's own template uses the same placeholders (docs/word-report.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from thidua import resources
from thidua.reports import decree30 as d

TEMPLATE = resources.TEMPLATES / "word" / "bao-cao.docx"
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT


def set_font(element: object, size: float | None = None) -> None:
    """Times New Roman for every script of a run or style font (Word otherwise keeps its theme font for some)."""
    font = element.font  # type: ignore[attr-defined]
    font.name = d.FONT
    if size is not None:
        font.size = Pt(size)
    rpr = element.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), d.FONT)


def text(
    container: object,
    words: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = CENTER,
    indent: bool = False,
    after: float = 0,
) -> Paragraph:
    """A paragraph of one run with its size and style set directly (so it survives any template's styles)."""
    paragraph = container.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(after)
    if indent:
        fmt.first_line_indent = Cm(d.FIRST_LINE_INDENT_CM)
    if words:
        run = paragraph.add_run(words)
        set_font(run, size)
        run.bold, run.italic = bold, italic
    return paragraph


def rule(container: object, length_mm: float, within_mm: float) -> Paragraph:
    """A solid horizontal rule ``length_mm`` long, centred in a space ``within_mm`` wide (II.1.b, II.2, II.5)."""
    paragraph = container.add_paragraph()  # type: ignore[attr-defined]
    fmt = paragraph.paragraph_format
    side = Mm((within_mm - length_mm) / 2)
    fmt.left_indent = fmt.right_indent = side
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(4)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)
    return paragraph


def set_page(section: Section, landscape: bool = False) -> None:
    """A4 with the decree's margins (I.1, I.3), portrait or, for a wide appendix, landscape (I.2)."""
    width, height = Mm(d.PAGE_WIDTH_MM), Mm(d.PAGE_HEIGHT_MM)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin, section.bottom_margin = Mm(d.MARGIN_TOP_MM), Mm(d.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(d.MARGIN_LEFT_MM), Mm(d.MARGIN_RIGHT_MM)
    section.header_distance = Mm(d.MARGIN_TOP_MM / 2)


def _page_number(section: Section) -> None:
    """Page numbers centred at the top, none on the first page (I.7)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    run = paragraph.add_run()
    set_font(run, d.PAGE_NUMBER_PT)
    for kind, content in (("begin", None), (None, "PAGE"), ("separate", None), ("end", None)):
        if kind is None:
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = content
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        run._r.append(node)


def borderless(table: Table, widths_mm: tuple[float, ...]) -> None:
    """No borders and fixed column widths: the layout tables of the header and the signature."""
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        node = OxmlElement(f"w:{edge}")
        node.set(qn("w:val"), "nil")
        borders.append(node)
    tbl_pr.append(borders)
    widths(table, widths_mm)


def widths(table: Table, widths_mm: tuple[float, ...] | list[float]) -> None:
    """Column widths in the grid (which LibreOffice reads) and in every cell (which Word reads)."""
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _header(doc: Document) -> None:
    """The two-column header: issuing body and number on the left, national name, motto and date on the right."""
    table = doc.add_table(rows=1, cols=2)
    borderless(table, (d.HEADER_LEFT_MM, d.HEADER_RIGHT_MM))
    left, right = table.rows[0].cells
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    text(left, "{%p if co_quan_cap_tren %}", d.PARENT_BODY_PT)
    text(left, "{{ co_quan_cap_tren }}", d.PARENT_BODY_PT)
    text(left, "{%p endif %}", d.PARENT_BODY_PT)
    text(left, "{%p for dong in co_quan %}", d.ISSUER_PT)
    text(left, "{{ dong }}", d.ISSUER_PT, bold=True)
    text(left, "{%p endfor %}", d.ISSUER_PT)
    rule(left, d.ISSUER_RULE_MM, d.HEADER_LEFT_MM)
    text(left, "Số: {{ so_ky_hieu }}", d.NUMBER_PT)
    text(right, d.NATIONAL_NAME, d.NATIONAL_NAME_PT, bold=True)
    text(right, d.MOTTO, d.MOTTO_PT, bold=True)
    rule(right, d.MOTTO_RULE_MM, d.HEADER_RIGHT_MM)
    text(right, "", d.PLACE_DATE_PT)
    text(right, "{{ dia_danh_ngay }}", d.PLACE_DATE_PT, italic=True)


def _signature(doc: Document) -> None:
    """Recipients (bold italic label, 11 pt list) beside the signature block (II.7, II.9)."""
    table = doc.add_table(rows=1, cols=2)
    half = d.TEXT_WIDTH_MM / 2
    borderless(table, (half, half))
    left, right = table.rows[0].cells
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    text(left, "Nơi nhận:", d.RECIPIENTS_LABEL_PT, bold=True, italic=True, align=LEFT)
    text(left, "{%p for nhan in noi_nhan_rt %}", d.RECIPIENTS_PT, align=LEFT)
    text(left, "- {{r nhan }}", d.RECIPIENTS_PT, align=LEFT)  # RichText: a placeholder among them in yellow
    text(left, "{%p endfor %}", d.RECIPIENTS_PT, align=LEFT)
    text(right, "{{ tham_quyen }}", d.SIGNATURE_PT, bold=True)
    text(right, "{{ chuc_vu }}", d.SIGNATURE_PT, bold=True)
    for _ in range(d.SIGNATURE_SPACE_LINES):
        text(right, "", d.SIGNATURE_PT)
    text(right, "{{r nguoi_ky }}", d.SIGNATURE_PT, bold=True)


def build_template(path: Path = TEMPLATE) -> Path:
    """Write the bundled template: every placeholder of docs/word-report.md, laid out by the decree."""
    doc = Document()
    normal = doc.styles["Normal"]
    set_font(normal, d.BODY_PT)
    set_page(doc.sections[0])
    _page_number(doc.sections[0])
    _header(doc)
    text(doc, "", d.DOC_TYPE_PT)
    text(doc, "{{ ten_loai }}", d.DOC_TYPE_PT, bold=True)
    text(doc, "{{ trich_yeu }}", d.SUBJECT_PT, bold=True)
    rule(doc, d.SUBJECT_RULE_MM, d.TEXT_WIDTH_MM)
    text(doc, "{{p noi_dung }}", d.BODY_PT, align=JUSTIFY)
    _signature(doc)
    appendix = doc.add_section(WD_SECTION.NEW_PAGE)
    set_page(appendix, landscape=True)
    appendix.different_first_page_header_footer = False  # the appendix's first page is numbered too
    text(doc, "{{p phu_luc }}", d.BODY_PT)
    doc.core_properties.author = "thidua"
    doc.core_properties.title = "Báo cáo"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


if __name__ == "__main__":
    print(f"wrote {build_template(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE)}")
