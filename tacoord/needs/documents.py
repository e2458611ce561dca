"""The analytical report for the Working Group as documents: PDF (ReportLab) and DOCX (python-docx), made on the
server from the same `AnalyticalReport` the page shows.

The PDF embeds DejaVu Sans or Noto Sans when the system has one (Latin, Cyrillic and Greek; Debian's fonts-dejavu-core)
and uses ReportLab's built-in Chinese font for Chinese; ReportLab neither shapes Arabic nor lays it out right to
left, so in Arabic the DOCX is the document to use (Word shapes and orders it; its paragraphs are marked right to
left).
"""

import datetime
import functools
import io
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tacoord.needs.selectors import AnalyticalReport

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/freefont/FreeSans.ttf"),
)
BAR_COLOUR = "#009edb"  # UN blue, as on the page


def _title() -> str:
    return _("Technical assistance needs: analytical report")


def _subtitle(report: AnalyticalReport) -> str:
    parts = [_("For the Working Group of Government Experts on Technical Assistance")]
    if report.later:
        parts.append(str(report.later))
    parts.append(datetime.date.today().isoformat())
    return " · ".join(parts)


def _summary(report: AnalyticalReport) -> str:
    parts = [_("Current needs: %(count)s") % {"count": report.total},
             _("States: %(count)s") % {"count": report.states}]
    if report.responses is not None:
        parts.append(_("Responses submitted: %(count)s") % {"count": report.responses})
    return " · ".join(parts)


def _heading(dimension) -> str:
    return _("Needs by %(dimension)s") % {"dimension": dimension.label}


def _change_heading() -> str:
    return _("Change since the earlier cycle, by priority area")


def file_name(report: AnalyticalReport, extension: str) -> str:
    cycle = f"-cycle-{report.later.pk}" if report.later else ""
    return f"needs-analytical-report{cycle}.{extension}"


# ------------------------------------------------------------------------------------------------ PDF


@functools.cache
def _pdf_font(language: str) -> str:
    """The name of a registered font that writes the language, Helvetica when the system has none."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    if language.startswith("zh"):
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        return "STSong-Light"
    for path in FONT_CANDIDATES:
        if path.exists():
            pdfmetrics.registerFont(TTFont("ReportSans", str(path)))
            return "ReportSans"
    return "Helvetica"


def report_pdf(report: AnalyticalReport) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.graphics.shapes import Drawing, Rect
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _pdf_font(get_language() or "en")
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName=font, fontSize=9, leading=11)
    title = ParagraphStyle("title", parent=styles["Title"], fontName=font, fontSize=16, leading=20)
    heading = ParagraphStyle("heading", parent=styles["Heading2"], fontName=font, fontSize=12, leading=15)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                                 bottomMargin=18 * mm, title=_title(), subject=_summary(report),
                                 author=_("tacoord"), creator="tacoord")
    width = document.width
    bar_width = width * 0.4

    def text(value) -> Paragraph:
        return Paragraph(escape(str(value)), body)

    def bar(share: float) -> Drawing:
        drawing = Drawing(bar_width, 8)
        drawing.add(Rect(0, 1, max(bar_width * share / 100, 0.5), 6, fillColor=colors.HexColor(BAR_COLOUR),
                         strokeColor=None))
        return drawing

    grid = TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 9),
                       ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                       ("ALIGN", (1, 0), (1, -1), "RIGHT")])
    story = [Paragraph(escape(_title()), title), Paragraph(escape(_subtitle(report)), body), Spacer(1, 4 * mm),
             Paragraph(escape(_summary(report)), body), Spacer(1, 4 * mm)]
    if report.change:
        rows = [[text(report.change_dimension.label), text(report.earlier), text(report.later), text(_("Change"))]]
        rows += [[text(row.label), row.earlier, row.later, f"{row.change:+d}"] for row in report.change]
        table = Table(rows, colWidths=[width * 0.46, width * 0.18, width * 0.18, width * 0.18], repeatRows=1)
        table.setStyle(grid)
        story.append(KeepTogether([Paragraph(escape(_change_heading()), heading), table, Spacer(1, 4 * mm)]))
    for dimension, count_rows in report.tables:
        rows = [[text(dimension.label), text(_("Needs")), ""]]
        rows += [[text(row.label), row.count, bar(row.share)] for row in count_rows] or [[text(_("No needs.")), "",
                                                                                           ""]]
        table = Table(rows, colWidths=[width - bar_width - 18 * mm, 18 * mm, bar_width], repeatRows=1)
        table.setStyle(grid)
        story += [Paragraph(escape(_heading(dimension)), heading), table, Spacer(1, 4 * mm)]
    document.build(story)
    return buffer.getvalue()


# ------------------------------------------------------------------------------------------------ DOCX


def report_docx(report: AnalyticalReport) -> bytes:
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    right_to_left = (get_language() or "en").startswith("ar")
    document = Document()
    document.core_properties.title = _title()
    document.core_properties.subject = _summary(report)

    def directed(paragraph):
        if right_to_left:
            properties = paragraph._p.get_or_add_pPr()
            properties.append(OxmlElement("w:bidi"))
        return paragraph

    directed(document.add_heading(_title(), level=0))
    directed(document.add_paragraph(_subtitle(report)))
    directed(document.add_paragraph(_summary(report)))

    def table(header: list[str], rows: list[list]):
        grid = document.add_table(rows=1, cols=len(header))
        grid.style = "Light List Accent 1"
        if right_to_left:
            grid._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
        for cell, value in zip(grid.rows[0].cells, header, strict=True):
            cell.text = str(value)
        for row in rows:
            cells = grid.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = str(value)
                for paragraph in cell.paragraphs:
                    directed(paragraph)
                    for run in paragraph.runs:
                        run.font.size = Pt(9)
        grid.rows[0].repeat = True
        header_row = grid.rows[0]._tr
        properties = header_row.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        properties.append(repeat)

    if report.change:
        directed(document.add_heading(_change_heading(), level=1))
        table([report.change_dimension.label, str(report.earlier), str(report.later), _("Change")],
              [[row.label, row.earlier, row.later, f"{row.change:+d}"] for row in report.change])
    for dimension, count_rows in report.tables:
        directed(document.add_heading(_heading(dimension), level=1))
        table([dimension.label, _("Needs")], [[row.label, row.count] for row in count_rows]
              or [[_("No needs."), ""]])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
