"""The session report as a PDF: Qt's own writer (QTextDocument + QPdfWriter), no browser.

The body is the debrief's own HTML (:func:`simulator.scoring.report_html.debrief_html`:
critical errors first with what went wrong, the guidance and its source, then every item, the
tracker, language, expert path and timeline). This module adds what a hand-in needs on top:
the trainee's name, the date, the case, the score by domain, and the course chart drawn by
the same widget the debrief shows (pyqtgraph), as an image. The pages are laid out here
(:func:`paginate`), so that a heading is never left alone at the bottom of a page: it moves to
the next page with what it heads. Each page is numbered at its foot.

Needs a QGuiApplication; :func:`write_report` makes an offscreen one when none exists, so the
command line can call it without a display.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from simulator.control.reports import ReportError, WrittenReport
from simulator.plaintext import visible_text
from simulator.scoring.debrief import Debrief
from simulator.scoring.report_html import debrief_html

CHART_URL = "report://course-chart.png"
CHART_SIZE = (900, 300)
COURSE_HEADINGS = {
    "day": "Day",
    "week": "Week",
    "mme": "MME/day",
    "pain": "Pain (0-10)",
    "cows": "COWS",
    "craving": "Craving (0-10)",
    "function": "Function (0-10)",
}


def critical_summary(debrief: Debrief) -> str:
    """The critical errors in one line, each with what it cost ("⚠ 2 critical errors: Stopped
    the opioid without a taper (−5); ..."), or that there were none: the debrief's score card
    and the PDF say it in the same words."""
    wrong = debrief.critical_messages()
    if not wrong:
        return "✔ No critical errors."
    cost = {what: points for what, points, _critical in debrief.deductions()}
    return (f"⚠ {len(wrong)} critical error{'s' if len(wrong) > 1 else ''}: "
            + "; ".join(f"{w} (−{cost[w]})" if w in cost else w for w in wrong))


def other_deductions(debrief: Debrief) -> str:
    """The points taken for unsafe choices that are not critical errors, with why ('' if none)."""
    others = [f"−{points} {what}" for what, points, critical in debrief.deductions() if not critical]
    return "Also deducted: " + "; ".join(others) if others else ""


def report_html(
    debrief: Debrief, *, trainee: str, date: str, chart: bool = True, chart_size: tuple[int, int] = CHART_SIZE
) -> str:
    """The whole report as the HTML that is printed to the PDF."""
    body = debrief_html(debrief, include_header=False, include_timeline=True)
    head, _, rest = body.partition("<body>")
    when = _readable_date(date)
    who = escape(trainee) if trainee else "Not recorded"
    domains = "".join(
        f"<tr><td>{escape(d.title)}</td><td align='right'>{d.earned} / {d.max}</td>"
        f"<td align='right'>{f'−{d.deducted}' if d.deducted else ''}</td>"
        f"<td align='right'>{round(100 * d.earned / d.max) if d.max else 0}%</td></tr>"
        for d in debrief.domains
    )
    # how the score was reached, in the debrief's words: earned, deducted and why
    others = other_deductions(debrief)
    critical = (
        f"<p>{escape(debrief.score_sentence())}</p><p><b>{escape(critical_summary(debrief))}</b></p>"
        + (f"<p>{escape(others)}</p>" if others else "")
    )
    header = (
        "<h1>Session report</h1>"
        f"<table cellpadding='2'><tr><td class='label'>Trainee</td><td><b>{who}</b></td></tr>"
        f"<tr><td class='label'>Date</td><td>{escape(when)}</td></tr>"
        f"<tr><td class='label'>Case</td><td>{escape(debrief.title)}</td></tr>"
        f"<tr><td class='label'>Score</td><td><b>{debrief.score} / {debrief.max_score} "
        f"({debrief.percent}%)</b></td></tr></table>"
        f"{critical}"
        "<h2>Score by domain</h2>"
        f"<table class='domains' cellpadding='3'><tr><th align='left'>Domain</th><th>Points</th>"
        f"<th>Deducted</th><th>Share</th></tr>{domains}</table>"
    )
    course = ""
    if chart and debrief.course:
        shown, note = table_points(debrief.course)
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape(_fmt(p.get(k)))}</td>" for k in _course_keys(p)) + "</tr>"
            for p in shown
        )
        keys = _course_keys(debrief.course[0])
        course = (
            "<h2>Course over the following weeks</h2>"
            + f"<p><img src='{CHART_URL}' width='{chart_size[0] * 2 // 3}' "
            f"height='{chart_size[1] * 2 // 3}'></p>"
            + (f"<p class='src'>{escape(note)}</p>" if note else "")
            + "<table cellpadding='3'><tr>"
            + "".join(f"<th>{escape(COURSE_HEADINGS.get(k, k.capitalize()))}</th>" for k in keys)
            + f"</tr>{rows}</table>"
        )
    style = "<style>h1 { font-size: 18pt; color: #13294b; } th { text-align: left; }</style>"
    return f"{head}{style}<body>{header}{course}{rest}"


def write_report(
    debrief: Debrief, path: str | os.PathLike[str], *, trainee: str = "", date: str = ""
) -> WrittenReport:
    """Write the PDF to ``path`` (atomically: a failed write leaves no half file)."""
    _ensure_app()
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter

    target = Path(path)
    if target.suffix.lower() != ".pdf":
        raise ReportError(f"{target}: the report is a PDF; give a file name ending in .pdf")
    if not target.parent.is_dir():
        raise ReportError(f"{target}: the folder {target.parent} does not exist")
    tmp = target.with_name(f".{target.name}.part")
    writer = QPdfWriter(str(tmp))
    writer.setTitle(f"Session report: {debrief.title}")
    writer.setCreator("Opioid Care Simulator")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(16, 16, 16, 16)
        )
    )
    doc = report_document(debrief, writer, trainee=trainee, date=date or _today())
    _print(doc, writer)
    text = doc.toPlainText()
    del writer  # closes and flushes the file
    try:
        data = tmp.read_bytes() if tmp.is_file() else b""
        if not data.startswith(b"%PDF-") or not data.rstrip().endswith(b"%%EOF"):
            tmp.unlink(missing_ok=True)
            raise ReportError(f"{target}: the PDF could not be written")
        pages = len(re.findall(rb"/Type\s*/Page\b", data))  # print_() lays out a copy of doc
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ReportError(f"cannot write {target}: {exc.strerror or exc}") from None
    return WrittenReport(target, pages, text)


def report_document(debrief: Debrief, device, *, trainee: str, date: str):
    """The report as a QTextDocument laid out in the pages of ``device`` (see :func:`paginate`)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setDocumentMargin(0)
    size = CHART_SIZE
    if debrief.course:
        image = course_chart_image(debrief)
        size = (round(image.deviceIndependentSize().width()), round(image.deviceIndependentSize().height()))
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(CHART_URL), image)
    # typed text with direction controls or hidden characters reads in the PDF as it was typed
    doc.setHtml(visible_text(report_html(debrief, trainee=trainee, date=date, chart_size=size)))
    paginate(doc, device)
    return doc


