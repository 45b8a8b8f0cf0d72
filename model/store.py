"""Saving and loading models: a `.keras` file plus a JSON metadata sidecar, written atomically."""

from __future__ import annotations

import datetime as dt
import json
import os
import zipfile
from pathlib import Path
from typing import Any

from model.files import atomic_target, atomic_write, sha256_of

ACCEPTED_INPUTS = ((784,), (28, 28, 1), (28, 28))


class ModelError(Exception):
    """A model file is missing, unreadable, or not a 28×28 → 10-digit classifier; or not saved."""


def metadata_path(model_path: str | os.PathLike) -> Path:
    return Path(model_path).with_suffix(".json")


def describe(metadata: dict[str, Any]) -> str:
    """A short human description: 'cnn · 99.52 % on MNIST test'."""
    arch = metadata.get("architecture", "unknown network")
    accuracy = metadata.get("test_accuracy")
    if accuracy is None:
        return f"{arch} · accuracy unknown"
    return f"{arch} · {accuracy * 100:.2f} % on MNIST test"


def recipe(config) -> str:
    """How a model was trained, in words, for its metadata and the About box."""
    words = [f"{config.arch}, {config.epochs} epochs, batch {config.batch_size}"]
    if config.arch == "cnn":
        words.append("augmentation (rotation, zoom, shift, stroke thickness)")
    if config.forms:
        words.append(f"MNIST + {config.forms:,} generated digits of the world's handwriting "
                     "forms (model.forms)")
    else:
        words.append("MNIST")
    if config.seed is not None:
        words.append(f"seed {config.seed}")
    return "; ".join(words)


def build_metadata(result, data_source: str) -> dict[str, Any]:
    """Metadata for a model trained by model.train.fit (a TrainResult)."""
    import keras
    import tensorflow as tf

    return {
        "architecture": result.config.arch,
        "epochs": result.epochs_completed,
        "batch_size": result.config.batch_size,
        "validation_split": result.config.validation_split,
        "data_source": data_source,
        "training_samples": int(result.samples_seen // max(result.epochs_completed, 1)),
        "generated_forms": result.config.forms,
        "recipe": recipe(result.config),
        "test_loss": result.test_loss,
        "test_accuracy": result.test_accuracy,
        "training_seconds": round(result.seconds, 1),
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "keras_version": keras.__version__,
        "tensorflow_version": tf.__version__,
    }


def save_model(model, path: str | os.PathLike, metadata: dict[str, Any]) -> Path:
    """Save `model` and its metadata atomically; raises ModelError (e.g. disk full)."""
    path = Path(path)
    if path.suffix != ".keras":
        raise ModelError(f"{path}: a model file name must end in .keras")
    try:
        with atomic_target(path) as tmp:
            inference_copy(model).save(tmp)
            # The sidecar lands first, naming the new file's checksum: killed in between, the
            # old model stays and its stale sidecar is ignored (load_metadata), never misread.
            record = dict(metadata, model_sha256=sha256_of(tmp))
            text = json.dumps(record, indent=2, sort_keys=True)
            atomic_write(metadata_path(path), lambda out: out.write_text(text, encoding="utf-8"))
    except OSError as exc:
        raise ModelError(f"Could not save the model to {path}: {exc.strerror or exc}") from exc
    return path


def inference_copy(model):
    """The same network and weights without optimizer state: a third of the file size.

    DigitPad always trains fresh networks, so a saved model never needs to resume training.
    """
    if getattr(model, "optimizer", None) is None:
        return model
    copy = type(model).from_config(model.get_config())  # uncompiled, unlike clone_model
    copy.set_weights(model.get_weights())
    return copy


def load_metadata(path: str | os.PathLike) -> dict[str, Any]:
    """The sidecar's metadata if it belongs to this model file, else {} (never raises)."""
    try:
        record = json.loads(metadata_path(path).read_text(encoding="utf-8"))
        if not isinstance(record, dict) or record.get("model_sha256") != sha256_of(Path(path)):
            return {}
        return record
    except (OSError, ValueError):
        return {}


def load_model(path: str | os.PathLike):
    """(keras model, metadata) from a .keras file, or ModelError saying what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"{path}: no such model file")
    if path.stat().st_size == 0:
        raise ModelError(f"{path}: the file is empty")
    if not zipfile.is_zipfile(path):
        with open(path, "rb") as handle:
            if handle.read(4) == b"PK\x03\x04":
                raise ModelError(f"{path}: the model file is damaged or incomplete (cut short "
                                 "while copying or saving?)")
        raise ModelError(f"{path}: not a Keras model file (.keras files are zip archives)")
    import keras

    try:
        model = keras.saving.load_model(path, compile=False)
    except Exception as exc:  # Keras raises many types for broken archives and configs
        raise ModelError(f"{path}: could not be read as a Keras model ({exc})") from exc
    check_shape(model, path)
    return model, load_metadata(path)


def check_shape(model, path: Path | str = "model") -> None:
    try:
        input_shape, output_shape = tuple(model.input_shape[1:]), tuple(model.output_shape[1:])
    except (AttributeError, ValueError) as exc:
        raise ModelError(f"{path}: the model has no single input and output") from exc
    if input_shape not in ACCEPTED_INPUTS:
        raise ModelError(
            f"{path}: the model takes inputs of shape {input_shape}; DigitPad needs 28×28 "
            "images (784 values)"
        )
    if output_shape != (10,):
        raise ModelError(
            f"{path}: the model has {output_shape} outputs; DigitPad needs 10 (one per digit)"
        )
