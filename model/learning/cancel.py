"""A cancellation flag shared between the thread doing long work and the one asking it to stop."""

from __future__ import annotations

import threading
from collections.abc import Callable


class CancelToken:
    """Set from any thread; long work checks it between steps (batches, download chunks), or
    registers what to do at once to interrupt a wait (`on_cancel`)."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []

    def cancel(self) -> None:
        with self._lock:
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()

    def on_cancel(self, callback: Callable[[], None]) -> None:
        """Call `callback` when cancelled (at once, if already cancelled)."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)
                return
        callback()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()
