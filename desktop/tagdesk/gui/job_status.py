"""The status bar's place for the background work: a progress bar and the model's name.

Made with the window's status bar, before the background work itself, so the bar
has the height it keeps from the first paint on (a hidden progress bar counts).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar

PROGRESS_WIDTH = 220  # pixels at most


def job_status_widgets() -> tuple[QProgressBar, QLabel]:
    """The progress bar, hidden until a job runs, and the label naming the model."""
    progress_bar = QProgressBar()
    progress_bar.setMaximumWidth(PROGRESS_WIDTH)
    progress_bar.hide()
    return progress_bar, QLabel()
