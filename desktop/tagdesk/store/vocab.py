"""Name -> id lookups for labels and tags, creating what is missing."""

from __future__ import annotations

from tagdesk.core.labels import colour_for
from tagdesk.store.database import Store
from tagdesk.store.models import Label, Tag


class LabelIds:
    """Label ids by name; unknown names are added to the scheme on first use."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._ids: dict[str, int] = dict(
            Label.select(Label.name, Label.id).tuples().execute(store.db)
        )
        self.added: list[str] = []

    def __contains__(self, name: object) -> bool:
        """A name in the scheme already (and so a valid one)."""
        return name in self._ids

    @property
    def by_name(self) -> dict[str, int]:
        """The ids known so far, to read without a call per span; `get` adds a missing one."""
        return self._ids

    def get(self, name: str) -> int:
        label_id = self._ids.get(name)
        if label_id is None:
            position = len(self._ids)
            label_id = Label.insert(
                name=name, colour=colour_for(name), hotkey="", description="", position=position
            ).execute(self.store.db)
            self._ids[name] = label_id
            self.added.append(name)
        return label_id


class TagIds:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._ids: dict[str, int] = dict(Tag.select(Tag.name, Tag.id).tuples().execute(store.db))

    def get(self, name: str) -> int:
        tag_id = self._ids.get(name)
        if tag_id is None:
            tag_id = Tag.insert(name=name).execute(self.store.db)
            self._ids[name] = tag_id
        return tag_id
