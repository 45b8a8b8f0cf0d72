"""Low-latency single-image inference, safe to use from any thread and to swap models live.

`model.predict` costs ~70 ms a call on this CPU, almost all of it set-up. For a Sequential
model of common layers, the weights are copied out once and the forward pass runs in NumPy
(tens of microseconds); anything else runs through one traced `tf.function`. Either way the
fast path is checked against Keras' own output when a model is installed.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from model.reading.confidence import with_temperature
from model.reading.forward import (
    Forward,
    LayerSpec,
    NumpyForward,
    UnsupportedLayer,
    keras_probe_output,
    numpy_forward,
    probe_input,
    softmax,
)
from model.reading.keras_file import layer_specs
from model.reading.outliers import Refusal, gate_inputs
from model.reading.views import read_with_views

NEVER_REFUSED = Refusal()  # a model with no "not a digit" decision of its own
CHUNK = 32
# Drawings whose gate inputs are remembered: the number reader weighs its candidates and then
# judges the digits it chose, all read a moment before (one pass of each, not three).
MEMO = 256


class _State(NamedTuple):
    """Everything one prediction needs, replaced as one object so that a prediction running in
    another thread uses either the old model or the new one, never a mix; readers take no
    lock."""
    forward: Forward  # [0, 1] pixels → probabilities
    input_shape: tuple[int, ...]
    raw: Forward  # the network's own pass, kept to compare with Keras and to trace layers
    temperature: float
    rotations: tuple[float, ...]  # the test-time views besides the drawing (model.reading.views)
    refusal: Refusal  # its "not a digit" decision (model.reading.outliers)
    input_scale: float  # 255 for a model that scales its own input from 0-255
    logits: bool  # the network ends in raw scores, which get a softmax
    memo: dict  # gate inputs of drawings read lately, by their pixels (_tapped)


class Predictor:
    """Calibrated probabilities for 28×28 images: the model's output on the drawing (and on the
    slightly turned views its sidecar asks for, model.reading.views), softened or sharpened by the
    temperature of its sidecar (model.reading.confidence)."""

    def __init__(self, model=None, temperature: float = 1.0,
                 rotations: Sequence[float] = (), refusal: Refusal = NEVER_REFUSED) -> None:
        self._state: _State | None = None
        self._lock = threading.Lock()  # serialises installs
        self.backend = "none"
        if model is not None:
            self.set_model(model, temperature, rotations, refusal)

    @property
    def ready(self) -> bool:
        return self._state is not None

    def set_model(self, model, temperature: float = 1.0,
                  rotations: Sequence[float] = (), refusal: Refusal = NEVER_REFUSED) -> None:
        """Install a Keras model; predictions already running finish on the previous one.

        The NumPy path is used when it can run the model and agrees with Keras on a probe;
        anything else (a layer it does not know, a conversion that fails, a disagreement)
        runs on the traced TensorFlow path. Models that end in raw scores get a softmax, and
        models that scale their own input from 0-255 are given 0-255.
        """
        input_shape = tuple(model.input_shape[1:])
        specs = [(type(layer).__name__, layer.get_config(), []) for layer in model.layers]
        forward, backend = None, "tf.function"
        try:
            candidate = numpy_forward(model)
            if _agrees(candidate, keras_probe_output(model), input_shape):
                forward, backend = candidate, "numpy"
        except Exception:  # noqa: BLE001 - any failure to convert means: use Keras' own path
            pass
        if forward is None:
            forward = traced_forward(model)
            if not _agrees(forward, keras_probe_output(model), input_shape):
                raise RuntimeError("fast prediction path disagrees with Keras")
        self._install(forward, input_shape, backend, specs, temperature, rotations, refusal)

    @classmethod
    def from_file(cls, path, expected_probe=None, temperature: float = 1.0,
                  rotations: Sequence[float] = (),
                  refusal: Refusal = NEVER_REFUSED) -> tuple[Predictor, bool]:
        """(a NumPy predictor read straight from a .keras file, trusted?), with no TensorFlow.

        Trusted means its output on the probe matches `expected_probe`, Keras' own output
        recorded in the sidecar when DigitPad saved the model. Without one (a model from
        elsewhere) it is not yet trusted; a wrong one raises UnsupportedLayer, so that the
        caller takes the Keras path instead. UnsupportedLayer also for anything NumPy cannot
        run.
        """
        specs, input_shape = layer_specs(path)
        forward = NumpyForward(specs)
        trusted = False
        if expected_probe is not None:
            if not _agrees(forward, np.asarray(expected_probe, np.float32), input_shape):
                raise UnsupportedLayer("the NumPy pass disagrees with the recorded Keras output")
            trusted = True
        predictor = cls()
        predictor._install(forward, input_shape, "numpy", specs, temperature, rotations,
                           refusal)
        return predictor, trusted

    def trace(self, image: np.ndarray) -> list[tuple[str, str, np.ndarray]]:
        """Every layer's output for one image as drawn (NumPy path only; [] on the traced
        path)."""
        state = self._state
        if state is None or not isinstance(state.raw, NumpyForward):
            return []
        return [(kind, name, out[0])
                for kind, name, out in state.raw.trace(_network_input(state, image))]

    def refusals(self, images: np.ndarray, probabilities: np.ndarray,
                 leeway: float = 0.0) -> list[str]:
        """Why each image is not a digit ("" for a digit; model.reading.outliers), given what
        predict_many said of it: the model's gate on the drawing as drawn, or its threshold."""
        state = self._state
        if state is None:
            raise RuntimeError("no model is loaded yet")

        def inputs() -> np.ndarray | None:
            if not isinstance(state.raw, NumpyForward):
                return None
            return _gate_inputs(state, images)

        return state.refusal.reasons(probabilities, inputs, leeway)

    def whole_digit(self, images: np.ndarray, picture: bool = False) -> np.ndarray | None:
        """(N,) the model's log-likelihood that each image is one whole digit, not a piece of
        one or two run together (model.reading.outliers), by its fit for a drawing's
        candidates or for a `picture`'s; None when its gate cannot say."""
        state = self._state
        if state is None:
            raise RuntimeError("no model is loaded yet")
        gate = state.refusal.gate
        fit = gate.whole_fit(picture) if gate is not None else None
        if fit is None or not isinstance(state.raw, NumpyForward):
            return None
        return fit.log_likelihood(_gate_inputs(state, images))

    def picture_whole_digit(self, images: np.ndarray) -> np.ndarray | None:
        """whole_digit for the candidates of a picture (segment.read_picture)."""
        return self.whole_digit(images, picture=True)

    def judge_many(self, images: np.ndarray) -> tuple[np.ndarray, list[str]]:
        """(predict_many's probabilities, refusals) of (N, 28, 28) images."""
        probabilities = self.predict_many(images)
        return probabilities, self.refusals(images, probabilities)

    def features(self, images: np.ndarray) -> np.ndarray | None:
        """(N, F) outputs of the last hidden layer (the input of the final Dense), in chunks;
        None on the traced path."""
        state = self._state
        if state is None or not isinstance(state.raw, NumpyForward):
            return None
        dense = [i for i, (kind, _, _) in enumerate(state.raw.fused) if kind == "Dense"]
        cut = dense[-1] if dense else len(state.raw.fused)
        head = state.raw.fused[:cut]
        x = _network_input(state, images)
        parts = []
        for start in range(0, len(x), CHUNK):
            y = x[start:start + CHUNK]
            for _, _, step in head:
                y = step(y)
            parts.append(y.reshape(len(y), -1))
        return np.concatenate(parts) if parts else np.zeros((0, 0), np.float32)

    @property
    def temperature(self) -> float:
        return self._state.temperature if self._state is not None else 1.0

    @property
    def rotations(self) -> tuple[float, ...]:
        return self._state.rotations if self._state is not None else ()

    def _install(self, forward: Forward, input_shape: tuple[int, ...], backend: str,
                 specs: list[LayerSpec], temperature: float,
                 rotations: Sequence[float], refusal: Refusal) -> None:
        input_scale = 255.0 if _rescales_from_255(specs) else 1.0
        logits = _ends_in_logits(forward, input_shape, input_scale)
        wrapped = _as_probabilities(forward, input_scale, logits)
        with self._lock:
            self._state = _State(wrapped, input_shape, forward, temperature,
                                 tuple(float(r) for r in rotations), refusal, input_scale,
                                 logits, {})
            self.backend = backend

    def predict(self, image: np.ndarray) -> np.ndarray:
        """10 probabilities (float64, summing to 1) for one (28, 28) image in [0, 1]."""
        return self.predict_many(np.asarray(image)[None])[0]

    def predict_many(self, images: np.ndarray) -> np.ndarray:
        """(N, 10) probabilities for (N, 28, 28) images, in one forward pass per chunk."""
        state = self._state
        if state is None:
            raise RuntimeError("no model is loaded yet")

        images = np.asarray(images, dtype=np.float32).reshape(-1, 28, 28)
        # The drawings as drawn are read with the gate's taps when it will ask for them.
        tapped = len(images) if state.refusal.gate is not None and len(images) <= MEMO and \
            isinstance(state.raw, NumpyForward) else 0

        def network(views: np.ndarray) -> np.ndarray:
            if tapped:  # the turned views in the same pass (one pass, not two: ~0.6 ms)
                probabilities = _tapped(state, views, remembered=tapped)[1]
            else:  # chunks keep the convolution's patch matrix small (~60 MB at 32 images)
                x = views.reshape((-1, *state.input_shape))
                probabilities = np.concatenate([
                    np.asarray(state.forward(x[i:i + CHUNK]), np.float64).reshape(-1, 10)
                    for i in range(0, len(x), CHUNK)]) if len(x) else np.zeros((0, 10))
            return probabilities / probabilities.sum(axis=1, keepdims=True)

        return with_temperature(read_with_views(network, images, state.rotations),
                                state.temperature)


