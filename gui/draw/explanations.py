"""Explanations computed off the GUI thread, the latest request first: the evidence map
(why it said 4) or the add/remove maps (what would make it a 9), from model.reading.explain."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal

from gui.workers import Task
from model.reading.explain import evidence, what_would_make


class Explainer(QObject):
    # (the model input explained, digit, kind "why" or "make", maps: (evidence,) or (add, remove))
    ready = Signal(object, int, str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._task: Task | None = None
        self._next: tuple | None = None

    def request(self, predict_many, tensor: np.ndarray, digit: int, kind: str) -> None:
        """Explain `tensor` for `digit`; a request made while one runs replaces the waiting one
        (only the drawing as it is now matters)."""
        job = (predict_many, np.array(tensor, dtype=np.float32), digit, kind)
        if self._task is not None:
            self._next = job
            return
        self._run(*job)

    def _run(self, predict_many, tensor, digit: int, kind: str) -> None:
        if kind == "why":
            task = Task(lambda: (evidence(predict_many, tensor, digit),), self)
        else:
            task = Task(lambda: what_would_make(predict_many, tensor, digit), self)
        task.succeeded.connect(lambda maps: self.ready.emit(tensor, digit, kind, maps))
        task.finished.connect(self._done)
        task.finished.connect(task.deleteLater)
        self._task = task
        task.start()

    def _done(self) -> None:
        self._task = None
        job, self._next = self._next, None
        if job is not None:
            self._run(*job)

    def shutdown(self) -> None:
        self._next = None
        if self._task is not None:
            self._task.wait()
