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

import numpy as np

from model.errors import DigitPadError
from model.keeping.files import atomic_target, atomic_write, sha256_of
from model.language import _
from model.learning.networks import is_convnet

ACCEPTED_INPUTS = ((784,), (28, 28, 1), (28, 28))


class ModelError(DigitPadError):
    """A model file is missing, unreadable, or not a 28×28 → 10-digit classifier; or not saved."""


def metadata_path(model_path: str | os.PathLike) -> Path:
    return Path(model_path).with_suffix(".json")


def describe(metadata: dict[str, Any]) -> str:
    """A short human description: 'cnn · 99.52% on MNIST test'."""
    words = [metadata.get("architecture", _("unknown network"))]
    accuracy = metadata.get("test_accuracy")
    words.append(_("{accuracy} on {test_set}").format(accuracy=f"{accuracy:.2%}",
                                                      test_set=test_set(metadata))
                 if isinstance(accuracy, (int, float)) else _("accuracy unknown"))
    if metadata.get("pen_digits"):
        words.append(_("real pen digits"))
    elif metadata.get("generated_forms"):
        words.append(_("world handwriting forms"))
    if metadata.get("personal_samples"):
        words.append(_("learnt your handwriting"))
    return " · ".join(words)


def test_set(metadata: dict[str, Any]) -> str:
    """What a model's test accuracy was measured on, in words."""
    digits = metadata.get("test_digits")
    return _("{count} MNIST test digits").format(count=f"{digits:,}") \
        if isinstance(digits, int) and digits > 0 else _("MNIST test")


def recipe(config) -> str:
    """How a model was trained, in words, for its metadata and the About box."""
    words = [f"{config.arch}, {config.epochs} epochs, batch {config.batch_size}"]
    if config.init_from:
        words[0] += (f", continued from {Path(config.init_from).name} at learning rate "
                     f"{config.learning_rate or 'default'}")
    if is_convnet(config.arch):
        words.append("augmentation (rotation, zoom, shift, stroke thickness)")
    if config.forms:
        from model.learning.forms import first_epoch_with_forms

        last = config.epochs - first_epoch_with_forms(config.epochs, config.init_from is not None)
        when = "every epoch" if last == config.epochs else f"the last {last} epochs"
        words.append(f"MNIST + {config.forms:,} generated digits of the world's handwriting "
                     f"forms (model.forms) in {when}")
    else:
        words.append("MNIST")
    if config.pen:
        words.append("the real pen digits of UNIPEN's training writers (model.pen_data), "
                     "varied at the stroke level afresh every epoch")
    if config.seed is not None:
        words.append(f"seed {config.seed}")
    return "; ".join(words)


def build_metadata(result, data_source: str) -> dict[str, Any]:
    """Metadata for a model trained by model.learning.train.fit (a TrainResult)."""
    import keras
    import tensorflow as tf

    return {
        "architecture": result.config.arch,
        "epochs": result.epochs_completed,
        "batch_size": result.config.batch_size,
        "validation_split": result.config.validation_split,
        "data_source": data_source,
        "training_samples": result.training_images,
        "generated_forms": result.config.forms,
        **pen_fields(result.pen_digits, result.pen_writers),
        "recipe": recipe(result.config),
        "test_loss": result.test_loss,
        "test_accuracy": result.test_accuracy,
        **spread_fields(*(result.test_spread or (None, 0, None))),
        **views_fields(result.config.rotations, result.test_accuracy_as_drawn),
        **calibration_fields(result.calibration),
        "training_seconds": round(result.seconds, 1),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "keras_version": keras.__version__,
        "tensorflow_version": tf.__version__,
    }


def pen_fields(digits: int, writers: int) -> dict[str, Any]:
    """What a model learnt of the real pen digits, with their credit ({} for none)."""
    if not digits:
        return {}
    from model.learning.pen_data import CREDIT

    return {"pen_digits": digits, "pen_writers": writers, "pen_credit": CREDIT}


def views_fields(rotations, accuracy_as_drawn: float | None) -> dict[str, Any]:
    """The test-time views a model is read with (model.reading.views) and its test accuracy without
    them, as sidecar fields ({} for a model read as drawn only)."""
    if not rotations:
        return {}
    return {"test_time_rotations": [float(r) for r in rotations],
            "test_accuracy_as_drawn": accuracy_as_drawn}


