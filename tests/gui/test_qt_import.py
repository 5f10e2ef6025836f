"""PySide6's per-module check for `__feature__` reads a module's bytes, not its source
through `inspect`, and still gives every module the answer PySide6 gives it."""

from __future__ import annotations

import linecache
import os
import subprocess
import sys
from pathlib import Path

import pytest

import tagdesk.gui  # noqa: F401  (the package replaces the check as it loads)
from tests.conftest import REPO


def feature_flags() -> dict[str, int]:
    return sys.modules["shibokensupport.feature"].pyside_feature_dict  # type: ignore[no-any-return]


def import_statement(name: str) -> None:
    """`import name` as a module's code runs it: through the import hook PySide6 installs
    (importlib.import_module would not pass through it)."""
    exec(f"import {name}", {"__name__": "tests.gui.test_qt_import"})


@pytest.fixture
def module_folder(tmp_path: Path) -> Path:
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))


def test_a_module_is_checked_without_reading_its_source_through_inspect(
    module_folder: Path,
) -> None:
    (module_folder / "td_names_qt.py").write_text(
        '"""Names PySide6 in a docstring only."""\nVALUE = 1\n', encoding="utf-8"
    )
    (module_folder / "td_plain.py").write_text("VALUE = 2\n", encoding="utf-8")
    import_statement("td_names_qt")
    import_statement("td_plain")
    flags = feature_flags()
    # PySide6's own rule: a module whose text mentions it may switch features (0), any
    # other is left out of switching (-1).
    assert flags["td_names_qt"] == 0
    assert flags["td_plain"] == -1
    for name in ("td_names_qt", "td_plain"):
        assert sys.modules[name].__file__ not in linecache.cache
    # The same modules through PySide6's own check, which reads them with inspect.
    original = sys.modules["shibokensupport.feature"]._mod_uses_pyside.original
    assert original(sys.modules["td_names_qt"]) is True
    assert original(sys.modules["td_plain"]) is False
    assert sys.modules["td_names_qt"].__file__ in linecache.cache


def test_the_window_modules_get_the_answers_of_pyside6s_own_check() -> None:
    import tagdesk.gui.main_window  # noqa: F401

    original = sys.modules["shibokensupport.feature"]._mod_uses_pyside.original
    flags = feature_flags()  # PySide6 records the modules named by import statements
    ours = {name for name in sys.modules if name.startswith("tagdesk.gui.") and name in flags}
    assert len(ours) > 30
    for name in ours:
        assert flags[name] == (0 if original(sys.modules[name]) else -1), name


@pytest.mark.parametrize("first", ["import PySide6", "import tagdesk.gui"])
def test_a_module_that_selects_snake_case_still_gets_it(tmp_path: Path, first: str) -> None:
    """The same answers with PySide6's own check ("import PySide6") and with ours."""
    (tmp_path / "td_snake.py").write_text(
        "from __feature__ import snake_case\n"
        "from PySide6.QtCore import QObject\n"
        "thing = QObject()\n"
        'thing.set_object_name("snake")\n'
        "NAME = thing.object_name()\n",
        encoding="utf-8",
    )
    (tmp_path / "td_camel.py").write_text(  # selects nothing: Qt's own names
        "from PySide6.QtCore import QObject\n"
        "def name():\n"
        "    other = QObject()\n"
        '    other.setObjectName("camel")\n'
        "    return other.objectName()\n",
        encoding="utf-8",
    )
    script = f"{first}\nimport td_snake, td_camel\nprint(td_snake.NAME, td_camel.name())\n"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO / "desktop"), str(tmp_path)]))
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["snake", "camel"]
