"""One DigitPad window per person: a second launch brings the first window forward.

Two windows over one samples database and one "active model" setting would each show a
stale view of what the other changed (a correction saved in one missing from the other's
My digits, a model chosen in one silently replaced by the other's), so a second `digitpad`
hands its request — show yourself, and open this model if one was named — to the running one
over a local socket (Qt's QLocalServer, private to the user) and exits. The data stays safe
for other processes regardless (`digitpad-train` beside the window: model/keeping/samples.py waits
for a busy database, model/keeping/store.py reserves model names atomically).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_MS = 500  # a live instance answers at once; a dead one's socket refuses at once


def server_name(data_dir: Path) -> str:
    """One name per data folder (per person, and per test's scratch folder), short enough
    for a Unix socket path."""
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:16]
    return f"digitpad-{digest}"


def hand_over(name: str, model: str | None) -> bool:
    """Ask a running DigitPad to come forward (and open `model`); whether one answered."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    request = {"model": str(Path(model).resolve()) if model else None}
    socket.write(json.dumps(request).encode() + b"\n")
    socket.waitForBytesWritten(CONNECT_MS)
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later launches; `requested` carries the model path each named, or ""."""

    requested = Signal(str)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        if not self._server.listen(name):
            # A socket left behind by a DigitPad that was killed: nobody answers on it
            # (hand_over failed before we got here), so it is safe to take over.
            QLocalServer.removeServer(name)
            self._server.listen(name)

    def is_listening(self) -> bool:
        return self._server.isListening()

    def _accept(self) -> None:
        # The other launch writes its one line as soon as it is connected, so reading it here
        # waits a few milliseconds at most (never more than CONNECT_MS).
        while (socket := self._server.nextPendingConnection()) is not None:
            if socket.canReadLine() or socket.waitForReadyRead(CONNECT_MS):
                self._read(bytes(socket.readLine()))
            socket.disconnectFromServer()
            socket.deleteLater()

    def _read(self, line: bytes) -> None:
        try:
            model = json.loads(line.decode()).get("model") or ""
        except (ValueError, AttributeError):
            return  # not a DigitPad's request: ignored, never acted on
        self.requested.emit(model if isinstance(model, str) else "")
