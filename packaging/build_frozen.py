"""Build Tagdesk as a one-folder program with PyInstaller (dist/tagdesk; Tagdesk.app on macOS).

Run it on the system the program is for, from an environment with Tagdesk's
dependencies, the model and PyInstaller: `pip install -e ".[model,packaging]"`.
`--measure N` then times N starts of the frozen and of the source program.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "packaging" / "pyinstaller" / "tagdesk.spec"


def build(dist: Path, work: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        check=True,
        cwd=REPO,
    )
    return dist / "tagdesk"


def strip_debug_info(folder: Path) -> int:
    """Drop the debug sections some wheels ship in their libraries (a third of the folder).

    Only files that carry them are rewritten: strip corrupts the libraries
    auditwheel relinked into `*.libs` folders, so those are left alone.
    """
    strip = shutil.which("strip")
    if strip is None or not sys.platform.startswith("linux"):
        return 0
    targets = [
        str(path)
        for path in folder.rglob("*.so*")
        if path.is_file()
        and not path.is_symlink()
        and not path.parent.name.endswith(".libs")
        and b".debug_info" in path.read_bytes()
    ]
    if targets:
        subprocess.run([strip, "--strip-unneeded", *targets], check=True)
    return len(targets)


def folder_size(folder: Path) -> int:
    """Bytes in every file under `folder`, links not followed."""
    return sum(path.lstat().st_size for path in folder.rglob("*") if path.is_file())


def start_times(program: list[str], runs: int) -> list[float]:
    """Seconds from starting `tagdesk --screenshot` to its exit, the window drawn and saved.

    The database holds the sample articles; every run opens the first one.
    """
    with tempfile.TemporaryDirectory(prefix="tagdesk-start-") as name:
        folder = Path(name)
        env = {
            **os.environ,
            "HOME": name,
            "XDG_DATA_HOME": str(folder / "data"),
            "XDG_CONFIG_HOME": str(folder / "config"),
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONPATH": str(REPO / "desktop"),  # the source program; the frozen one ignores it
        }
        db = str(folder / "start.sqlite3")

        def run(*arguments: str) -> None:
            subprocess.run([*program, *arguments], check=True, env=env, capture_output=True)

        run("import", str(REPO / "seeds"), "--db", db)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            run("--db", db, "--screenshot", str(folder / "shot.png"), "--doc", "1")
            times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=REPO / "dist", help="output folder")
    parser.add_argument(
        "--work",
        type=Path,
        default=REPO / "build" / "pyinstaller",
        help="PyInstaller's work folder",
    )
    parser.add_argument(
        "--measure", type=int, default=0, metavar="N", help="then time N starts of each program"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    folder = build(args.dist, args.work)
    stripped = strip_debug_info(folder)
    seconds = time.perf_counter() - started
    print(
        f"built {folder} in {seconds:.0f} s: {folder_size(folder) / 2**20:.0f} MiB "
        f"({stripped} libraries stripped of debug sections)"
    )
    if args.measure:
        for name, program in (
            ("frozen", [str(folder / "tagdesk")]),
            ("source", [sys.executable, "-m", "tagdesk"]),
        ):
            times = start_times(program, args.measure)
            every = ", ".join(f"{t:.2f}" for t in times)
            print(f"{name} start to screenshot: median {statistics.median(times):.2f} s ({every})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
