"""Qt widgets, item models and background tasks. The only package that imports Qt."""

from tagdesk.gui import qt_import  # noqa: F401  (before any module here imports PySide6)
