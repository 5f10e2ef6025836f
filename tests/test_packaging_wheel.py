from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from packaging.requirements import Requirement

from tests.conftest import REPO, SEEDS


def test_wheel_ships_the_seeds_and_resources(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    wheel = next(tmp_path.glob("tagdesk-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for seed in SEEDS.glob("*.txt"):
        assert f"tagdesk/seeds/{seed.name}" in names
    assert "tagdesk/resources/labels.json" in names
    assert "tagdesk/cli.py" in names
    metadata = next(n for n in names if n.endswith("METADATA"))
    lines = zipfile.ZipFile(wheel).read(metadata).decode().splitlines()
    qt = [
        Requirement(line.split(":", 1)[1].strip())
        for line in lines
        if line.startswith("Requires-Dist:") and "pyside6" in line.lower()
    ]
    assert qt, "PySide6 is a runtime dependency"
    for python, allowed in (("3.11", False), ("3.12", True), ("3.13", True)):
        admitting = [
            req
            for req in qt
            if req.marker is None or req.marker.evaluate({"python_version": python})
        ]
        assert admitting, f"no PySide6 for Python {python}"
        assert all(req.specifier.contains("6.12.0") == allowed for req in admitting), python
        assert all(req.specifier.contains("6.11.3") for req in admitting), python