def _network_input(state: _State, images: np.ndarray) -> np.ndarray:
    """[0, 1] images as the network's own pass takes them: its input shape, and 0-255 for a
    model that scales its own input (the one scaling prediction, layer views, look-alikes and
    the "not a digit" gate all share)."""
    x = np.asarray(images, dtype=np.float32).reshape((-1, *state.input_shape))
    return x * np.float32(state.input_scale) if state.input_scale != 1.0 else x


def _tapped(state: _State, images: np.ndarray, remembered: int | None = None
            ) -> tuple[np.ndarray, np.ndarray]:
    """(gate inputs, (N, 10) probabilities) of (N, 28, 28) float32 drawings in one NumPy pass,
    the gate inputs of the first `remembered` (all by default) remembered for a moment."""
    rows, outputs = gate_inputs(state.raw.fused, _network_input(state, images))
    outputs = np.asarray(outputs, np.float64).reshape(len(images), -1)
    kept = images[:remembered]
    if len(kept) <= MEMO:
        if len(state.memo) + len(kept) > MEMO:
            state.memo.clear()
        state.memo.update(zip((image.tobytes() for image in kept), rows))
    return rows, softmax(outputs) if state.logits else outputs


def _gate_inputs(state: _State, images: np.ndarray) -> np.ndarray:
    """(N, D) gate inputs of [0, 1] drawings; those read a moment ago from the memo."""
    images = np.asarray(images, dtype=np.float32).reshape(-1, 28, 28)
    rows = [state.memo.get(image.tobytes()) for image in images]
    missing = [i for i, row in enumerate(rows) if row is None]
    if missing:
        for i, row in zip(missing, _tapped(state, images[missing])[0]):
            rows[i] = row
    return np.stack(rows) if rows else np.zeros((0, 0), np.float32)


