"""Drawing training digits in worker processes, beside the training run that needs them.

Drawing a digit (strokes varied, rendered as the canvas renders them) is pure Python and takes
one core. Drawn one after the other, a fast convnet run's generated forms and first epoch of
real pen digits held it ~30 s before its first step on a 2-core machine, and redrawing pen
digits between epochs held every epoch again; two workers halve both. The workers are spawned,
never forked (the parent runs Qt's and TensorFlow's threads), and idle while TensorFlow trains.
Where processes cannot be started, the same jobs run in the calling thread, with the same
results.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable

import numpy as np

WORKERS = 2  # one per core of the machines DigitPad is sized for


class Stopped(Exception):
    """The run waiting for a drawing was stopped (its workers are gone)."""


class Job:
    """A drawing being made: by a worker (`pending`), or already made here (`value`)."""

    def __init__(self, value=None, pending=None) -> None:
        self.value, self.pending = value, pending

    def get(self, stopped: Callable[[], bool] | None = None):
        """The drawing; Stopped when `stopped()` turns true while waiting."""
        while self.pending is not None:
            if stopped is not None and stopped():
                raise Stopped
            self.pending.wait(0.1)
            if self.pending.ready():
                self.value, self.pending = self.pending.get(), None
        return self.value


class Workers:
    """Up to WORKERS processes for drawing, for one training run (a context manager: they end
    with it). `start` runs a module-level function there, or here when there are none."""

    def __init__(self, count: int = WORKERS) -> None:
        try:
            self.pool = multiprocessing.get_context("spawn").Pool(count) if count > 1 else None
        except (OSError, ValueError, RuntimeError):  # no processes here: draw in this thread
            self.pool = None

    def start(self, function: Callable, *args) -> Job:
        if self.pool is None:
            return Job(value=function(*args))
        return Job(pending=self.pool.apply_async(function, args))

    def close(self) -> None:
        """Ends the workers at once, whatever they are drawing (safe to call twice)."""
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class PenEpoch:
    """One epoch's real pen digits, (images, labels), drawn in WORKERS parts side by side."""

    def __init__(self, workers: Workers | None, digits, count: int, seed: int,
                 epoch: int) -> None:
        from model.learning.pen_data import varied

        if count < len(digits):  # a slice of MNIST: a new random choice of pen digits
            pick = np.sort(np.random.default_rng((seed, epoch, 1)).choice(
                len(digits), count, replace=False))
            digits = digits.select(pick)
        self.labels = digits.labels
        # Each part has its own random stream, so the images do not depend on who drew them.
        parts = [part for part in np.array_split(np.arange(len(digits)), WORKERS) if len(part)]
        workers = workers or Workers(count=1)
        self.jobs = [workers.start(varied, digits.select(part), (seed, epoch, 0, number))
                     for number, part in enumerate(parts)]

    def get(self, stopped: Callable[[], bool] | None = None) -> tuple[np.ndarray, np.ndarray]:
        return np.concatenate([job.get(stopped) for job in self.jobs]), self.labels
