"""One running BeatSync: a second launch hands its files to the window already open.

    instance = SingleInstance()
    if not instance.claim("BeatSync"):                  # another BeatSync runs
        sys.exit(0 if instance.send_to_running(files) else 1)
    instance.filesReceived.connect(controller.add_files)   # later launches' files
    instance.activationRequested.connect(window.raise_)     # a launch without files

How: a `QLocalServer` (a Unix socket in the temp folder, a named pipe on Windows) under a
name made of the app id and the user (two users on one machine never meet). A second
launch connects and sends one line of JSON, `{"app": "BeatSync", "v": 1, "files": [...]}`
with absolute paths, and waits for `ok`. `claim()` first tries to connect: if somebody
answers, another instance lives; if nobody does, a socket left by a crashed instance is
removed and this process listens. A `QLockFile` around that check keeps two launches in
the same instant from both becoming the first.

macOS does not start a second process for "Open with", a Finder double-click or a drop on
the Dock icon: it sends the running app a `QFileOpenEvent`. `FileOpenFilter` turns those
into the same `filesReceived(list)` signal (batched, and held until the window is ready).

A `QCoreApplication` (or `QApplication`) must exist before `claim()`.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import re
import time
from typing import Iterable, Optional

from PySide6.QtCore import QDir, QEvent, QLockFile, QObject, QTimer, QUrl, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from .file_open import collect_file_open

log = logging.getLogger(__name__)

PROTOCOL_VERSION = 1
MAX_MESSAGE_BYTES = 1 << 20        # a batch of a few thousand long paths fits
ACK = b"ok\n"


def server_name(app_id: str) -> str:
    """The local-socket name for `app_id` and this user: `BeatSync-1a2b3c4d5e6f`."""
    try:
        user = getpass.getuser()
    except Exception:      # no user name in the environment (some services)
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    digest = hashlib.sha256(f"{app_id}\0{user}".encode()).hexdigest()[:12]
    safe = re.sub(r"[^A-Za-z0-9_-]", "", app_id)[:40] or "app"
    return f"{safe}-{digest}"


def _absolute(path: str) -> str:
    if path.startswith("file:"):
        local = QUrl(path).toLocalFile()
        if local:
            return local
    return os.path.abspath(os.path.expanduser(path))


class SingleInstance(QObject):
    """The first process listens; later ones hand over their files and exit."""

    filesReceived = Signal(list)      # absolute paths from a later launch
    activationRequested = Signal()    # a later launch had no files: bring the window forward

    idle_timeout_ms = 10_000          # a connection that says nothing is dropped after this

    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._server: Optional[QLocalServer] = None
        self._name: Optional[str] = None
        self._buffers: dict[QLocalSocket, bytearray] = {}

    @property
    def name(self) -> Optional[str]:
        return self._name

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    # --- the first instance ----------------------------------------------------------------
    def claim(self, app_id: str = "BeatSync", timeout_ms: int = 500) -> bool:
        """True: this process is the one to run (it now listens for later launches).
        False: another instance answered; hand it the files with `send_to_running`."""
        self._name = server_name(app_id)
        lock = QLockFile(os.path.join(QDir.tempPath(), self._name + ".lock"))
        lock.setStaleLockTime(15_000)
        locked = lock.tryLock(5_000)     # not got: go on; the check below still mostly works
        try:
            if self._answers(timeout_ms):
                return False
            # Nobody answered: a socket file left by a crashed instance (Unix) blocks
            # listen(); remove it. (Windows pipes vanish with their process.)
            QLocalServer.removeServer(self._name)
            server = QLocalServer(self)
            server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
            if not server.listen(self._name):
                # Run anyway: one window without hand-over beats no window.
                log.warning("Single instance: cannot listen on %s: %s", self._name,
                            server.errorString())
                server.deleteLater()
                return True
            server.newConnection.connect(self._accept)
            self._server = server
            log.info("Single instance: listening on %s", server.fullServerName())
            return True
        finally:
            if locked:
                lock.unlock()

    def release(self) -> None:
        """Stop listening (the app is closing)."""
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None

    def _answers(self, timeout_ms: int) -> bool:
        probe = QLocalSocket()
        probe.connectToServer(self._name)
        if probe.waitForConnected(timeout_ms):
            probe.disconnectFromServer()
            return True
        return False

    def _accept(self) -> None:
        # Slots are methods that ask sender(), not lambdas holding the socket: PySide
        # 6.11 crashes ("shared QObject was deleted directly") when a socket captured by
        # a lambda is deleted with the server.
        while self._server is not None and self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            if sock is None:
                break
            self._buffers[sock] = bytearray()
            sock.readyRead.connect(self._ready_read)
            sock.disconnected.connect(self._disconnected)
            # A client that connects and says nothing (claim()'s probe, a stuck launch).
            idle = QTimer(sock)
            idle.setSingleShot(True)
            idle.timeout.connect(self._idle)
            idle.start(self.idle_timeout_ms)
            if sock.bytesAvailable():
                self._read(sock)

    def _idle(self) -> None:
        timer = self.sender()
        sock = timer.parent() if timer is not None else None
        if isinstance(sock, QLocalSocket):
            sock.abort()

    def _ready_read(self) -> None:
        sock = self.sender()
        if isinstance(sock, QLocalSocket):
            self._read(sock)

    def _disconnected(self) -> None:
        sock = self.sender()
        if isinstance(sock, QLocalSocket):
            self._buffers.pop(sock, None)
            sock.deleteLater()

    def _read(self, sock: QLocalSocket) -> None:
        buffer = self._buffers.get(sock)
        if buffer is None:
            return
        buffer += bytes(sock.readAll().data())
        if len(buffer) > MAX_MESSAGE_BYTES:
            log.warning("Single instance: message over %d bytes dropped", MAX_MESSAGE_BYTES)
            buffer.clear()
            sock.abort()
            return
        if b"\n" not in buffer:
            return
        line = bytes(buffer.split(b"\n", 1)[0])
        buffer.clear()
        files = self._parse(line)
        if files is None:
            sock.write(b"error\n")
            sock.flush()
            sock.disconnectFromServer()
            return
        sock.write(ACK)                   # answer first: the sender is waiting to exit
        sock.flush()
        sock.disconnectFromServer()
        if files:
            log.info("Single instance: %d file(s) from another launch", len(files))
            self.filesReceived.emit(files)
        else:
            self.activationRequested.emit()

    @staticmethod
    def _parse(line: bytes) -> Optional[list[str]]:
        try:
            message = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            log.warning("Single instance: a message that is not JSON was dropped")
            return None
        files = message.get("files") if isinstance(message, dict) else None
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            log.warning("Single instance: a message without a file list was dropped")
            return None
        return [f for f in files if f]

    # --- a later instance ------------------------------------------------------------------
    def send_to_running(self, paths: Iterable[str | os.PathLike], app_id: Optional[str] = None,
                        timeout_ms: int = 3_000) -> bool:
        """Hand `paths` (made absolute against this process's folder) to the running
        instance; True once it confirmed. No paths: ask it to come forward. Blocking (no
        event loop needed); False if nobody answered within `timeout_ms`."""
        name = server_name(app_id) if app_id else self._name
        if name is None:
            raise ValueError("send_to_running: call claim() first or give the app_id")
        message = {"app": "BeatSync", "v": PROTOCOL_VERSION,
                   "files": [_absolute(os.fspath(p)) for p in paths]}
        data = json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n"
        deadline = time.monotonic() + timeout_ms / 1000
        sock = QLocalSocket()
        sock.connectToServer(name)
        if not sock.waitForConnected(timeout_ms):
            log.info("Single instance: nobody at %s (%s)", name, sock.errorString())
            return False
        sock.write(data)
        sock.flush()
        # Short waits: PySide keeps the GIL inside waitFor…(), so one long wait would
        # starve a receiver running Python in this process (tests; a worker thread).
        reply = bytearray()
        while b"\n" not in reply and time.monotonic() < deadline:
            if sock.bytesAvailable() or sock.waitForReadyRead(50):
                reply += bytes(sock.readAll().data())
            elif sock.state() != QLocalSocket.LocalSocketState.ConnectedState:
                break       # hung up; an answer that came with the hang-up is read below
        reply += bytes(sock.readAll().data())
        sock.abort()
        if not reply.startswith(ACK):
            log.warning("Single instance: the running BeatSync did not confirm (%r)",
                        bytes(reply[:40]))
            return False
        return True


class FileOpenFilter(QObject):
    """macOS "Open with", Finder double-clicks and Dock drops (QFileOpenEvent) as
    `filesReceived(list)`: install on the application, call `set_ready()` once the window
    can take files. Events that arrive before (at launch, before the window exists) are
    kept; several in a burst (a multi-file drop) come out as one list."""

    filesReceived = Signal(list)

    def __init__(self, parent: Optional[QObject] = None, batch_ms: int = 150):
        super().__init__(parent)
        self._pending: list[str] = []
        self._ready = False
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(batch_ms)
        self._flush.timeout.connect(self._emit)

    def install(self, app: QObject) -> "FileOpenFilter":
        app.installEventFilter(self)
        return self

    def set_ready(self, ready: bool = True) -> None:
        self._ready = ready
        if ready and self._pending:
            self._flush.start()

    def take_pending(self) -> list[str]:
        files, self._pending = self._pending, []
        return files

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return collect_file_open(event, self._pending, self._ready, self._flush)

    def _emit(self) -> None:
        files = self.take_pending()
        if files:
            self.filesReceived.emit(files)
