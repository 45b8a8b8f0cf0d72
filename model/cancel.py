"""A cancellation flag shared between the thread doing long work and the one asking it to stop."""

from __future__ import annotations

import threading


class CancelToken:
    """Set from any thread; long work checks it between steps (batches, download chunks)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()
