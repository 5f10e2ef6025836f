"""Tagdesk: annotate entities in news articles and export spaCy training data."""

from __future__ import annotations

__version__ = "0.1.0"
APP_ID = "io.github.tagdesk.Tagdesk"
