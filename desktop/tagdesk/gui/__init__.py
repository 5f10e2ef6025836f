"""Qt widgets, item models and background tasks. The only package that imports Qt."""
