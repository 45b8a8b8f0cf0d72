"""Work that must not run on the GUI thread: loading TensorFlow and models, training."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread, Signal

import model as core


class Task(QThread):
    """Runs `function()` on its own thread; reports the result or the error's message."""

    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, function: Callable[[], Any], parent=None) -> None:
        super().__init__(parent)
        self._function = function

    def run(self) -> None:
        try:
            result = self._function()
        except Exception as exc:  # every failure must reach the person as words
            message = str(exc) or type(exc).__name__
            if not isinstance(exc, core_errors()):
                traceback.print_exc()
                message = f"{type(exc).__name__}: {message}"
            self.failed.emit(message)
        else:
            self.succeeded.emit(result)


def core_errors() -> tuple[type[Exception], ...]:
    """The core's own errors: their messages are written for people, so they are shown as is."""
    from model.data import DatasetError
    from model.preprocess import EmptyImageError, ImageError
    from model.store import ModelError

    return DatasetError, ModelError, ImageError, EmptyImageError


@dataclass(frozen=True)
class LoadedModel:
    path: Path
    predictor: Any  # model.predictor.Predictor
    keras_model: Any
    metadata: dict


def load_model(path: Path) -> LoadedModel:
    """Import TensorFlow if needed, load the model and prepare its fast predictor."""
    core.import_tensorflow_quietly()
    from model.predictor import Predictor
    from model.store import load_model as load

    keras_model, metadata = load(path)
    return LoadedModel(Path(path), Predictor(keras_model), keras_model, metadata)
