"""A second process that decodes and encodes beside the main one, so a job uses both cores.

FFmpeg's decoders and AAC encoder are single-threaded and PyAV holds the GIL while they run,
so a thread would not help. The helper starts with the job and makes the dance video's
analysis copy while the main process decodes the reference; then it decodes the reference
on its own while the main process aligns, and later encodes the second half of the output
audio. AAC frames from two encoders splice cleanly when each encoder saw two frames of the
real signal past the cut (measured: the error at the splice equals the codec's usual error).

It is a plain child process (`python -m beatsync_desktop.core.encode_helper`, or the frozen
app with `--encode-helper`) talking pickles over its stdin/stdout: no multiprocessing
re-import of the caller's main module. Any failure of the helper only means the main
process encodes everything itself.
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import threading
import time
from typing import Callable, Optional

HELPER_FLAG = "--encode-helper"


def main() -> int:
    """The helper's loop: (kind, args) requests in, ("ok"|"error", value) replies out."""
    from .decode import decode_audio, decode_for_analysis
    from .render import encode_range

    # The raw descriptors: a windowed frozen app may have no sys.stdin/sys.stdout objects.
    inp, out = os.fdopen(0, "rb"), os.fdopen(1, "wb")
    sys.stdout = sys.stderr          # nothing else may write into the reply stream
    ref = None
    while True:
        try:
            kind, args = pickle.load(inp)
        except (EOFError, pickle.UnpicklingError):
            return 0
        try:
            if kind == "analyse":
                reply = ("ok", decode_for_analysis(args)[0])
            elif kind == "decode":
                path, rate, keep = args
                ref = decode_audio(path, rate=rate, keep=keep)
                reply = ("ok", None)
            elif kind == "load":
                ref = args
                reply = ("ok", None)
            elif kind == "encode":
                reply = ("ok", encode_range(ref, *args))
            else:
                return 0
        except Exception as exc:   # reported to the parent, which falls back to itself
            reply = ("error", repr(exc))
        pickle.dump(reply, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()


def _command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, HELPER_FLAG]
    return [sys.executable, "-m", "beatsync_desktop.core.encode_helper"]


class EncodeHelper:
    def __init__(self) -> None:
        self._proc: Optional[subprocess.Popen] = None
        self._replies: "queue.Queue" = queue.Queue()
        self._pending = 0

    def start(self) -> bool:
        """Start the helper process; False if it cannot run here."""
        kwargs = {}
        if os.name == "nt":
            kwargs["creationflags"] = 0x08000000          # CREATE_NO_WINDOW
        else:
            kwargs["start_new_session"] = True            # Ctrl+C goes to us, not to it
        # The child must import this very package, installed or not.
        package_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        try:
            self._proc = subprocess.Popen(_command(), stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                          env=env, **kwargs)
            threading.Thread(target=self._read, args=(self._proc.stdout,), daemon=True,
                             name="encode-helper-reader").start()
            return True
        except Exception:
            self.close()
            return False

    def load(self, song) -> bool:
        """Hand the helper the song (an AudioData) this process already decoded."""
        return self._proc is not None and self._send(("load", song))

    def decode(self, ref_path, rate: Optional[int],
               keep: Optional[tuple[float, float]] = None) -> bool:
        """Have the helper decode the song (or the `keep` span of it) at `rate`."""
        return self._proc is not None and self._send(("decode", (str(ref_path), rate, keep)))

    def analyse(self, path, check: Callable[[], None]) -> Callable[[], Optional[object]]:
        """Have the helper make the analysis copy of `path` (`decode_for_analysis`); returns
        a function that waits for it (None if the helper failed: decode it here). It must be
        the first request: replies come in order."""
        if self._proc is None or self._pending or not self._send(("analyse", str(path))):
            return lambda: None
        return self._awaiting(check)

    def _read(self, stream) -> None:     # a thread: blocked in I/O, so it costs no GIL
        while True:
            try:
                self._replies.put(pickle.load(stream))
            except Exception:
                self._replies.put(None)   # the helper is gone
                return

    def _send(self, message) -> bool:
        try:
            pickle.dump(message, self._proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._proc.stdin.flush()
            self._pending += 1
            return True
        except Exception:
            self.close()
            return False

    def _reply(self, check: Callable[[], None], timeout: float):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            check()
            try:
                reply = self._replies.get(timeout=0.05)
            except queue.Empty:
                continue
            self._pending -= 1
            if reply is None or reply[0] != "ok":
                self.close()
                return None
            return reply
        self.close()
        return None

    def ready(self, timeout: float = 60.0) -> bool:
        """Wait until the helper has decoded the reference (used by the self-test)."""
        while self._pending and self._proc is not None:
            if self._reply(lambda: None, timeout) is None:
                return False
        return self._proc is not None

    def encode(self, alignment, plan, options, song_length: float, lo: int, hi: int,
               check: Callable[[], None]) -> Callable[[], Optional[list]]:
        """Ask for output samples [lo, hi); returns a function that waits for the packets."""
        if self._proc is None:
            return lambda: None
        while self._pending:                     # the reference must be decoded first
            if self._reply(check, 120.0) is None:
                return lambda: None
        if not self._send(("encode", (alignment, plan, options, song_length, lo, hi))):
            return lambda: None
        return self._awaiting(check)

    def _awaiting(self, check: Callable[[], None], timeout: float = 600.0) -> Callable:
        """A function that waits for the reply to the request just sent: its value, or
        None if the helper failed (the caller then does the work itself)."""
        def result():
            if self._proc is None:
                return None
            reply = self._reply(check, timeout)
            return None if reply is None else reply[1]
        return result

    def close(self) -> None:
        """Stop the helper at once (also on cancel): close its input, terminate, kill."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            proc.stdin.close()
        except Exception:
            pass
        try:
            proc.wait(0.2)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(1.5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


if __name__ == "__main__":
    sys.exit(main())
