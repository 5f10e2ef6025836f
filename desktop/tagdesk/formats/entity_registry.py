"""The entity registry as JSON lines, one entity a line, for a spaCy knowledge base.

Each line: `key`, `name`, `label`, `aliases`, `description`, `external_id`
(or null), `former_keys` (keys of entities merged into it), `mentions` and
`documents`. README shows how a spaCy `InMemoryLookupKB` is built from it.

The file is new: it is written beside its name and given the name with a
rename that never replaces, so a file already there (or one that appears
while it is written) is left as it is.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from tagdesk.core.errors import TagdeskError
from tagdesk.formats.leftovers import PART, temporary_name
from tagdesk.formats.renaming import rename_no_replace


def write_registry(entities: Iterable[dict[str, Any]], out: Path) -> int:
    """Write the entities to the new file `out`; returns how many were written."""
    if os.path.lexists(out):
        raise TagdeskError(
            f"{out}: exists already; entities export writes a new file and never replaces one"
        )
    if not out.parent.is_dir():
        raise TagdeskError(f"{out}: no such folder: {out.parent}")
    temporary = temporary_name(out, PART)
    written = 0
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as error:
        raise TagdeskError(f"{out}: cannot be written: {error.strerror}") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            for entity in entities:
                stream.write(orjson.dumps(entity, option=orjson.OPT_APPEND_NEWLINE))
                written += 1
            stream.flush()
            os.fsync(stream.fileno())
        rename_no_replace(temporary, out)
    except FileExistsError:
        temporary.unlink(missing_ok=True)  # this export made it (O_EXCL above)
        raise TagdeskError(
            f"{out}: appeared while the entities were written, and is left as it is"
        ) from None
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise TagdeskError(f"{out}: cannot be written: {error.strerror}") from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return written