def calibration_fields(calibration) -> dict[str, Any]:
    """A model.reading.confidence.Calibration as sidecar fields ({} for none)."""
    if calibration is None:
        return {}
    return {
        "temperature": round(calibration.temperature, 4),
        "refuse_below": round(calibration.refuse_below, 4),
        "calibration_error_before": round(calibration.before.calibration_error, 5),
        "calibration_error_after": round(calibration.after.calibration_error, 5),
        **(calibration.gate.fields() if calibration.gate is not None else {}),
    }


def spread_fields(accuracy: float | None, digits: int, of: str | None) -> dict[str, Any]:
    """A model's accuracy on a spread of MNIST test (model.learning.data.Mnist.spread) as a sidecar
    field: the "before" of its next "Learn from my digits", known without reading again."""
    if accuracy is None or not of:
        return {}
    return {"test_spread": {"digits": digits, "of": of, "accuracy": accuracy}}


def known_spread_accuracy(metadata: dict[str, Any], data, digits: int | None) -> float | None:
    """The sidecar's accuracy on `digits` test digits of `data` (a model.learning.data.Mnist), when
    it was read on exactly those (same fingerprint), else None."""
    field = metadata.get("test_spread")
    if not isinstance(field, dict) or field.get("digits") != digits:
        return None
    accuracy = field.get("accuracy")
    if field.get("of") != data.spread_id(digits) or not isinstance(accuracy, (int, float)) or \
            isinstance(accuracy, bool) or not 0 <= accuracy <= 1:
        return None
    return float(accuracy)


def finetuned_metadata(base: dict[str, Any], base_path, result, data_source: str,
                       spread_id: str | None = None) -> dict:
    """Metadata for a model fine-tuned on personal samples (a
    model.learning.finetune.FinetuneResult); `spread_id`: the fingerprint of the test digits it
    was read on (Mnist.spread_id)."""
    import keras
    import tensorflow as tf

    samples = result.learnt + result.held
    return {
        "architecture": base.get("architecture", "unknown network"),
        "recipe": f"fine-tuned on {result.learnt} personal samples ({result.held} more held out"
                  + (f"; the newest of each digit of {result.offered} saved"
                     if result.offered > samples else "") + f") from {Path(base_path).name}",
        "personal_samples": samples,
        # What the start model learnt from stays what this one learnt from too.
        **{key: base[key] for key in ("generated_forms", "pen_digits", "pen_writers",
                                      "pen_credit") if key in base},
        "held_out_before": result.held_before,
        "held_out_after": result.held_after,
        "data_source": data_source,
        "test_accuracy": result.mnist_after,
        "test_digits": result.test_digits,  # a spread of MNIST test, not all of it
        **spread_fields(result.mnist_after, result.test_digits, spread_id),
        **views_fields(result.rotations, result.mnist_after_as_drawn),
        **calibration_fields(result.calibration),
        "training_seconds": round(result.seconds, 1),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "keras_version": keras.__version__,
        "tensorflow_version": tf.__version__,
    }


def save_model(model, path: str | os.PathLike, metadata: dict[str, Any]) -> Path:
    """Save `model` and its metadata atomically; raises ModelError (e.g. disk full)."""
    path = Path(path)
    if path.suffix != ".keras":
        raise ModelError(_("{path}: a model file name must end in .keras").format(path=path))
    sidecar = metadata_path(path)
    old_sidecar = _own_sidecar_bytes(sidecar)
    written = False
    try:
        with atomic_target(path) as tmp:
            inference_copy(model).save(tmp)
            make_portable(tmp)
            from model.reading.forward import keras_probe_output

            # Keras' own answer on a fixed probe: loading can then trust a NumPy pass that
            # gives the same answer without ever importing TensorFlow.
            metadata = dict(metadata, probe_output=keras_probe_output(model).round(6).tolist(),
                            saved_order=_next_saved_order(path))
            # The sidecar lands first, naming the new file's checksum: killed in between, the
            # old model stays and its stale sidecar is ignored (load_metadata), never misread.
            record = dict(metadata, model_sha256=sha256_of(tmp), model_bytes=tmp.stat().st_size)
            text = json.dumps(record, indent=2, sort_keys=True)
            atomic_write(sidecar, lambda out: out.write_text(text, encoding="utf-8"))
            written = True
    except OSError as exc:
        _drop_reservation(path)
        if written and old_sidecar is not None:  # the old model stays: so does its metadata
            try:
                atomic_write(sidecar, lambda out: out.write_bytes(old_sidecar))
            except OSError:
                pass  # then the stale sidecar is ignored, as after a kill
        raise ModelError(_(
            "Could not save the model to {path}: {reason}").format(
                path=path, reason=exc.strerror or exc)) from exc
    return path


