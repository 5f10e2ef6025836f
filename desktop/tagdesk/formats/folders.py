"""What an imported folder contributes: the regular files it holds, nothing it points away to.

A folder someone else made can hold a link to a file elsewhere on the
machine (`notes.txt -> ~/.bash_history`), a link that loops back on itself,
a named pipe that would block a read forever, or a `.git` folder. The walk
below never follows a link out of the folder or into a sub-folder (so a loop
cannot hang it), never opens anything but a regular file, and passes over
hidden files and folders. What it leaves out for a reason the analyst should
know is said as a warning: how many, and the first few names.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

NAMES_SHOWN = 3  # how many names a warning lists before "..."
_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}


@dataclass
class Listing:
    """The files of a folder with the wanted endings, and what was passed over."""

    files: list[Path] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)  # links that lead out of the folder
    broken: list[str] = field(default_factory=list)  # links that lead nowhere, or loop
    special: list[str] = field(default_factory=list)  # pipes, sockets, devices
    unpaired: list[str] = field(default_factory=list)  # brat: .txt files with no .ann beside

    def warnings(self, folder: Path) -> list[str]:
        said = []
        for names, one, many in (
            (self.outside, "link that leads", "links that lead"),
            (self.broken, "link that is broken or loops", "links that are broken or loop"),
            (
                self.special,
                "entry that is not a regular file",
                "entries that are not regular files",
            ),
        ):
            if names:
                what = one if len(names) == 1 else many
                if names is self.outside:
                    what += " outside the folder"
                if names is self.special:
                    what += " (a pipe, socket or device)"
                more = ", ..." if len(names) > NAMES_SHOWN else ""
                shown = ", ".join(names[:NAMES_SHOWN]) + more
                said.append(f"{folder}: skipped {len(names)} {what}: {shown}")
        if self.unpaired:
            single = len(self.unpaired) == 1
            what = (
                ".txt file with no .ann beside it"
                if single
                else ".txt files with no .ann beside them"
            )
            more = ", ..." if len(self.unpaired) > NAMES_SHOWN else ""
            shown = ", ".join(self.unpaired[:NAMES_SHOWN]) + more
            said.append(
                f"{folder}: read as brat, so skipped {len(self.unpaired)} {what}: {shown} "
                "(--format txt imports them as documents without spans)"
            )
        return said


def list_files(folder: Path, endings: Iterable[str]) -> Listing:
    """Regular files under `folder` whose names end in one of `endings`, sorted by path."""
    wanted = tuple(endings)
    root = Path(os.path.realpath(folder))
    listing = Listing()
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue  # an unreadable sub-folder holds nothing we can import
        for entry in entries:
            if entry.name.startswith("."):
                continue  # .git, .DS_Store, editor back-ups
            path = Path(entry.path)
            relative = str(path.relative_to(folder))
            if entry.is_symlink():
                _linked(path, relative, root, wanted, listing)
            elif entry.is_dir(follow_symlinks=False):
                pending.append(path)
            elif entry.name.endswith(wanted):
                if entry.is_file(follow_symlinks=False):
                    listing.files.append(path)
                else:
                    listing.special.append(relative)
    listing.files.sort()
    return listing


def _linked(
    path: Path, relative: str, root: Path, wanted: tuple[str, ...], listing: Listing
) -> None:
    """Follow a link only to a regular file inside the folder; its folders are walked anyway."""
    try:
        mode = path.stat().st_mode  # follows the link; ELOOP for a loop
    except OSError:
        if path.name.endswith(wanted):
            listing.broken.append(relative)
        return
    if stat.S_ISDIR(mode):
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(root):
            listing.outside.append(relative + "/")
        return  # inside, the walk reaches it by its own name
    if not path.name.endswith(wanted):
        return
    if not Path(os.path.realpath(path)).is_relative_to(root):
        listing.outside.append(relative)
    elif stat.S_ISREG(mode):
        listing.files.append(path)
    else:
        listing.special.append(relative)


def kind_of(mode: int) -> str | None:
    """What a path that is not a regular file or folder is, in a message's words."""
    return _KINDS.get(stat.S_IFMT(mode))
