"""One window per database: a second `tagdesk` hands its files to the first and exits.

Two windows on one database would keep two undo stacks over the same rows.
The first window listens on a local socket named from the database's path
(in the user's runtime folder on Unix, a named pipe on Windows); a later
`tagdesk open FILE` connects, sends the files as one JSON line, waits for
"ok" and exits, and the window imports them as File > Import does.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QWidget

from tagdesk.core.errors import TagdeskError

if TYPE_CHECKING:  # QtNetwork loads only when a socket is there to talk to, or to make
    from PySide6.QtNetwork import QLocalSocket

SOCKET_PREFIX = "tagdesk-"
CONNECT_MS = 1500
REPLY_MS = 10_000
MAX_SOCKET_PATH = 100  # sun_path holds 104 to 108 bytes, by system
OK = b"ok\n"


def server_name(target: str) -> str:
    """The socket for a database: the same file (or URL) always gives the same name."""
    key = target if "://" in target else str(Path(target).expanduser().resolve())
    name = SOCKET_PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
    if sys.platform == "win32":
        return name
    runtime = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.RuntimeLocation)
    path = str(Path(runtime) / name) if runtime else ""
    if not path or len(path.encode()) > MAX_SOCKET_PATH:
        path = str(Path(tempfile.gettempdir()) / name)  # where Qt would put a bare name
    return path


def hand_over(name: str, files: Sequence[Path], database: str) -> bool:
    """True when a window already open on the database took the files and came forward."""
    if sys.platform != "win32" and not os.path.lexists(name):
        return False  # no socket file: no window listens on this database
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    message = {"files": [str(path.absolute()) for path in files]}
    socket.write(json.dumps(message).encode("utf-8") + b"\n")
    socket.flush()
    reply = b""
    while not reply.endswith(b"\n"):
        if not socket.waitForReadyRead(REPLY_MS):
            raise TagdeskError(
                f"{database}: the window already open on this database does not answer"
            )
        reply += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return reply == OK


class InstanceServer(QObject):
    """Listens for later starts on the same database; `opened` carries their files."""

    opened = Signal(list)  # of Path

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        from PySide6.QtNetwork import QLocalServer

        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> str:
        """Start listening; returns why not ("" when listening).

        Checked first: Qt makes the socket elsewhere and renames it into place,
        which would replace whatever file has the name.
        """
        if sys.platform != "win32" and os.path.lexists(self.name):
            if not is_stale_socket(self.name):
                return "something else has this name (another window, or a file not Tagdesk's)"
            self.server.removeServer(self.name)
        if self.server.listen(self.name):
            return ""
        return self.server.errorString()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        self._buffers[socket] = data
        if not data.endswith(b"\n"):
            return
        try:
            files = [Path(item) for item in json.loads(data)["files"] if isinstance(item, str)]
        except (ValueError, KeyError, TypeError):
            socket.disconnectFromServer()
            return
        socket.write(OK)
        socket.flush()
        self.opened.emit(files)

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()


def is_stale_socket(name: str) -> bool:
    """A socket file left by a window that was killed: a socket nobody accepts on.

    Anything else at that path (a file, a link, a live socket) is not ours to remove.
    """
    if sys.platform == "win32":
        return False
    try:
        mode = os.lstat(name).st_mode
    except OSError:
        return False
    if not stat.S_ISSOCK(mode):
        return False
    from PySide6.QtNetwork import QLocalSocket

    probe = QLocalSocket()
    probe.connectToServer(name)
    if probe.waitForConnected(CONNECT_MS):
        probe.disconnectFromServer()
        return False
    return probe.error() == QLocalSocket.LocalSocketError.ConnectionRefusedError


def bring_forward(window: QWidget) -> None:
    """Un-minimise and raise the window; the window manager decides about focus."""
    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