def _next_saved_order(path: Path) -> int:
    """One more than any model already saved beside `path`: the list's order, which a clock
    set back (a flat CMOS battery, a wrong time zone fixed by hand) cannot turn around."""
    orders = [_read_sidecar(other).get("saved_order", 0)
              for other in path.parent.glob("*.keras") if other != path]
    return max(orders, default=0) + 1


def _own_sidecar_bytes(sidecar: Path) -> bytes | None:
    """The existing sidecar's bytes if it is one of DigitPad's; ModelError if a file of that
    name exists and is something else (saving must never clobber an unrelated file)."""
    if not sidecar.exists():
        return None
    try:
        data = sidecar.read_bytes()
        ours = isinstance(json.loads(data), dict) and "model_sha256" in json.loads(data)
    except (OSError, ValueError):
        ours = False
    if not ours:
        raise ModelError(_(
            "Could not save the model: {sidecar} exists and is not DigitPad's metadata; choose "
            "another name, or move that file").format(sidecar=sidecar))
    return data


def _drop_reservation(path: Path) -> None:
    """A failed save leaves no empty name reserved by new_model_path behind."""
    try:
        if path.stat().st_size == 0:
            path.unlink()
    except OSError:
        pass


# Initializer arguments newer Keras versions write with their default value (None), which
# the oldest Keras DigitPad supports refuses ("unexpected keyword argument 'input_axes'").
NEWER_DEFAULTS = ("input_axes", "output_axes")


def make_portable(path: Path) -> None:
    """Rewrite a saved .keras file's config without arguments that only newer Keras knows and
    that hold their default anyway, so the Keras named in pyproject.toml reads the file."""
    with zipfile.ZipFile(path) as archive:
        members = [(item, archive.read(item)) for item in archive.infolist()]
    for index, (item, data) in enumerate(members):
        if item.filename == "config.json":
            config = json.loads(data)
            _drop_newer_defaults(config)
            members[index] = (item, json.dumps(config).encode())
    with zipfile.ZipFile(path, "w") as archive:
        for item, data in members:
            archive.writestr(item, data)


def _drop_newer_defaults(node) -> None:
    if isinstance(node, dict):
        inner = node.get("config")
        if node.get("module") == "keras.initializers" and isinstance(inner, dict):
            for key in NEWER_DEFAULTS:
                if inner.get(key, "set") is None:
                    del inner[key]
        for value in node.values():
            _drop_newer_defaults(value)
    elif isinstance(node, list):
        for value in node:
            _drop_newer_defaults(value)


def inference_copy(model):
    """The same network and weights without optimizer state: a third of the file size.

    DigitPad always trains fresh networks, so a saved model never needs to resume training.
    """
    if getattr(model, "optimizer", None) is None:
        return model
    copy = type(model).from_config(model.get_config())  # uncompiled, unlike clone_model
    copy.set_weights(model.get_weights())
    return copy


