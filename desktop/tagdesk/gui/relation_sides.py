"""A document's relation row, "head → child", cut so that its arrow always shows.

Cut as one string in the middle, a narrow column can lose the arrow and with
it which span is the head. Here each side is cut in its own middle (so that
two long spans that begin alike still differ), the shorter side keeping its
words whole where it can.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

SIDES_ROLE = Qt.ItemDataRole.UserRole + 2  # (head text, "→" or "—", child text)


def cut_sides(metrics: QFontMetrics, head: str, join: str, child: str, width: int) -> str:
    """`head join child` in `width` pixels; each side cut in its middle as it must be."""
    whole = f"{head} {join} {child}"
    if metrics.horizontalAdvance(whole) <= width:
        return whole
    middle = f" {join} "
    room = max(0, width - metrics.horizontalAdvance(middle))
    head_width, child_width = metrics.horizontalAdvance(head), metrics.horizontalAdvance(child)
    half = room // 2
    if head_width <= half:
        head_room, child_room = head_width, room - head_width
    elif child_width <= half:
        head_room, child_room = room - child_width, child_width
    else:
        head_room, child_room = half, room - half
    middle_cut = Qt.TextElideMode.ElideMiddle
    return (
        metrics.elidedText(head, middle_cut, head_room)
        + middle
        + metrics.elidedText(child, middle_cut, child_room)
    )


class RelationSidesDelegate(QStyledItemDelegate):
    """Draws a cell holding SIDES_ROLE with its sides cut apart (other cells as usual)."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        sides = index.data(SIDES_ROLE)
        if not sides:
            return
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, widget)
        # Qt keeps this margin either side of an item's text, and cuts what does not fit.
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        head, join, child = sides
        option.text = cut_sides(
            option.fontMetrics,
            head,
            join,
            child,
            text_rect.width() - 2 * margin,
        )
