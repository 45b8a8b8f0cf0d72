"""Work that must not run on the GUI thread: loading TensorFlow and models, training.

Work is a plain function or a `model.learning.train.fit` call on a QThread. Results and failures
cross back to the GUI thread as objects in queued signals (a failure as the exception itself, worded
once by `describe_error` on the GUI thread); a finished thread deletes itself.
"""

from __future__ import annotations

import gc
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread, Signal

import model as core
from gui.i18n import tr
from model.errors import DigitPadError
from model.reading.loading import LoadedModel, from_keras
from model.reading.views import views_of


class Task(QThread):
    """Runs `function()` on its own thread; reports the result or the exception."""

    succeeded = Signal(object)
    failed = Signal(object)  # the exception

    def __init__(self, function: Callable[[], Any], parent=None) -> None:
        super().__init__(parent)
        self._function = function

    def run(self) -> None:
        try:
            result = self._function()
        except Exception as exc:  # every failure must reach the person as words
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


def describe_error(exc: BaseException) -> str:
    """Words for a person. The core's own errors are written for people and shown as they
    are; anything unexpected is named by its type, with the traceback on the terminal."""
    if isinstance(exc, DigitPadError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return tr("The computer ran out of memory.")
    traceback.print_exception(exc)
    return f"{type(exc).__name__}: {exc}"


@dataclass(frozen=True)
class TrainRequest:
    arch: str
    epochs: int
    batch_size: int
    validation_split: float
    train_limit: int | None  # the first N training images, None for all
    data_path: str | None  # a local .npz, or None for MNIST through Keras (download, cache)
    models_dir: Path
    forms: int = 0  # generated digits of the world's handwriting forms mixed in
    pen: bool = False  # the real pen digits (model.learning.pen_data) mixed in
    seed: int | None = None
    personal_images: Any = ()  # the person's samples to include, (N, 28, 28) float32
    personal_labels: Any = ()


@dataclass(frozen=True)
class Progress:
    epoch: int  # 1-based
    epochs: int
    batch: int  # 1-based, within the epoch
    steps: int
    done: int  # batches done over the whole run
    total: int
    samples_per_second: float
    seconds_left: float
    loss: float  # smoothed over recent batches
    accuracy: float

    @property
    def epochs_done(self) -> float:
        """Where the run is, in fractional epochs (epochs differ in length when the forms
        join the last ones: batches done ÷ this epoch's batches would run backwards)."""
        return self.epoch - 1 + self.batch / self.steps


@dataclass(frozen=True)
class TrainOutcome:
    loaded: LoadedModel
    history: dict
    test_accuracy: float
    test_loss: float
    confusion: Any  # (10, 10) numpy array
    mistakes: list  # [(28×28 uint8 image, true digit, predicted digit)], up to MAX_MISTAKES
    seconds: float
    calibration: Any  # model.reading.confidence.Calibration


MAX_MISTAKES = 32
PROGRESS_INTERVAL = 0.1  # s between progress signals: smooth for a person, nothing for the GUI


class KerasRun(QThread):
    """Keras work on its own thread (a training run, learning from corrections): progress,
    Stop between batches, and one ending signal: succeeded, cancelled or failed."""

    status = Signal(str)
    download = Signal(int, int)  # bytes done, bytes total (0 if unknown)
    progress = Signal(object)  # Progress
    epochEnded = Signal(int, dict, float)  # epoch (1-based), Keras logs, seconds
    succeeded = Signal(object)  # the outcome
    cancelled = Signal()
    failed = Signal(object)  # the exception

    def __init__(self, request, parent=None) -> None:
        super().__init__(parent)
        from model.learning.cancel import CancelToken

        self.request = request
        self.token = CancelToken()

    def stop(self) -> None:
        self.token.cancel()

    def run(self) -> None:
        from model.learning.data import DownloadCancelled

        # Keras models sit in reference cycles that keep TensorFlow threads alive until the
        # cyclic collector runs; collecting here stops repeated runs from piling them up.
        gc.collect()
        try:
            self.status.emit(tr("Preparing TensorFlow…"))
            core.import_tensorflow_quietly()
            outcome = self.work()
        except DownloadCancelled:
            self.cancelled.emit()
        except Exception as exc:  # anything else still ends the run with words, not a crash
            self.failed.emit(exc)
        else:
            if outcome is None:
                self.cancelled.emit()
            else:
                self.succeeded.emit(outcome)

    def work(self):
        """The outcome, or None when stopped."""
        raise NotImplementedError

    def mnist(self, data_path: str | None):
        """MNIST from a local file, or through Keras (downloaded once, with progress)."""
        from model.learning.data import download_mnist, load_npz, load_through_keras

        if data_path:
            self.status.emit(tr("Loading MNIST…"))
            return load_npz(data_path)
        self.status.emit(tr("Getting MNIST through Keras (downloaded once, then cached)…"))
        download_mnist(lambda done, total: self.download.emit(done, total), self.token)
        return load_through_keras()


class TrainingRun(KerasRun):
    """One training run, through model.learning.train.fit like the CLI."""

    def work(self) -> TrainOutcome | None:
        import numpy as np

        from model.keeping.store import build_metadata, new_model_path, save_model
        from model.learning.train import TrainConfig, epoch_steps, fit

        request = self.request
        data = self.mnist(request.data_path)
        if request.train_limit:
            data = data.subset(train=request.train_limit)
        if self.token.cancelled:
            return None
        config = TrainConfig(request.arch, request.epochs, request.batch_size,
                             request.validation_split, request.seed, request.forms,
                             pen=request.pen)
        if config.forms or config.pen:  # drawn as fit begins; "Training…" once it trains
            self.status.emit(tr("Drawing the world's handwriting forms and the real pen "
                                "digits…") if config.forms and config.pen else
                             tr("Drawing the world's handwriting forms…") if config.forms else
                             tr("Drawing the real pen digits…"))
        steps = epoch_steps(len(data.x_train), config, len(request.personal_labels))
        reporter = _reporter(self, steps, config.batch_size, tr("Training…"))
        result = fit(data, config, [reporter],
                     cancel=self.token,
                     extra=(request.personal_images, request.personal_labels))
        if result.cancelled or self.token.cancelled:  # Stop is honoured to the very end
            return None
        self.status.emit(tr("Saving the new model…"))
        metadata = build_metadata(result, data.source)
        path = save_model(result.model, new_model_path(request.models_dir, request.arch),
                          metadata)
        wrong = np.flatnonzero(result.test_predictions != data.y_test)[:MAX_MISTAKES]
        mistakes = [(data.x_test[i], int(data.y_test[i]), int(result.test_predictions[i]))
                    for i in wrong]
        loaded = from_keras(path, result.model, metadata)
        return TrainOutcome(loaded, result.history, result.test_accuracy, result.test_loss,
                            result.confusion, mistakes, result.seconds, result.calibration)



@dataclass(frozen=True)
class LearnRequest:
    model_path: Path  # the model to start from (the active one)
    images: Any  # (N, 28, 28) float32, the person's samples
    labels: Any  # (N,) digits
    data_path: str | None  # MNIST for replay and the before/after figure
    models_dir: Path
    config: Any = None  # a model.learning.finetune.FinetuneConfig; None: its defaults


@dataclass(frozen=True)
class LearnOutcome:
    loaded: LoadedModel
    result: Any  # model.learning.finetune.FinetuneResult (its model dropped)


class LearningRun(KerasRun):
    """Learning from the person's corrections: model.learning.finetune on its own thread."""

    def work(self) -> LearnOutcome | None:
        from model.keeping.store import (
            finetuned_metadata,
            known_spread_accuracy,
            load_model,
            new_model_path,
            save_model,
        )
        from model.learning.finetune import FinetuneConfig, finetune, steps_per_epoch

        request = self.request
        data = self.mnist(request.data_path)
        self.status.emit(tr("Loading the active model…"))
        base, base_metadata = load_model(request.model_path)
        config = request.config or FinetuneConfig()
        steps = steps_per_epoch(request.labels, config)
        self.status.emit(tr("Learning your handwriting…"))
        result = finetune(base, request.images, request.labels, data, config,
                          [_reporter(self, [steps] * config.epochs, config.batch_size)],
                          cancel=self.token, rotations=views_of(base_metadata),
                          mnist_before=known_spread_accuracy(base_metadata, data,
                                                             config.test_digits))
        if result.cancelled:
            return None
        self.status.emit(tr("Saving the new model…"))
        metadata = finetuned_metadata(base_metadata, request.model_path, result, data.source,
                                      data.spread_id(config.test_digits))
        arch = base_metadata.get("architecture", "model")
        path = save_model(result.model, new_model_path(request.models_dir, f"{arch}-mine"),
                          metadata)
        loaded = from_keras(path, result.model, metadata)
        result.model = None  # the GUI thread needs the figures, not a second Keras model
        return LearnOutcome(loaded, result)


def _reporter(run: KerasRun, steps: list[int], batch_size: int, begins: str | None = None):
    """A Keras callback forwarding progress as Qt signals, at most every PROGRESS_INTERVAL,
    for epochs of `steps` batches each; `begins`: the status it shows as the first batch
    starts."""
    import keras  # here, not at module level: importing gui.workers must stay cheap

    class Reporter(keras.callbacks.Callback):
        def __init__(self) -> None:
            super().__init__()
            self.epoch = 0
            self.last_emit = 0.0
            self.started = 0.0
            self.epoch_started = 0.0
            self.loss = self.accuracy = None

        def on_train_begin(self, logs=None):
            if self.started:
                return  # a run's second fit (model.learning.train.phases): the same run
            self.started = time.perf_counter()
            if begins:
                run.status.emit(begins)

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch
            self.epoch_started = time.perf_counter()
            self.previous = {"loss": 0.0, "accuracy": 0.0}

        def on_train_batch_end(self, batch, logs=None):
            logs = logs or {}
            # Keras reports running means over the epoch; recover this batch's own values.
            for key in ("loss", "accuracy"):
                if key in logs:
                    mean = float(logs[key])
                    value = mean * (batch + 1) - self.previous[key] * batch
                    self.previous[key] = mean
                    smoothed = getattr(self, key)
                    setattr(self, key, value if smoothed is None else 0.9 * smoothed + 0.1 * value)
            now = time.perf_counter()
            last_of_epoch = batch + 1 == steps[self.epoch]
            if now - self.last_emit < PROGRESS_INTERVAL and not last_of_epoch:
                return
            self.last_emit = now
            done = sum(steps[:self.epoch]) + batch + 1
            total = sum(steps)
            elapsed = max(now - self.started, 1e-6)
            run.progress.emit(Progress(
                epoch=self.epoch + 1, epochs=len(steps), batch=batch + 1,
                steps=steps[self.epoch],
                done=done, total=total,
                samples_per_second=done * batch_size / elapsed,
                seconds_left=elapsed / done * (total - done),
                loss=float(self.loss or 0.0), accuracy=float(self.accuracy or 0.0),
            ))

        def on_epoch_end(self, epoch, logs=None):
            clean = {key: float(value) for key, value in (logs or {}).items()
                     if key != "learning_rate"}
            run.epochEnded.emit(epoch + 1, clean, time.perf_counter() - self.epoch_started)

    return Reporter()
