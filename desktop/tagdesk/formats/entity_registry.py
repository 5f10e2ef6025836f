"""The entity registry as JSON lines, one entity a line, for a spaCy knowledge base.

Each line: `key`, `name`, `label`, `aliases`, `description`, `external_id`
(or null), `former_keys` (keys of entities merged into it), `mentions` and
`documents`. README shows how a spaCy `InMemoryLookupKB` is built from it.

The file is new: it is written beside its name and given the name with a
rename that never replaces, so a file already there (or one that appears
while it is written) is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from tagdesk.formats.atomic import new_file


def write_registry(entities: Iterable[dict[str, Any]], out: Path) -> int:
    """Write the entities to the new file `out`; returns how many were written."""
    written = 0
    with new_file(out, what="entities export") as stream:
        for entity in entities:
            stream.write(orjson.dumps(entity, option=orjson.OPT_APPEND_NEWLINE))
            written += 1
    return written
