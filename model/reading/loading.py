"""Loading a model for reading: the one way the window and the command line get a model ready
to predict.

A model DigitPad saved runs on the NumPy path, read straight from its file without TensorFlow
(model.reading.keras_file), when its sidecar's record of Keras' output agrees; anything else goes
through Keras, its fast path checked against Keras' own output.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from model import import_tensorflow_quietly
from model.keeping.store import load_metadata, load_model
from model.reading.confidence import temperature_of
from model.reading.forward import UnsupportedLayer
from model.reading.outliers import Refusal
from model.reading.predictor import Predictor
from model.reading.views import views_of


@dataclass(frozen=True)
class LoadedModel:
    path: Path
    predictor: Predictor
    metadata: dict
    # The fast path's output was checked against Keras (directly, or through the sidecar's
    # record of Keras' output). A model from elsewhere starts unchecked, on NumPy; the
    # session checks it once TensorFlow is loaded anyway.
    trusted: bool = True


_loaded: dict[tuple, LoadedModel] = {}  # the last few models loaded, by file identity
_loaded_lock = threading.Lock()
KEEP_LOADED = 3  # switching back and forth (bundled ↔ trained) is then instant


def load(path: Path) -> LoadedModel:
    """Import TensorFlow if needed, load the model and prepare its fast predictor.

    A file loaded moments ago and unchanged since (same size and modification time) is not read
    again: a LoadedModel is immutable and its predictor is safe to share.
    """
    path = Path(path)
    try:
        stat = path.stat()
        identity = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    except OSError:
        identity = None
    with _loaded_lock:
        if identity in _loaded:
            return _loaded[identity]
    loaded = load_without_tensorflow(path) or load_with_keras(path)
    if identity is not None:
        with _loaded_lock:
            _loaded[identity] = loaded
            while len(_loaded) > KEEP_LOADED:
                del _loaded[next(iter(_loaded))]
    return loaded


def load_without_tensorflow(path: Path) -> LoadedModel | None:
    """The model on the NumPy path, read straight from the file (no TensorFlow, no Keras);
    None when NumPy cannot run it, or its sidecar's record of Keras' output disagrees."""
    metadata = load_metadata(path)
    try:
        predictor, trusted = Predictor.from_file(path, metadata.get("probe_output"),
                                                 temperature_of(metadata), views_of(metadata),
                                                 Refusal.of(metadata))
    except UnsupportedLayer:
        return None
    return LoadedModel(path, predictor, metadata, trusted)


def from_keras(path: Path, keras_model, metadata: dict) -> LoadedModel:
    """A Keras model as the active-model record, read as its sidecar says (temperature,
    test-time views)."""
    return LoadedModel(path, Predictor(keras_model, temperature_of(metadata),
                                       views_of(metadata), Refusal.of(metadata)), metadata)


def load_with_keras(path: Path) -> LoadedModel:
    """The model through Keras (imports TensorFlow), its fast path checked against Keras."""
    import_tensorflow_quietly()
    keras_model, metadata = load_model(path)
    return from_keras(path, keras_model, metadata)


def verified(loaded: LoadedModel) -> LoadedModel:
    """An unchecked model, checked against Keras: loading it through Keras keeps the NumPy
    path where the two agree, and takes Keras' own where they do not."""
    return load_with_keras(loaded.path)