def update_metadata(path: str | os.PathLike, fields: dict[str, Any]) -> None:
    """Rewrite a saved model's sidecar with `fields` changed, atomically; the model file is
    not touched. ModelError when the sidecar is not this file's own."""
    path = Path(path)
    metadata = load_metadata(path)
    if not metadata:
        raise ModelError(_("{path} has no metadata of its own to update").format(path=path))
    text = json.dumps(dict(metadata, **fields), indent=2, sort_keys=True)
    try:
        atomic_write(metadata_path(path), lambda out: out.write_text(text, encoding="utf-8"))
    except OSError as exc:
        raise ModelError(_(
            "Could not update {path}: {reason}").format(
                path=metadata_path(path), reason=exc.strerror or exc)) \
            from exc


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
    "batch_size": int, "model_sha256": str, "model_bytes": int, "probe_output": list,
    "refuse_below": (int, float), "temperature": (int, float), "generated_forms": int,
    "calibration_error_before": (int, float), "calibration_error_after": (int, float),
    "test_time_rotations": list, "test_accuracy_as_drawn": (int, float),
    "pen_digits": int, "pen_writers": int, "pen_credit": str, "not_a_digit": dict,
    "test_digits": int, "test_spread": dict, "saved_order": int,
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
    """The models saved in `folder`, the last saved first (whatever the clock said then),
    without hashing them.

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
    return sorted(models, key=lambda m: (m.metadata.get("saved_order", 0), m.date, m.path.name),
                  reverse=True)


def delete_model(path: str | os.PathLike) -> None:
    """Remove a saved model and its sidecar; ModelError if it cannot be removed."""
    path = Path(path)
    try:
        path.unlink()
        metadata_path(path).unlink(missing_ok=True)
    except OSError as exc:
        raise ModelError(_("Could not delete {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from exc


def new_model_path(folder: str | os.PathLike, arch: str) -> Path:
    """A fresh, unique file name in `folder` ('2026-11-30_09-12-05_cnn.keras'), reserved by
    creating it empty, so two runs finishing in the same second never share a name."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(_(
            "Could not save the model to {path}: {reason}").format(
                path=folder, reason=exc.strerror or exc)) from exc
    stamp = dt.datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
    for n in itertools.count(1):
        path = folder / (f"{stamp}_{arch}.keras" if n == 1 else f"{stamp}_{arch}-{n}.keras")
        try:
            with open(path, "x"):
                return path
        except FileExistsError:
            continue
        except OSError as exc:
            raise ModelError(_(
                "Could not save the model to {path}: {reason}").format(
                    path=path, reason=exc.strerror or exc)) \
                from exc
    raise AssertionError("unreachable")


def load_model(path: str | os.PathLike):
    """(keras model, metadata) from a .keras file, or ModelError saying what is wrong."""
    path = Path(path)
    check_file(path)
    import keras

    try:
        # Safe mode: a model file is data, not code (no Lambda layers, no pickled functions);
        # no custom objects are offered, so only Keras' own layers can be built.
        model = keras.saving.load_model(path, compile=False, safe_mode=True)
    except Exception as exc:  # Keras raises many types for broken archives and configs
        raise ModelError(_(
            "{path}: could not be read as a Keras model ({reason})").format(
                path=path, reason=exc)) from exc
    check_shape(model, path)
    return model, load_metadata(path)


HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
MAX_MEMBERS = 64  # a .keras file holds three
MAX_UNPACKED = 500 * 2**20  # bytes; the bundled model unpacks to ~2 MB
MAX_PARAMETERS = 50_000_000  # ~200 MB of weights; MNIST networks need a few million at most


def check_file(path: Path) -> None:
    """ModelError unless `path` is a readable, sane .keras archive (see check_archive)."""
    if not path.is_file():
        raise ModelError(_("{path}: no such model file").format(path=path))
    if path.stat().st_size == 0:
        raise ModelError(_("{path}: the file is empty").format(path=path))
    check_archive(path)