MARGIN_CM = 2.0  # inside the printable area, around the text (as Qt's own printing leaves)


def paginate(doc, device) -> None:
    """Lay ``doc`` out in pages of ``device`` (a QPdfWriter), keeping each heading with what follows.

    A heading whose next line would fall on the next page starts that page instead. Each move
    shifts what comes after, so the headings are settled in reading order.
    """
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QTextCursor, QTextFormat

    layout = doc.documentLayout()
    layout.setPaintDevice(device)
    margin = round(MARGIN_CM / 2.54 * 96)  # in 96-dpi pixels: the layout scales them to the device
    frame = doc.rootFrame().frameFormat()
    for side in (frame.setLeftMargin, frame.setRightMargin, frame.setTopMargin, frame.setBottomMargin):
        side(margin)
    doc.rootFrame().setFrameFormat(frame)
    doc.setPageSize(QSizeF(device.width(), device.height()))
    for block in _blocks(doc):
        doc.pageCount()  # the whole layout, settled (measuring a block lays out only part of it)
        if block.blockFormat().headingLevel() and stranded(doc, block):
            fmt = block.blockFormat()
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            QTextCursor(block).setBlockFormat(fmt)
    doc.pageCount()


def stranded(doc, block) -> bool:
    """True when ``block`` (a heading) ends a page: the first line after it is on a later page."""
    after = block.next()
    while after.isValid() and not after.text().strip():
        after = after.next()
    if not after.isValid():
        return False
    return _page(doc, block, last=True) < _page(doc, after, last=False)


