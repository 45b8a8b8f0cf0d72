"""Saving and loading models: a `.keras` file plus a JSON metadata sidecar, written atomically."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from model.errors import DigitPadError
from model.files import atomic_target, atomic_write, sha256_of

ACCEPTED_INPUTS = ((784,), (28, 28, 1), (28, 28))


class ModelError(DigitPadError):
    """A model file is missing, unreadable, or not a 28×28 → 10-digit classifier; or not saved."""


def metadata_path(model_path: str | os.PathLike) -> Path:
    return Path(model_path).with_suffix(".json")


def describe(metadata: dict[str, Any]) -> str:
    """A short human description: 'cnn · 99.52 % on MNIST test'."""
    arch = metadata.get("architecture", "unknown network")
    accuracy = metadata.get("test_accuracy")
    yours = " · learnt your handwriting" if metadata.get("personal_samples") else ""
    if not isinstance(accuracy, (int, float)):
        return f"{arch} · accuracy unknown{yours}"
    return f"{arch} · {accuracy * 100:.2f} % on MNIST test{yours}"


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


def finetuned_metadata(base: dict[str, Any], base_path, result, data_source: str) -> dict:
    """Metadata for a model fine-tuned on personal samples (a model.finetune.FinetuneResult)."""
    import keras
    import tensorflow as tf

    samples = result.learnt + result.held
    return {
        "architecture": base.get("architecture", "unknown network"),
        "recipe": f"fine-tuned on {result.learnt} personal samples ({result.held} more held out)"
                  f" from {Path(base_path).name}",
        "personal_samples": samples,
        "held_out_before": result.held_before,
        "held_out_after": result.held_after,
        "data_source": data_source,
        "test_accuracy": result.mnist_after,
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
            record = dict(metadata, model_sha256=sha256_of(tmp), model_bytes=tmp.stat().st_size)
            text = json.dumps(record, indent=2, sort_keys=True)
            atomic_write(metadata_path(path), lambda out: out.write_text(text, encoding="utf-8"))
    except OSError as exc:
        _drop_reservation(path)
        raise ModelError(f"Could not save the model to {path}: {exc.strerror or exc}") from exc
    return path


def _drop_reservation(path: Path) -> None:
    """A failed save leaves no empty name reserved by new_model_path behind."""
    try:
        if path.stat().st_size == 0:
            path.unlink()
    except OSError:
        pass


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
    record = _read_sidecar(Path(path))
    try:
        return record if record.get("model_sha256") == sha256_of(Path(path)) else {}
    except OSError:
        return {}


# What each metadata field must be; a sidecar edited by hand or by another program may say
# anything, and a wrong type must not reach code that formats it.
FIELD_TYPES: dict[str, type | tuple[type, ...]] = {
    "architecture": str, "date": str, "data_source": str, "recipe": str,
    "test_accuracy": (int, float), "test_loss": (int, float), "epochs": int,
    "batch_size": int, "model_sha256": str, "model_bytes": int,
}


def _read_sidecar(path: Path) -> dict[str, Any]:
    """The sidecar as a dict with every known field of the right type (others dropped)."""
    try:
        record = json.loads(metadata_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(record, dict):
        return {}
    return {key: value for key, value in record.items()
            if key not in FIELD_TYPES or (isinstance(value, FIELD_TYPES[key])
                                          and not isinstance(value, bool))}


@dataclass(frozen=True)
class SavedModel:
    path: Path
    metadata: dict[str, Any]  # {} when the sidecar is missing, malformed, or not this file's

    @property
    def date(self) -> str:
        """'2026-11-30 09:12', or '' when unknown."""
        return self.metadata.get("date", "")[:16].replace("T", " ")


def list_models(folder: str | os.PathLike) -> list[SavedModel]:
    """The models saved in `folder`, newest first, without hashing them.

    Hidden files are left out: an interrupted save leaves a `.NAME-xxxx.keras` temporary. A
    sidecar counts when it names the file's size (a sidecar lands before its model, so a kill
    in between leaves a new sidecar beside an old model of another size); loading the model
    checks the full checksum.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    models = []
    for path in folder.glob("*.keras"):
        try:
            size = path.stat().st_size
        except OSError:
            continue
        if path.name.startswith(".") or size == 0:  # temporaries, and names being reserved
            continue
        record = _read_sidecar(path)
        if record.get("model_bytes") != size:
            record = load_metadata(path) if "model_sha256" in record else {}
        models.append(SavedModel(path, record))
    return sorted(models, key=lambda m: (m.date, m.path.name), reverse=True)


def delete_model(path: str | os.PathLike) -> None:
    """Remove a saved model and its sidecar; ModelError if it cannot be removed."""
    path = Path(path)
    try:
        path.unlink()
        metadata_path(path).unlink(missing_ok=True)
    except OSError as exc:
        raise ModelError(f"Could not delete {path}: {exc.strerror or exc}") from exc


def new_model_path(folder: str | os.PathLike, arch: str) -> Path:
    """A fresh, unique file name in `folder` ('2026-11-30_09-12-05_cnn.keras'), reserved by
    creating it empty, so two runs finishing in the same second never share a name."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(f"Could not save the model to {folder}: {exc.strerror or exc}") from exc
    stamp = dt.datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
    for n in itertools.count(1):
        path = folder / (f"{stamp}_{arch}.keras" if n == 1 else f"{stamp}_{arch}-{n}.keras")
        try:
            with open(path, "x"):
                return path
        except FileExistsError:
            continue
        except OSError as exc:
            raise ModelError(f"Could not save the model to {path}: {exc.strerror or exc}") \
                from exc
    raise AssertionError("unreachable")


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
