"""What the screen holds around a span: its label's name at its end, readable text, nesting."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetricsF, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QColorDialog

from tagdesk.core.colours import READABLE_CONTRAST
from tagdesk.gui.annotation_view import AnnotationView
from tagdesk.gui.label_scheme_dialog import LabelSchemeDialog
from tagdesk.gui.label_tags import BORDER_DARKER
from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store
from tagdesk.store.editing import create_span
from tagdesk.store.labels import list_labels
from tests.gui.conftest import WindowFactory, click_at, drag_select

KEY = Qt.Key


def shot(view: AnnotationView) -> QImage:
    QApplication.processEvents()
    return view.viewport().grab().toImage()


def deselect(window: MainWindow) -> None:
    """Click plain text, as a person does, so no span is drawn as the selected one."""
    click_at(window.view, window.controller.document.text.index("leading") + 2)
    assert window.controller.selected is None


def near(pixel: QColor, colour: QColor, tolerance: int = 10) -> bool:
    return (
        abs(pixel.red() - colour.red()) <= tolerance
        and abs(pixel.green() - colour.green()) <= tolerance
        and abs(pixel.blue() - colour.blue()) <= tolerance
    )


def pixels(image: QImage, rect: QRect) -> list[QColor]:
    ratio = image.devicePixelRatio()
    return [
        image.pixelColor(int(x * ratio), int(y * ratio))
        for x in range(max(rect.left(), 0), min(rect.right() + 1, int(image.width() / ratio)))
        for y in range(max(rect.top(), 0), min(rect.bottom() + 1, int(image.height() / ratio)))
    ]


def line_rect(view: AnnotationView, start: int, end: int) -> QRect:
    """The viewport rectangle from the left edge of `start` to the cursor at `end`, one line."""
    left, middle = view.qt_rect_of(start)
    right, _ = view.qt_rect_of(end)
    half = view.fontMetrics().height() // 2
    return QRect(left, middle - half, right - left, 2 * half)


def label_colour(store: Store, name: str) -> QColor:
    return QColor(next(label.colour for label in list_labels(store) if label.name == name))


def chip_edge(window: MainWindow, image: QImage, end: int, label: str) -> int:
    """The longest row of the chip's border colour in the room before the cursor at `end`.

    A chip's top and bottom edges are long straight runs; letters, even
    anti-aliased over a fill of the same hue, never are.
    """
    view = window.view
    room = view.tags.width(label)
    chip = line_rect(view, end, end)
    chip.setLeft(view.qt_rect_of(end)[0] - room)
    border = label_colour(window.store, label).darker(BORDER_DARKER)
    longest = 0
    for y in range(chip.top(), chip.bottom() + 1):
        run = 0
        for pixel in pixels(image, QRect(chip.left(), y, chip.width(), 1)):
            run = run + 1 if near(pixel, border, 8) else 0
            longest = max(longest, run)
    return longest


def test_a_new_span_shows_its_label_name_at_its_end(window: MainWindow) -> None:
    view = window.view
    text = window.controller.document.text
    start = text.index("Baghdad")
    end = start + len("Baghdad")
    before = shot(view)
    after_word_before = view.qt_rect_of(end)[0]
    drag_select(view, start, end)
    QTest.keyClick(view, KEY.Key_3)
    deselect(window)
    after = shot(view)
    room = view.tags.width("GPE")
    after_word = view.qt_rect_of(end)[0]
    assert abs(after_word - after_word_before - room) <= 2  # the text after moved aside
    chip = line_rect(view, end, end)
    chip.setLeft(after_word - room)
    assert chip_edge(window, after, end, "GPE") >= room // 2
    assert chip_edge(window, before, end, "GPE") < 4
    dark = [p for p in pixels(after, chip) if p.lightness() < 60]
    assert len(dark) >= 10  # the letters of "GPE"


def test_a_suggestion_shows_the_label_it_suggests(
    seeded: Store, make_window: WindowFactory
) -> None:
    text = seeded.execute("SELECT text FROM document WHERE id = 1").fetchone()[0]
    start = text.index("Baghdad")
    end = start + len("Baghdad")
    gpe = next(label.id for label in list_labels(seeded) if label.name == "GPE")
    create_span(seeded, 1, start, end, gpe, annotator="model", status="suggested", source="m")
    window = make_window(seeded)
    window.open_document(1)
    view = window.view
    image = shot(view)
    room = view.tags.width("GPE")
    chip = line_rect(view, end, end)
    chip.setLeft(view.qt_rect_of(end)[0] - room)
    word = line_rect(view, start, end)
    word.setRight(word.right() - room)
    full = label_colour(seeded, "GPE")
    assert sum(near(p, full, 4) for p in pixels(image, chip)) >= 20  # a chip in the label's colour
    assert not any(near(p, full, 4) for p in pixels(image, word))  # the word itself on a faint wash


def test_a_span_far_down_the_document_shows_its_tag_once_scrolled_to(window: MainWindow) -> None:
    """The tags follow the scrolled layout, not the top of the document."""
    view = window.view
    text = window.controller.document.text
    start = text.rindex("Tikrit")
    view.select_range(start, start + len("Tikrit"))  # scrolls there
    assert view.verticalScrollBar().value() > 0
    before = shot(view)
    QTest.keyClick(view, KEY.Key_3)
    deselect_at = text.rindex(" the ") + 2
    click_at(view, deselect_at)
    assert window.controller.selected is None
    after = shot(view)
    end = start + len("Tikrit")
    room = view.tags.width("GPE")
    assert chip_edge(window, after, end, "GPE") >= room // 2
    assert chip_edge(window, before, end, "GPE") < 4


def test_a_nested_span_is_darker_and_overlined(window: MainWindow) -> None:
    view = window.view
    text = window.controller.document.text
    outer = text.index("Islamic Revolution Guards Corps (IRGC) Quds Force")
    inner = text.index("IRGC")
    drag_select(view, outer, outer + len("Islamic Revolution Guards Corps (IRGC) Quds Force"))
    QTest.keyClick(view, KEY.Key_2)
    drag_select(view, inner, inner + 4)
    QTest.keyClick(view, KEY.Key_2)
    deselect(window)
    image = shot(view)
    org = label_colour(window.store, "ORG")
    inside = line_rect(view, inner, inner + 4)
    inside.setRight(inside.right() - view.tags.width("ORG"))
    quds = text.index("Quds", inner)
    alone = line_rect(view, quds, quds + 4)

    def commonest(rect: QRect) -> str:
        return Counter(p.name() for p in pixels(image, rect)).most_common(1)[0][0]

    assert commonest(alone) == org.name()
    assert commonest(inside) != org.name()
    assert QColor(commonest(inside)).lightness() < org.lightness()

    def overlined_rows(rect: QRect) -> int:
        rows = 0
        for y in range(rect.top() - 6, rect.bottom()):
            row = pixels(image, QRect(rect.left() + 2, y, rect.width() - 4, 1))
            if row and sum(p.lightness() < 80 for p in row) >= 0.9 * len(row):
                rows += 1
        return rows

    assert overlined_rows(inside) >= 1
    assert overlined_rows(alone) == 0


def choose_in_colour_dialog(colour: str) -> None:
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QColorDialog)
        dialog.setCurrentColor(QColor(colour))
        dialog.accept()

    QTimer.singleShot(200, answer)


def test_a_dark_colour_the_analyst_picks_gets_white_text(
    seeded: Store, make_window: WindowFactory, qtbot
) -> None:
    dialog = LabelSchemeDialog(seeded)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.list.setCurrentRow(0)  # PERSON
    choose_in_colour_dialog("#1f3a93")
    qtbot.mouseClick(dialog.colour_button, Qt.MouseButton.LeftButton)
    assert dialog.contrast_note.isHidden()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    dialog.close()
    assert label_colour(seeded, "PERSON").name() == "#1f3a93"

    window = make_window(seeded)
    view = window.view
    text = window.controller.document.text
    start = text.index("Soleimani")
    drag_select(view, start, start + len("Soleimani"))
    QTest.keyClick(view, KEY.Key_1)
    deselect(window)
    image = shot(view)
    word = line_rect(view, start, start + len("Soleimani"))
    word.setRight(word.right() - view.tags.width("PERSON"))
    colours = pixels(image, word)
    assert sum(p.lightness() > 220 for p in colours) >= 20  # white letters on the dark fill
    assert not any(p.lightness() < 20 for p in colours)  # and no black ones


def test_the_editor_warns_about_a_colour_no_text_reads_on(seeded: Store, qtbot) -> None:
    dialog = LabelSchemeDialog(seeded)
    qtbot.addWidget(dialog)
    dialog.show()
    choose_in_colour_dialog("#777777")
    qtbot.mouseClick(dialog.colour_button, Qt.MouseButton.LeftButton)
    assert dialog.contrast_note.isVisible()
    assert f"{READABLE_CONTRAST}:1" in dialog.contrast_note.text()
    choose_in_colour_dialog("#f0f0a0")
    qtbot.mouseClick(dialog.colour_button, Qt.MouseButton.LeftButton)
    assert dialog.contrast_note.isHidden()


def test_tags_land_after_the_span_where_emoji_shift_qt_positions(
    store: Store, make_window: WindowFactory, tmp_path
) -> None:
    """Qt counts an emoji as two units: the room and the chip follow the span, not two before."""
    from tagdesk.transfer import import_paths
    from tests.helpers import write_jsonl

    text = "😀😀 Reports from 🇮🇶 Baghdad 😀 and Erbil 🎉 tonight, said leading sources."
    import_paths(store, [write_jsonl(tmp_path / "e.jsonl", [{"text": text}])], annotator="t")
    window = make_window(store)
    view = window.view
    image_before = shot(view)
    spans = []
    for word in ("Baghdad", "Erbil 🎉"):
        start = text.index(word)
        view.select_range(start, start + len(word))
        view.exact_selection = True
        QTest.keyClick(view, KEY.Key_3, Qt.KeyboardModifier.AltModifier)
        spans.append((start, start + len(word)))
    deselect(window)
    image = shot(view)
    assert [(s, e) for s, e, *_ in stored(store)] == spans
    metrics = QFontMetricsF(view.font())
    for start, end in spans:
        assert chip_edge(window, image, end, "GPE") >= view.tags.width("GPE") // 2
        assert chip_edge(window, image_before, end, "GPE") < 4
        # the room comes after the last character, not inside the word
        before_last = view.qt_rect_of(end - 1)[0] - view.qt_rect_of(start)[0]
        assert abs(before_last - metrics.horizontalAdvance(text[start : end - 1])) <= 3


def stored(store: Store) -> list[tuple[int, int]]:
    return store.execute('SELECT "start", "end" FROM span ORDER BY "start"').fetchall()
