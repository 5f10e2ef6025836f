"""Canonical entities as plain records: one person, every spelling, one stable key.

An entity's key is what exports call `kb_id`: a slug of its name and its id
(`qasem-soleimani-3`), given once and never to another entity, not even after
a merge (the merged entity's key stays with the survivor as a former key).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tagdesk.core.validation import shown_character

KEY_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}")
_SLUG_PARTS = re.compile(r"[^a-z0-9]+")
_SLUG_LENGTH = 40
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class EntityRecord:
    """An entity as it is stored, and the state undo puts back.

    `aliases` are other spellings of the name (the name itself is not one);
    `former_keys` the keys of entities merged into this one, which still
    name it. `created_at` tells this entity from another under the same id.
    """

    id: int
    key: str
    name: str
    label_id: int
    description: str = ""
    external_id: str = ""
    aliases: tuple[str, ...] = ()
    former_keys: tuple[str, ...] = ()
    created_at: str = ""


@dataclass(frozen=True)
class EntitySummary:
    """An entity as `tagdesk entities list` and `entities export` show it."""

    record: EntityRecord
    label: str
    mentions: int  # spans linked to it
    documents: int  # documents holding those spans

    def as_dict(self) -> dict[str, object]:
        entity = self.record
        return {
            "key": entity.key,
            "name": entity.name,
            "label": self.label,
            "aliases": list(entity.aliases),
            "description": entity.description,
            "external_id": entity.external_id or None,
            "former_keys": list(entity.former_keys),
            "mentions": self.mentions,
            "documents": self.documents,
        }


EntityState = tuple[int, EntityRecord | None]  # entity id, its state (None: no such entity)


def slug(name: str) -> str:
    """The readable part of a key: the name in lower-case ASCII words joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = _SLUG_PARTS.sub("-", ascii_name.lower()).strip("-")
    return words[:_SLUG_LENGTH].rstrip("-") or "entity"


def key_problem(key: object) -> str | None:
    """Why `key` cannot be an entity key (a kb_id written into every format), or None."""
    if isinstance(key, str) and KEY_PATTERN.fullmatch(key):
        return None
    return (
        f"an entity key is up to 200 letters, digits and . _ : / - (starting with a letter or "
        f"digit), got {key!r:.80}"
    )


def name_problem(name: object, what: str = "an entity's name") -> str | None:
    """Why `name` cannot be an entity's name or alias, or None."""
    if not isinstance(name, str) or not name.strip() or len(name) > 500:
        return f"{what} must be text of 1 to 500 characters, got {name!r:.80}"
    control = _CONTROL.search(name)
    if control:
        return f"{what} {name!r:.80} holds the control character {shown_character(control[0])}"
    if name != name.strip():
        return f"{what} {name!r:.80} starts or ends with whitespace"
    return None


def external_id_problem(value: object) -> str | None:
    """An external id is one word (a Wikidata QID, say), or empty."""
    if value == "":
        return None
    if (
        isinstance(value, str)
        and len(value) <= 200
        and re.fullmatch(r"\S+", value)
        and not _CONTROL.search(value)
    ):
        return None
    return f"an external id is one word (a Wikidata QID such as Q312135), got {value!r:.80}"
