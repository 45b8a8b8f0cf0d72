"""The person's labelled digits as the GUI sees them: the Qt-free store plus a `changed` signal.

Opened once per window. A damaged or foreign database is never written to: `error` then says
why, in words, and corrections are switched off.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal

from gui.i18n import tr
from model.keeping.samples import FILE_NAME, Sample, SampleError, SampleStore, Summary


class SampleBook(QObject):
    changed = Signal()  # anything changed (after added or removed)
    added = Signal(list)  # the ids of samples just saved
    removed = Signal(list)  # the ids of samples just deleted

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = folder / FILE_NAME
        self.store: SampleStore | None = None
        self.error: str | None = None
        try:
            self.store = SampleStore(self.path)
        except SampleError as exc:
            self.error = str(exc)

    @property
    def usable(self) -> bool:
        return self.store is not None

    def add(self, sample: Sample) -> None:
        self.add_many([sample])

    def add_many(self, samples: Iterable[Sample]) -> int:
        ids = self._require().add_many(samples)
        self.added.emit(ids)
        self.changed.emit()
        return len(ids)

    def delete(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        self._require().delete(ids)
        self.removed.emit(ids)
        self.changed.emit()

    def count(self) -> int:
        return len(self.store) if self.store is not None else 0

    def samples(self) -> list[Sample]:
        return self.store.samples() if self.store is not None else []

    def summaries(self, ids: Iterable[int] | None = None) -> list[Summary]:
        return self.store.summaries(ids) if self.store is not None else []

    def sample(self, sample_id: int) -> Sample | None:
        return self.store.sample(sample_id) if self.store is not None else None

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(images (N, 28, 28) float32, labels (N,)) of every sample, oldest first."""
        samples = self.summaries()
        images = np.array([s.tensor for s in samples], np.float32).reshape(-1, 28, 28)
        return images, np.array([s.label for s in samples], np.int64)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
            self.error = tr("the window is closed")

    def _require(self) -> SampleStore:
        if self.store is None:
            raise SampleError(self.error or tr("the samples database is not open"))
        return self.store
