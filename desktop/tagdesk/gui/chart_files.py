"""`tagdesk stats --charts DIR`: each chart of the view as a PNG and an SVG file, for reports.

Once two annotators have work, the agreement matrix is one of them: each
pair's span F1 over the documents both marked done, as `tagdesk agreement`
counts it (gui/agreement_matrix.py, drawn by the view's own painter).

The files are drawn by the view's own painter (chart_painter) on white, as a
report prints, into a new folder that replaces DIR only where DIR is new,
empty, or exactly what an earlier `stats --charts` left (formats/atomic.py:
a folder holding anything else is refused, and nothing in it is touched).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import orjson
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPaintDevice, QPainter, QPalette
from PySide6.QtSvg import QSvgGenerator

from tagdesk.core.errors import TagdeskError
from tagdesk.core.statistics import DocumentStrip, Statistics
from tagdesk.formats.atomic import atomic_folder
from tagdesk.formats.manifest import MANIFEST
from tagdesk.gui.agreement_matrix import AgreementFigures, paint_matrix, read_agreement
from tagdesk.gui.chart_painter import MARGIN, BarChart, paint_chart, paint_strips, paint_title
from tagdesk.gui.statistics_charts import charts
from tagdesk.store import Store

CHART_SIZE = QSize(1000, 560)  # logical pixels; the PNG is drawn at twice that
PNG_SCALE = 2.0
STRIPS = "span_positions"
MATRIX = "agreement_matrix"
MATRIX_TITLE = "Agreement per annotator pair: span F1, over the documents both marked done"
STRIPS_SHOWN = 30  # documents in the strips chart: the first, in corpus order
FORMAT = "charts"  # what the folder's manifest says it holds
Draw = Callable[[QPainter, QRectF], object]
NAMES = re.compile(r"[a-z_]+\.(png|svg)\Z")


def report_palette() -> QPalette:
    """Dark text on white, whatever the desktop's theme: the files go into reports."""
    palette = QPalette(QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#1d1d1f"))
    return palette


def ensure_gui_application() -> None:
    """Fonts need a QGuiApplication; the command line draws offscreen, with no display."""
    if QGuiApplication.instance() is None:
        QGuiApplication(["tagdesk", "-platform", "offscreen"])


def chart_files(
    figures: Statistics, strips: list[DocumentStrip], agreement: AgreementFigures | None = None
) -> dict[str, Draw]:
    """name -> a function that draws that chart with a QPainter into a rectangle.

    The agreement matrix is drawn where the view shows it: once two
    annotators have work, or a pair has documents to compare.
    """
    palette = report_palette()
    drawn: dict[str, Draw] = {}
    for chart in charts(figures):
        drawn[chart.key] = _chart_drawer(chart, palette)
    if agreement is not None and shows_matrix(figures, agreement):
        drawn[MATRIX] = _matrix_drawer(agreement, palette)
    drawn[STRIPS] = lambda painter, area: paint_strips(
        painter, area, strips, figures.label_colours, palette
    )
    return drawn


def shows_matrix(figures: Statistics, agreement: AgreementFigures) -> bool:
    """Whether there is a team to compare: the view's rule for showing its matrix."""
    return len(figures.annotators) >= 2 or bool(agreement.pairs)


def _matrix_drawer(agreement: AgreementFigures, palette: QPalette) -> Draw:
    def draw(painter: QPainter, area: QRectF) -> None:
        text = palette.color(QPalette.ColorRole.WindowText)
        top = paint_title(painter, area, MATRIX_TITLE, text) + 8
        rest = QRectF(area.left(), top, area.width(), area.bottom() - top)
        paint_matrix(painter, rest, agreement, None, None, palette)

    return draw


def _chart_drawer(chart: BarChart, palette: QPalette) -> Draw:
    return lambda painter, area: paint_chart(painter, area, chart, palette)


def write_charts(
    folder: Path,
    figures: Statistics,
    strips: list[DocumentStrip],
    agreement: AgreementFigures | None = None,
) -> list[Path]:
    """Write NAME.png and NAME.svg for each chart into `folder` (an empty one); returns them."""
    ensure_gui_application()
    written = []
    for name, draw in chart_files(figures, strips, agreement).items():
        height = CHART_SIZE.height()
        if name == STRIPS:
            height = _strips_height(len(strips))
        elif name == MATRIX and agreement is not None:
            height = _matrix_height(len(agreement.annotators))
        size = QSize(CHART_SIZE.width(), height)
        image = QImage(size * PNG_SCALE, QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(PNG_SCALE)
        image.fill(QColor("#ffffff"))
        _draw(image, size, draw)
        png = folder / f"{name}.png"
        if not image.save(str(png)):  # the format from the name
            raise OSError(f"cannot write {png.name}")
        svg = folder / f"{name}.svg"
        generator = QSvgGenerator()
        generator.setFileName(str(svg))
        generator.setSize(size)
        generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
        generator.setTitle(name.replace("_", " "))
        _draw(generator, size, draw, background=True)
        if not svg.is_file():
            raise OSError(f"cannot write {svg.name}")
        written += [png, svg]
    return written


def _matrix_height(count: int) -> int:
    """As tall as the matrix's cells need (at most 110 pixels each), as wide at most."""
    return int(max(260, min(CHART_SIZE.width(), 2 * MARGIN + 80 + 110 * count)))


def _strips_height(count: int) -> int:
    return int(max(CHART_SIZE.height(), 90 + 26 * count))


def _draw(device: QPaintDevice, size: QSize, draw: Draw, *, background: bool = False) -> None:
    painter = QPainter(device)
    try:
        if background:
            painter.fillRect(QRectF(0, 0, size.width(), size.height()), Qt.GlobalColor.white)
        area = QRectF(MARGIN, MARGIN, size.width() - 2 * MARGIN, size.height() - 2 * MARGIN)
        draw(painter, area)
    finally:
        painter.end()


def save_charts(store: Store, target: Path) -> int:
    """Draw the charts of `store` into the folder `target`; returns how many files it holds.

    All or nothing: the files are drawn into a new folder beside `target`,
    which then takes its place (formats/atomic.py).
    """
    from tagdesk.store.statistics import document_strips, statistics

    refuse_other_folder(target)
    figures = statistics(store)
    first = [
        row[0]
        for row in store.execute('SELECT id FROM "document" ORDER BY id LIMIT ?', (STRIPS_SHOWN,))
    ]
    strips = document_strips(store, first)
    agreement = read_agreement(store, finished=True)
    with atomic_folder(target, format_name=FORMAT, names=NAMES) as folder:
        written = write_charts(folder, figures, strips, agreement)
    return len(written)


def refuse_other_folder(target: Path) -> None:
    """A folder another export (brat) or a person filled is not ours to replace with charts."""
    if not target.is_dir() or not any(target.iterdir()):
        return
    try:
        record = orjson.loads((target / MANIFEST).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        record = None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise TagdeskError(
            f"{target}: holds files that are not charts Tagdesk drew there; "
            "write the charts to a new or empty folder"
        )
