"""Print to PDF: one cable, a selection, a collection or the results, as a PDF file.

QtGui only (QTextDocument laid out on a QPdfWriter), no widgets, so the command line
and the tests make the same PDF offscreen. The text is drawn as text, so it can be
selected and searched. Each cable shows its classification above and below, the
reference box, the header, the body with ¶ numbers, and ends with its citation and
URL; every page has a footer with the export's title and "page n of N".
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from cablereader.core.export.authors import institution_author
from cablereader.core.export.records import ExportRecord, paragraph_label
from cablereader.core.link_formats import chicago_date

_app: QGuiApplication | None = None  # only when we had to make one (the command line)
FOOTER_MM = 10.0


def _ensure_gui() -> None:
    """Fonts need a QGuiApplication; the command line has none, and no display either."""
    global _app
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QGuiApplication(["cablereader"])


def _text(value: str) -> str:
    return escape(value, quote=False)


def _citation(record: ExportRecord) -> str:
    cable = record.cable
    subject = " ".join(cable.subject.split())
    title = f"“{_text(subject)},” " if subject else ""
    return (
        f"{_text(institution_author(cable.origin))}, {title}cable {_text(cable.reference_id)}, "
        f"{_text(chicago_date(cable.created))}, {_text(cable.classification)}, WikiLeaks, "
        f'<a href="{escape(record.url, quote=True)}">{_text(record.url)}</a>.'
    )


def _cable_html(record: ExportRecord, first: bool) -> str:
    cable = record.cable
    brk = "" if first else ' style="page-break-before: always"'
    rows = [
        ("Reference ID", cable.reference_id),
        (
            "Created",
            cable.created.replace("T", " ") + (" (approximate)" if cable.created_approx else ""),
        ),
        ("Released", (cable.released or "unknown").replace("T", " ")),
        ("Classification", cable.classification),
        ("Origin", cable.origin),
    ]
    head = "".join(f"<th>{_text(name)}</th>" for name, _ in rows)
    cells = "".join(f"<td>{_text(value)}</td>" for _, value in rows)
    parts = [
        f'<p class="marking"{brk}>{_text(cable.classification)}</p>',
        f"<h2>{_text(cable.reference_id)}: {_text(' '.join(cable.subject.split()))}</h2>",
        '<table class="box" cellspacing="0" cellpadding="4">'
        f"<tr>{head}</tr><tr>{cells}</tr></table>",
    ]
    if cable.partial:
        parts.append("<p><i>This record is a partial extract of the original cable.</i></p>")
    parts.append(f'<pre class="text">{_text(cable.header)}</pre><hr/>')
    paragraphs = cable.paragraphs or ()
    if paragraphs:
        for paragraph in paragraphs:
            mark = (
                f'<span class="par">¶{_text(paragraph.number)}</span> ' if paragraph.number else ""
            )
            parts.append(f'<pre class="text">{mark}{_text(paragraph.text.rstrip())}</pre>')
    else:
        parts.append(f'<pre class="text">{_text(cable.body)}</pre>')
    notes = [(n.anchor, n.text) for n in record.notes] + [
        (h.anchor, f"“{h.quote}”" + (f": {h.note}" if h.note else "")) for h in record.highlights
    ]
    if notes:
        parts.append("<h3>Your notes</h3>")
        parts += [
            f"<p>{_text(paragraph_label(anchor, paragraphs))}: {_text(text)}</p>"
            for anchor, text in notes
        ]
    parts.append(f'<p class="marking">{_text(cable.classification)}</p>')
    parts.append(f'<p class="cite">Cite as: {_citation(record)}</p>')
    return "\n".join(parts)


_STYLE = """
h2 { font-size: 13pt; margin-bottom: 4pt; }
h3 { font-size: 11pt; }
p.marking { font-weight: bold; text-align: center; font-size: 10pt; }
table.box { border: 1px solid #888; border-collapse: collapse; font-size: 8pt; }
table.box th { background: #eee; text-align: left; }
pre.text { font-family: monospace; font-size: 8pt; white-space: pre-wrap; margin: 0 0 4pt 0; }
span.par { color: #555; font-weight: bold; }
p.cite { font-size: 8pt; border-top: 1px solid #888; padding-top: 3pt; }
"""


def export_html(records: Sequence[ExportRecord], title: str) -> str:
    """The document the PDF is laid out from (also what a printer dialog would print)."""
    body = "\n".join(_cable_html(r, n == 0) for n, r in enumerate(records))
    head = f"<head><title>{_text(title)}</title><style>{_STYLE}</style></head>"
    return f"<html>{head}<body>{body}</body></html>"


def render_pdf(records: Sequence[ExportRecord], title: str) -> bytes:
    """The PDF file's bytes (A4), for the caller to write where it wants."""
    _ensure_gui()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("Cable Reader")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(18, 15, 18, 12),
            QPageLayout.Unit.Millimeter,
        )
    )
    paint_pages(writer, records, title)
    buffer.close()
    return bytes(data.data())


def paint_pages(device: QPagedPaintDevice, records: Sequence[ExportRecord], title: str) -> int:
    """Lay the cables out on `device`'s pages, each with its footer; the page count.

    The same pages go to a PDF (QPdfWriter) and to a printer (QPrinter, File ▸ Print…),
    so a printed cable and a saved one look alike."""
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)
    font = QFont()
    font.setPointSizeF(9.0)
    document.setDefaultFont(font)
    document.setHtml(export_html(records, title))
    resolution = device.logicalDpiY()
    paint = device.pageLayout().paintRectPixels(resolution)
    footer = FOOTER_MM / 25.4 * resolution
    width, height = float(paint.width()), float(paint.height()) - footer
    document.setPageSize(QSizeF(width, height))
    pages = document.pageCount()
    painter = QPainter(device)
    try:
        footer_font = QFont(font)
        footer_font.setPointSizeF(7.5)
        for page in range(pages):
            if page:
                device.newPage()
            painter.save()
            painter.translate(0, -page * height)
            document.drawContents(painter, QRectF(0, page * height, width, height))
            painter.restore()
            painter.setFont(footer_font)
            painter.drawText(
                QRectF(0, height, width, footer),
                int(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter),
                f"{title} — page {page + 1} of {pages}",
            )
    finally:
        painter.end()
    return pages
