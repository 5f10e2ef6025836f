"""The label scheme: read, add, change, and count per document."""

from __future__ import annotations

from tagdesk.core.errors import TagdeskError
from tagdesk.core.labels import colour_for, is_valid_colour, is_valid_label_name
from tagdesk.core.records import LabelRecord
from tagdesk.core.validation import label_problem
from tagdesk.core.wording import counted
from tagdesk.store.database import Store
from tagdesk.store.models import Label, Span
from tagdesk.store.versions import checked_update


def list_labels(store: Store) -> list[LabelRecord]:
    query = Label.select(
        Label.id,
        Label.name,
        Label.colour,
        Label.hotkey,
        Label.description,
        Label.position,
        Label.version,
    ).order_by(Label.position, Label.id)
    return [LabelRecord(*row) for row in query.tuples().execute(store.db)]


def save_label(store: Store, record: LabelRecord) -> LabelRecord:
    """Insert (id 0) or update a label; names are unique, hotkeys too.

    An update expects the label at the version it was read at: one another
    window changed since is left as it is (ChangedSinceError).
    """
    name = record.name.strip(" ")
    if not is_valid_label_name(name):
        problem = label_problem(name)
        if problem and "control character" in problem:
            raise TagdeskError(problem.removeprefix("span "))
        raise TagdeskError(f"label name {record.name!r} must be 1-64 characters without spaces")
    colour = record.colour if is_valid_colour(record.colour) else colour_for(name)
    hotkey = record.hotkey.strip().upper()
    with store.write_transaction():
        clash = (
            Label.select()
            .where((Label.name == name) & (Label.id != record.id))
            .get_or_none(store.db)
        )
        if clash is not None:
            raise TagdeskError(f"a label named {name} already exists")
        if hotkey:
            holder = (
                Label.select()
                .where((Label.hotkey == hotkey) & (Label.id != record.id))
                .get_or_none(store.db)
            )
            if holder is not None:
                raise TagdeskError(f"the hotkey {hotkey} already belongs to {holder.name}")
        version = 1
        if record.id:
            version = checked_update(
                store,
                "label",
                record.id,
                record.version,
                "name = ?, colour = ?, hotkey = ?, description = ?",
                (name, colour, hotkey, record.description),
            )
            label_id = record.id
            position = record.position
        else:
            position = (
                Label.select(Label.position).order_by(Label.position.desc()).scalar(store.db) or 0
            ) + 1
            label_id = Label.insert(
                position=position,
                name=name,
                colour=colour,
                hotkey=hotkey,
                description=record.description,
            ).execute(store.db)
    return LabelRecord(label_id, name, colour, hotkey, record.description, position, version)


def delete_label(store: Store, label_id: int) -> None:
    with store.write_transaction():
        used = Span.select().where(Span.label == label_id).count(store.db)
        if used:
            raise TagdeskError(
                f"the label is used by {counted(used, 'span')}; relabel or delete them first"
            )
        Label.delete().where(Label.id == label_id).execute(store.db)