def check_archive(path: Path) -> None:
    """Refuse, before Keras touches it, anything that is not a sane `.keras` zip: legacy HDF5
    files (even renamed), damaged zips, zip bombs, Lambda layers, absurd sizes."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head == HDF5_MAGIC:
        raise ModelError(_(
            "{path}: a legacy HDF5 (.h5) model; DigitPad reads only the .keras format (re-save "
            "it with model.save('name.keras'))").format(path=path))
    if not zipfile.is_zipfile(path):
        if head[:4] == b"PK\x03\x04":
            raise ModelError(_(
                "{path}: the model file is damaged or incomplete (cut short while copying or "
                "saving?)").format(path=path))
        raise ModelError(_("{path}: not a Keras model file (.keras files are zip archives)").format(
            path=path))
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
                raise ModelError(_(
                    "{path}: the archive would unpack to {count} files, {megabytes:,.0f} MB; far "
                    "too large for a digit model, so it was not opened").format(
                        path=path, count=len(members),
                        megabytes=sum(m.file_size for m in members) / 2 ** 20))
            config = json.loads(archive.read("config.json"))
    except KeyError as exc:
        raise ModelError(_("{path}: not a Keras model file (no config.json inside)").format(
            path=path)) from exc
    except (ValueError, zipfile.BadZipFile) as exc:
        raise ModelError(_(
            "{path}: could not be read as a Keras model (its config.json is damaged: "
            "{reason})").format(path=path, reason=exc)) from exc
    layers = list(_layer_configs(config))
    if any(name == "Lambda" for name, _config in layers):
        raise ModelError(_(
            "{path}: the model contains a Lambda layer (Python code); DigitPad does not run code "
            "from model files").format(path=path))
    parameters = estimate_parameters(layers)
    if parameters > MAX_PARAMETERS:
        raise ModelError(_(
            "{path}: the model would need about {parameters:,} parameters; far too large for a "
            "digit model, so it was not built").format(path=path, parameters=parameters))


def _layer_configs(node):
    """(class name, config) of every layer described anywhere in a Keras config."""
    if isinstance(node, dict):
        if isinstance(node.get("class_name"), str) and isinstance(node.get("config"), dict):
            yield node["class_name"], node["config"]
        for value in node.values():
            yield from _layer_configs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _layer_configs(value)


def estimate_parameters(layers) -> int:
    """Weights a stack of layers would allocate, from the config alone (never built): the
    channels or features flow from layer to layer; spatial sizes do not matter for kernels,
    and Flatten multiplies them in."""
    features, spatial, total = 1, 1, 0
    for name, config in layers:
        shape = config.get("batch_shape") or config.get("batch_input_shape")
        if name == "InputLayer" and isinstance(shape, list) and shape:
            dims = [d for d in shape[1:] if isinstance(d, int) and d > 0]
            features = dims[-1] if dims else 1
            spatial = int(np.prod(dims[:-1])) if len(dims) > 1 else 1
        elif name == "Dense":
            units = _positive(config.get("units"))
            total += features * units + units
            features = units
        elif name in ("Conv2D", "Conv1D", "Conv3D", "SeparableConv2D", "DepthwiseConv2D"):
            filters = _positive(config.get("filters") or features)
            kernel = int(np.prod([_positive(k) for k in config.get("kernel_size") or [1]]))
            total += kernel * features * filters + filters
            features = filters
            strides = [_positive(k) for k in config.get("strides") or []]
            spatial = max(1, spatial // max(1, int(np.prod(strides))))
        elif name in ("MaxPooling2D", "AveragePooling2D", "MaxPooling1D", "AveragePooling1D"):
            pool = [_positive(k) for k in config.get("strides") or config.get("pool_size") or []]
            spatial = max(1, spatial // max(1, int(np.prod(pool))))
        elif name.startswith("Global"):
            spatial = 1
        elif name == "Flatten":
            features, spatial = features * spatial, 1
        elif name == "Embedding":
            total += _positive(config.get("input_dim")) * _positive(config.get("output_dim"))
    return int(total)


def _positive(value) -> int:
    return int(value) if isinstance(value, int) and value > 0 else 1


def check_shape(model, path: Path | str = "model") -> None:
    try:
        input_shape, output_shape = tuple(model.input_shape[1:]), tuple(model.output_shape[1:])
    except (AttributeError, ValueError) as exc:
        raise ModelError(_("{path}: the model has no single input and output").format(
            path=path)) from exc
    if input_shape not in ACCEPTED_INPUTS:
        raise ModelError(_(
            "{path}: the model takes inputs of shape {input_shape}; DigitPad needs 28×28 images "
            "(784 values)").format(path=path, input_shape=input_shape))
    if output_shape != (10,):
        raise ModelError(_(
            "{path}: the model has {output_shape} outputs; DigitPad needs 10 (one per "
            "digit)").format(path=path, output_shape=output_shape))
