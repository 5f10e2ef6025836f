"""The Windows installer script and the macOS Info.plist agree with Tagdesk.

Neither can be built here; these checks keep them in step with the version,
the application id, the icons, the frozen build and the files Tagdesk opens.
"""

from __future__ import annotations

import plistlib
import re
from pathlib import PureWindowsPath

from tagdesk import APP_ID, __version__
from tests.conftest import REPO
from tests.packaging.tools import imported_extensions

PACKAGING = REPO / "packaging"
ISS = PACKAGING / "windows" / "tagdesk.iss"
PLIST = PACKAGING / "macos" / "Info.plist"
# Uniform type identifiers macOS itself declares, with the extensions they cover here.
SYSTEM_UTIS = {"public.plain-text": {"txt"}, "public.json": {"json"}}


def iss_defines() -> dict[str, str]:
    text = ISS.read_text(encoding="utf-8")
    return dict(re.findall(r'^#define (\w+) "([^"]*)"$', text, flags=re.MULTILINE))


def test_inno_setup_script_names_this_version_and_the_application_id() -> None:
    defines = iss_defines()
    assert defines["AppId"] == APP_ID
    assert defines["AppVersion"] == __version__
    assert defines["AppExe"] == "tagdesk.exe"  # the spec's EXE name


def test_inno_setup_script_paths_point_at_the_build_and_the_icon() -> None:
    text = ISS.read_text(encoding="utf-8")
    source = re.search(r'^Source: "([^"]+)"', text, flags=re.MULTILINE)
    assert source is not None
    folder = PureWindowsPath(source.group(1)).parent
    assert (ISS.parent / folder.as_posix()).resolve() == REPO / "dist" / "tagdesk"
    icon = re.search(r"^SetupIconFile=(.+)$", text, flags=re.MULTILINE)
    assert icon is not None
    assert (ISS.parent / PureWindowsPath(icon.group(1)).as_posix()).resolve().is_file()


def test_inno_setup_offers_open_with_for_every_imported_extension() -> None:
    text = ISS.read_text(encoding="utf-8")
    registered = set(re.findall(r'Subkey: "Software\\Classes\\(\.\w+)\\OpenWithProgids"', text))
    assert registered == imported_extensions()
    assert '""{app}\\{#AppExe}"" open ""%1""' in text


def test_info_plist_has_the_bundle_id_version_and_icon() -> None:
    info = plistlib.loads(PLIST.read_bytes())
    assert info["CFBundleIdentifier"] == APP_ID
    assert info["CFBundleShortVersionString"] == __version__
    assert info["CFBundleExecutable"] == "tagdesk"
    assert (PACKAGING / "icons" / info["CFBundleIconFile"]).is_file()


def test_info_plist_document_types_cover_every_imported_extension() -> None:
    info = plistlib.loads(PLIST.read_bytes())
    declared = {
        entry["UTTypeIdentifier"]: set(entry["UTTypeTagSpecification"]["public.filename-extension"])
        for entry in info["UTImportedTypeDeclarations"]
    }
    known = {**SYSTEM_UTIS, **declared}
    covered: set[str] = set()
    for document in info["CFBundleDocumentTypes"]:
        assert document["CFBundleTypeRole"] == "Viewer"
        assert document["LSHandlerRank"] == "Alternate"  # never taken over as the default
        for uti in document["LSItemContentTypes"]:
            covered |= known[uti]
    assert {f".{extension}" for extension in covered} == imported_extensions()
