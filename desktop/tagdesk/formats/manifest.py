"""The list a folder export leaves of what it wrote, so a later export replaces only that.

A folder export (brat) writes `.tagdesk-export.json` into the folder: every
file with its size and sha256. A later export may replace the folder only
when it still holds exactly those files, unchanged. A file edited by hand,
added or removed since means the folder is no longer only Tagdesk's, and a
folder without the list (a brat corpus from elsewhere) never was. An empty
folder holds nothing to lose and may be filled.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import orjson

MANIFEST = ".tagdesk-export.json"
VERSION = 1
_CHUNK = 1 << 20


def write_manifest(folder: Path, format_name: str) -> None:
    """List every file in `folder` (as the export left it) in its manifest."""
    files = {
        path.name: _fingerprint(path) for path in sorted(folder.iterdir()) if path.name != MANIFEST
    }
    record = {"tagdesk_export": VERSION, "format": format_name, "files": files}
    (folder / MANIFEST).write_bytes(orjson.dumps(record, option=orjson.OPT_INDENT_2) + b"\n")


def ownership_problem(folder: Path) -> str | None:
    """Why Tagdesk may not replace `folder`, or None: it is empty, or exactly its manifest."""
    entries = {path.name: path for path in folder.iterdir()}
    if not entries:
        return None
    if MANIFEST not in entries:
        return f"holds files but no {MANIFEST}, so it is not a Tagdesk export"
    listed = _listed_files(entries.pop(MANIFEST))
    if listed is None:
        return f"its {MANIFEST} is damaged or from a newer Tagdesk"
    for name, path in sorted(entries.items()):
        if name not in listed:
            return f"holds {name}, which Tagdesk did not write"
        if path.is_symlink() or not path.is_file() or _fingerprint(path) != listed[name]:
            return f"{name} was changed after Tagdesk wrote it"
    missing = sorted(set(listed) - set(entries))
    if missing:
        return f"{missing[0]} was removed after Tagdesk wrote it"
    return None


def holds_only(folder: Path, names: re.Pattern[str]) -> bool:
    """True when every entry is a plain file named as the export names its files."""
    return all(
        path.is_file()
        and not path.is_symlink()
        and (path.name == MANIFEST or names.match(path.name))
        for path in folder.iterdir()
    )


def _listed_files(path: Path) -> dict[str, dict[str, Any]] | None:
    try:
        record = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(record, dict) or record.get("tagdesk_export") != VERSION:
        return None
    files = record.get("files")
    if not isinstance(files, dict) or not all(isinstance(v, dict) for v in files.values()):
        return None
    return files


def _fingerprint(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return {"size": size, "sha256": digest.hexdigest()}
