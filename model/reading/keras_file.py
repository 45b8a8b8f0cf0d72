"""Read a `.keras` file without TensorFlow or Keras: its config and its weights.

A `.keras` file is a zip of `config.json` (the layers) and `model.weights.h5` (each layer's
variables under `layers/<name>/vars/<i>`). h5py, installed with Keras, reads the weights in a
few milliseconds; importing TensorFlow takes seconds and ~500 MB. For the Sequential stacks of
common layers DigitPad's predictor runs in NumPy, that is all prediction needs.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path

import numpy as np

from model.keeping.store import ACCEPTED_INPUTS, ModelError, check_file
from model.language import _
from model.reading.forward import LayerSpec, UnsupportedLayer


def layer_specs(path: str | os.PathLike, inputs: tuple[int, ...] | None = None,
                outputs: int = 10) -> tuple[list[LayerSpec], tuple[int, ...]]:
    """(class name, config, weights) of each layer, and the input shape; UnsupportedLayer when
    the file is not a Sequential stack this reader understands. A digit model by default (28×28
    in, 10 out); `inputs` and `outputs` for another network (the line reader: its image's
    shape, 11 outputs a column from its last convolution)."""
    import h5py  # here: only prediction from a file needs it

    path = Path(path)
    check_file(path)  # the same refusals as the Keras path: missing, HDF5, bombs, Lambda…
    with zipfile.ZipFile(path) as archive:
        config = json.loads(archive.read("config.json"))
        weights_file = io.BytesIO(archive.read("model.weights.h5"))
    if config.get("class_name") != "Sequential":
        raise UnsupportedLayer(f"a {config.get('class_name')} model, not Sequential")
    layers = config["config"]["layers"]
    build = config["config"].get("build_input_shape") or \
        next((layer["config"].get("batch_shape") for layer in layers
              if layer["class_name"] == "InputLayer"), None)
    if not build:
        raise UnsupportedLayer("no input shape in the config")
    input_shape = tuple(build[1:])
    if input_shape not in (ACCEPTED_INPUTS if inputs is None else (inputs,)):
        raise ModelError(_(
            "{path}: the model takes inputs of shape {input_shape}; DigitPad needs 28×28 images "
            "(784 values)").format(path=path, input_shape=input_shape))
    specs: list[LayerSpec] = []
    seen: dict[str, int] = {}
    try:
        with h5py.File(weights_file, "r") as h5:
            stored = h5.get("layers")
            for layer in layers:
                kind = layer["class_name"]
                # Keras files a layer's variables under its class in snake case, numbered
                # within the model ("dense", "dense_1"), not under the layer's own name.
                base = snake_case(kind)
                count = seen.get(base, 0)
                seen[base] = count + 1
                key = base if count == 0 else f"{base}_{count}"
                group = stored.get(key) if stored is not None and kind != "InputLayer" \
                    else None
                variables = group.get("vars") if group is not None else None
                weights = [np.asarray(variables[str(i)]) for i in range(len(variables))] \
                    if variables is not None else []
                specs.append((kind, layer["config"], weights))
    except (OSError, KeyError, TypeError) as exc:
        raise UnsupportedLayer(f"weights not laid out as expected ({exc})") from exc
    last = [config.get("units", config.get("filters")) for kind, config, _ in specs
            if kind in ("Dense", "Conv2D")]
    if not last or last[-1] != outputs:
        raise ModelError(_("{path}: the model does not end in 10 outputs (one per digit)").format(
            path=path))
    return specs, input_shape


def snake_case(name: str) -> str:
    """Keras' own rule: "MaxPooling2D" → "max_pooling2d", "Conv2D" → "conv2d"."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()
