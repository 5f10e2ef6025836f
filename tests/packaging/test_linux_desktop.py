"""Linux desktop integration: the files validate and agree with each other and with Tagdesk."""

from __future__ import annotations

import configparser
import os
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtGui import QImage

from tagdesk import APP_ID, __version__
from tests.conftest import REPO
from tests.packaging.tools import imported_extensions, system_tool

LINUX = REPO / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME = LINUX / f"{APP_ID}.mime.xml"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
# Types every desktop already knows, for the extensions Tagdesk's own MIME package leaves out.
STANDARD_TYPES = {".txt": "text/plain", ".json": "application/json"}
PROJECT_URL = "https://github.com/tagdesk/tagdesk"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def listed(value: str) -> list[str]:
    return [item for item in value.split(";") if item]


def types_by_extension() -> dict[str, str]:
    found = dict(STANDARD_TYPES)
    for mime_type in ET.parse(MIME).getroot().iter(f"{MIME_NS}mime-type"):
        for glob in mime_type.iter(f"{MIME_NS}glob"):
            found[glob.attrib["pattern"].removeprefix("*")] = mime_type.attrib["type"]
    return found


def test_desktop_file_passes_desktop_file_validate() -> None:
    result = subprocess.run(
        [system_tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout + result.stderr == ""  # not even a hint


def test_metainfo_passes_appstreamcli_validate() -> None:
    result = subprocess.run(
        [system_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    problems = [line for line in result.stdout.splitlines() if line[:2] in ("E:", "W:")]
    assert problems == []


def test_the_application_id_names_every_file_and_entry() -> None:
    entry = desktop_entry()
    assert entry["Icon"] == APP_ID
    assert entry["Exec"] == "tagdesk open %F"
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    launchable = root.find("launchable")
    assert launchable is not None
    assert launchable.attrib == {"type": "desktop-id"}
    assert launchable.text == DESKTOP.name
    assert sorted(path.name for path in LINUX.glob(f"{APP_ID}.*")) == sorted(
        [DESKTOP.name, METAINFO.name, MIME.name]
    )


def test_mime_types_cover_exactly_the_files_tagdesk_imports() -> None:
    by_extension = types_by_extension()
    assert imported_extensions() == set(by_extension)
    desktop_types = listed(desktop_entry()["MimeType"])
    assert sorted(desktop_types) == sorted(set(by_extension.values()))
    provides = ET.parse(METAINFO).getroot().find("provides")
    assert provides is not None
    assert [item.text for item in provides.iter("mediatype")] == desktop_types


def test_mime_package_registers_its_globs(tmp_path: Path) -> None:
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    (packages / f"{APP_ID}.xml").write_bytes(MIME.read_bytes())
    result = subprocess.run(
        [system_tool("update-mime-database"), str(tmp_path / "mime")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    globs = (tmp_path / "mime" / "globs2").read_text(encoding="utf-8")
    for extension, mime_type in types_by_extension().items():
        if extension not in STANDARD_TYPES:
            assert f":{mime_type}:*{extension}\n" in globs


def test_metainfo_release_is_the_package_version() -> None:
    releases = ET.parse(METAINFO).getroot().find("releases")
    assert releases is not None
    newest = releases[0]
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert newest.attrib["version"] == __version__ == pyproject["project"]["version"]
    assert len(newest.attrib["date"]) == len("2026-11-21")
    assert newest.findtext("description/p")


def test_metainfo_screenshot_is_the_committed_image(qapp) -> None:
    root = ET.parse(METAINFO).getroot()
    urls = {url.attrib["type"]: url.text for url in root.iter("url")}
    assert urls["homepage"] == PROJECT_URL
    image = root.find("screenshots/screenshot/image")
    assert image is not None
    assert image.text is not None
    prefix = f"{PROJECT_URL}/raw/main/"
    assert image.text.startswith(prefix)
    committed = REPO / image.text.removeprefix(prefix)
    assert committed == REPO / "packaging" / "screenshots" / "main-window.png"
    picture = QImage(str(committed))
    assert picture.width() == int(image.attrib["width"])
    assert picture.height() == int(image.attrib["height"])


def test_install_script_installs_the_menu_entry_and_removes_it(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    program = bin_dir / "tagdesk"
    program.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    program.chmod(0o755)
    prefix = tmp_path / "my prefix"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    script = LINUX / "install.sh"
    installed = subprocess.run(
        ["sh", str(script), "--prefix", str(prefix)], capture_output=True, text=True, env=env
    )
    assert installed.returncode == 0, installed.stderr
    share = prefix / "share"
    entry = share / "applications" / DESKTOP.name
    lines = entry.read_text(encoding="utf-8").splitlines()
    assert f'Exec="{program}" open %F' in lines
    assert f"TryExec={program}" in lines
    validated = subprocess.run(
        [system_tool("desktop-file-validate"), str(entry)], capture_output=True, text=True
    )
    assert validated.returncode == 0, validated.stdout
    assert (share / "metainfo" / METAINFO.name).read_bytes() == METAINFO.read_bytes()
    assert (share / "mime" / "packages" / f"{APP_ID}.xml").read_bytes() == MIME.read_bytes()
    icons = sorted(p.relative_to(share) for p in share.glob(f"icons/hicolor/*/apps/{APP_ID}.*"))
    assert len(icons) == 11
    assert Path("icons/hicolor/scalable/apps", f"{APP_ID}.svg") in icons

    removed = subprocess.run(
        ["sh", str(script), "--prefix", str(prefix), "--uninstall"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert removed.returncode == 0, removed.stderr
    assert not entry.exists()
    assert not list(share.glob(f"**/{APP_ID}*"))
    assert program.exists()  # a program installed elsewhere is left alone