def page_ends(doc) -> list:
    """The last block (QTextBlock) begun on each page of a paginated ``doc``, page by page."""
    doc.pageCount()
    ends: dict[int, object] = {}
    for block in _blocks(doc):
        if block.text().strip():
            ends[_page(doc, block, last=False)] = block
    return [ends[page] for page in sorted(ends)]


def _blocks(doc):
    block = doc.begin()
    while block.isValid():
        yield block
        block = block.next()


def _page(doc, block, *, last: bool) -> int:
    """The page of ``block``'s first (or last) line."""
    rect = doc.documentLayout().blockBoundingRect(block)
    lines = block.layout()
    line = lines.lineAt(lines.lineCount() - 1 if last else 0) if lines.lineCount() else None
    y = rect.top() + (line.y() + line.height() / 2 if line is not None else 0)
    return int(y // doc.pageSize().height())


def _print(doc, device) -> None:
    """Paint the paginated ``doc`` on ``device``, page by page."""
    from PySide6.QtGui import QPainter

    painter = QPainter(device)
    for index in range(doc.pageCount()):
        if index:
            device.newPage()
        draw_page(painter, doc, index)
    painter.end()


def draw_page(painter, doc, index: int) -> None:
    """Page ``index`` of the paginated ``doc``: black text on white paper, its number at the foot."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QAbstractTextDocumentLayout, QFont, QPalette

    page = doc.pageSize()
    dpi = doc.documentLayout().paintDevice().logicalDpiY()
    margin = MARGIN_CM / 2.54 * dpi
    painter.save()
    view = QRectF(0, index * page.height(), page.width(), page.height())
    painter.translate(0, -view.top())
    painter.setClipRect(view)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.clip = view
    palette = QPalette(context.palette)
    palette.setColor(QPalette.ColorRole.Text, Qt.GlobalColor.black)  # never the theme's text colour
    context.palette = palette
    doc.documentLayout().draw(painter, context)
    painter.setClipping(False)
    painter.setFont(QFont(doc.defaultFont()))
    number = str(index + 1)
    metrics = painter.fontMetrics()
    painter.drawText(round(page.width() - margin - metrics.horizontalAdvance(number)),
                     round(view.bottom() - margin + metrics.ascent() + 5 * dpi / 72), number)
    painter.restore()


def course_chart_image(debrief: Debrief):
    """The debrief's course chart (the widget the app shows) painted into an image."""
    from PySide6.QtGui import QImage

    from simulator.ui.widgets.course_chart import CourseChart

    chart = CourseChart(debrief.course)
    chart.ensure_drawn()  # never shown: build its plots now
    chart.readout.hide()  # no mouse on paper: no line for the value under it
    # as wide as the page allows, and as tall as the chart needs (its panels have a minimum height)
    width, height = CHART_SIZE[0], max(CHART_SIZE[1], chart.minimumHeight(), chart.minimumSizeHint().height())
    chart.resize(width, height)
    scale = 2  # drawn at twice the size so it stays sharp when printed
    image = QImage(width * scale, height * scale, QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(scale)
    image.fill(0xFFFFFFFF)
    chart.render(image)
    chart.deleteLater()
    return image


def table_points(points: list[dict]) -> tuple[list[dict], str]:
    """The course values the report tabulates: all of a short course, else day 0, each week and the end."""
    if len(points) <= 12 or "day" not in points[0]:
        return list(points), ""
    last = points[-1]["day"]
    shown = [p for p in points if p["day"] % 7 == 0 or p["day"] == last]
    return shown, "The table gives the values at the start of each week; the chart shows every day."


def _course_keys(point: dict) -> list[str]:
    first = [k for k in ("day", "week") if k in point]
    return first + [k for k in point if k not in first]


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


def _today() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _readable_date(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return f"{moment.day} {moment:%B %Y}, {moment:%H:%M}" + (" UTC" if moment.utcoffset() is not None else "")


def _ensure_app() -> None:
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        global _app
        _app = QApplication([])


_app = None
