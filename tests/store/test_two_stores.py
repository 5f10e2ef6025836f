"""Two stores open in one process: each function reads and writes only the store it is given.

Every public function of tagdesk.store that takes a Store is called (see
store_calls.CALLS) on store a with store b opened after it, and then on b,
and the other way round; what each returns and what each file holds must
be what the same call gives on that store open alone.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import shutil
from pathlib import Path

import peewee
import pytest

import tagdesk.store
from tagdesk.store import Store, open_store
from tagdesk.store.models import MODELS, Label, Setting, Span
from tests.store.store_calls import CALLS, SAME_ON_BOTH, SERVER_ONLY, build, dump, normal


def functions_taking_a_store() -> set[str]:
    """ "module.name" of each public function (or class) of tagdesk.store with a Store parameter."""
    found = set()
    for info in pkgutil.iter_modules(tagdesk.store.__path__):
        module = importlib.import_module(f"tagdesk.store.{info.name}")
        for name, value in vars(module).items():
            if name.startswith("_") or getattr(value, "__module__", None) != module.__name__:
                continue
            target = value.__init__ if inspect.isclass(value) else value
            if not callable(target):
                continue
            try:
                parameters = inspect.signature(target).parameters.values()
            except (TypeError, ValueError):
                continue
            if any(p.annotation in ("Store", Store) for p in parameters):
                found.add(f"{info.name}.{name}")
    return found


def test_every_function_that_takes_a_store_is_called() -> None:
    functions = functions_taking_a_store()
    assert len(functions) > 50  # the enumeration finds them
    uncovered = sorted(functions - set(CALLS) - set(SERVER_ONLY))
    assert not uncovered, f"add these to tests/store/store_calls.py CALLS: {uncovered}"
    assert (
        sorted((set(CALLS) | set(SERVER_ONLY)) - functions) == []
    )  # no entry for a function that is gone


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    paths = {}
    for which in ("a", "b"):
        paths[which] = folder / f"{which}.db"
        build(paths[which], which)
    return paths


def copies(templates: dict[str, Path], folder: Path) -> dict[str, Path]:
    folder.mkdir()
    return {which: Path(shutil.copy(path, folder / path.name)) for which, path in templates.items()}


def alone(templates: dict[str, Path], folder: Path, name: str) -> dict[str, tuple[str, object]]:
    """What the call returns and leaves on each store, open with no other."""
    found = {}
    for which, path in copies(templates, folder).items():
        with open_store(path) as store:
            result = normal(CALLS[name](store))
        found[which] = (result, dump(path))
    return found


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_call_reads_and_writes_only_its_own_store(
    name: str, templates: dict[str, Path], tmp_path: Path
) -> None:
    expected = alone(templates, tmp_path / "alone", name)
    before = {which: dump(path) for which, path in templates.items()}
    wrote = expected["a"][1] != before["a"] or expected["b"][1] != before["b"]
    if name in SAME_ON_BOTH:
        assert expected["a"][0] == expected["b"][0], SAME_ON_BOTH[name]
        assert not wrote, SAME_ON_BOTH[name]
    else:  # the call tells the two stores apart, so a mix-up cannot pass unseen
        assert expected["a"][0] != expected["b"][0] or wrote
    for first, second in (("a", "b"), ("b", "a")):
        paths = copies(templates, tmp_path / f"{first}-then-{second}")
        with open_store(paths[first]) as one, open_store(paths[second]) as other:
            results = {first: normal(CALLS[name](one)), second: normal(CALLS[name](other))}
        for which in (first, second):
            assert results[which] == expected[which][0], f"{name} read the other store"
            assert dump(paths[which]) == expected[which][1], f"{name} wrote the other store"


def test_a_model_used_without_a_store_fails_at_once(store: Store) -> None:
    """Opening a store binds no model class: a query that names no database is refused."""
    assert all(model._meta.database is None for model in MODELS)
    with pytest.raises(peewee.InterfaceError):
        Label.select().execute()
    with pytest.raises(peewee.InterfaceError):
        list(Label.select(Label.name).tuples())
    with pytest.raises(peewee.InterfaceError):
        Setting.replace(key="k", value="v").execute()
    with pytest.raises(peewee.InterfaceError):
        Span.select().count()
    with pytest.raises(peewee.InterfaceError):
        Label.get_or_none(Label.name == "PERSON")
    with pytest.raises(peewee.ImproperlyConfigured):
        Label.create_table()
    assert store.execute("SELECT value FROM setting WHERE key = 'k'").fetchall() == []
    assert len(Label.select().execute(store.db)) == len(
        store.execute("SELECT id FROM label").fetchall()
    )