def _agrees(forward: Forward, expected: np.ndarray, input_shape: tuple[int, ...]) -> bool:
    got = np.asarray(forward(probe_input(input_shape))).reshape(2, -1)
    expected = np.asarray(expected).reshape(2, -1)
    return got.shape == expected.shape and bool(np.allclose(got, expected, atol=1e-4))


def _rescales_from_255(specs: list[LayerSpec]) -> bool:
    """The model's first layer divides its input by ~255: it expects 0-255 pixels."""
    layers = [spec for spec in specs if spec[0] != "InputLayer"]
    if not layers or layers[0][0] != "Rescaling":
        return False
    scale = layers[0][1].get("scale")
    return isinstance(scale, (int, float)) and 0 < scale < 0.05


def _ends_in_logits(forward: Forward, input_shape: tuple[int, ...], input_scale: float) -> bool:
    """Raw scores (a last Dense(10) without softmax, as in TensorFlow's beginner tutorial):
    outputs outside [0, 1]. Sigmoid-like outputs are normalised by predict_many."""
    outputs = np.asarray(forward(probe_input(input_shape) * input_scale))
    return bool(outputs.min() < 0 or outputs.max() > 1)


def _as_probabilities(forward: Forward, input_scale: float, logits: bool) -> Forward:
    """Wrap `forward` so it takes [0, 1] pixels and returns probabilities (a softmax for
    `logits`)."""
    if not logits and input_scale == 1.0:
        return forward

    def probabilities(x: np.ndarray) -> np.ndarray:
        y = np.asarray(forward(x * input_scale), dtype=np.float64).reshape(len(x), -1)
        return softmax(y) if logits else y

    return probabilities


def traced_forward(model) -> Forward:
    import tensorflow as tf

    spec = tf.TensorSpec((None, *model.input_shape[1:]), tf.float32)
    call = tf.function(lambda x: model(x, training=False), input_signature=[spec])
    return lambda x: call(x).numpy()
