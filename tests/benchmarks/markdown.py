"""Writing one benchmark's figures into BENCHMARKS.md without touching the other sections."""

from __future__ import annotations

from pathlib import Path


def write_section(path: Path, title: str, body: str) -> None:
    """Put `## title` with `body` into a Markdown file, replacing that section if present."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    heading = f"## {title}\n"
    start = text.find(heading)
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + heading + "\n" + body.strip("\n") + "\n"
    else:
        end = text.find("\n## ", start + len(heading))
        rest = "" if end < 0 else text[end:]
        text = text[:start] + heading + "\n" + body.strip("\n") + "\n" + rest
    path.write_text(text, encoding="utf-8")
