"""The NumPy forward pass of a Sequential stack of common layers, and the probe on which any
fast path is checked against Keras.

The layers come either from a Keras model or straight from a `.keras` file
(model.reading.keras_file), so prediction needs neither TensorFlow nor Keras for the models DigitPad
trains.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Forward = Callable[[np.ndarray], np.ndarray]  # (N, *input_shape) float32 → (N, 10) probabilities
LayerSpec = tuple[str, dict, list]  # class name, config, weights: from Keras or from a file


class UnsupportedLayer(Exception):
    pass


def probe_input(input_shape: tuple[int, ...]) -> np.ndarray:
    """The fixed input on which a fast path is checked against Keras (two images)."""
    return np.random.default_rng(0).random((2, *input_shape), dtype=np.float32)


def keras_probe_output(model) -> np.ndarray:
    """Keras' own raw output on the probe: what a sidecar records when DigitPad saves."""
    probe = probe_input(tuple(model.input_shape[1:]))
    return np.asarray(model(probe, training=False), dtype=np.float32).reshape(2, -1)


ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "linear": lambda x: x,
    "relu": lambda x: np.maximum(x, 0),
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "tanh": np.tanh,
    "softmax": lambda x: softmax(x),
}


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _activation(config: dict) -> Callable[[np.ndarray], np.ndarray]:
    name = config.get("activation", "linear")
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise UnsupportedLayer(f"activation {name}")
    return ACTIVATIONS[name]


def numpy_forward(model) -> Forward:
    """Compile a Sequential Keras model into a chain of NumPy steps, or raise
    UnsupportedLayer."""
    if type(model).__name__ != "Sequential":
        raise UnsupportedLayer(type(model).__name__)
    return NumpyForward([(type(layer).__name__, layer.get_config(), layer.get_weights())
                         for layer in model.layers])


class NumpyForward:
    """The NumPy forward pass of a stack of layers (from Keras, or read from a .keras file by
    model.reading.keras_file without TensorFlow): callable, and `trace` gives every layer's output
    on the way (the Network view and "looks like these" read them). UnsupportedLayer for anything
    it cannot run."""

    def __init__(self, specs: list[LayerSpec]) -> None:
        self.steps = _steps(specs)  # every layer as Keras has it: what `trace` shows
        # The same pass with each BatchNormalization folded into the convolution or Dense
        # before it (one pass over the maps fewer): what predictions and the gate run.
        self.fused = _steps(_folded(specs))

    def __call__(self, x: np.ndarray) -> np.ndarray:
        for _, _, step in self.fused:
            x = step(x)
        return x

    def trace(self, x: np.ndarray) -> list[tuple[str, str, np.ndarray]]:
        """(layer class, layer name, output) of each layer, in order."""
        outputs = []
        for kind, name, step in self.steps:
            x = step(x)
            outputs.append((kind, name, x))
        return outputs



Step = Callable[[np.ndarray], np.ndarray]
IDENTITIES = ("InputLayer", "Dropout", "SpatialDropout2D", "GaussianNoise", "RandomRotation",
              "RandomZoom", "RandomTranslation", "RandomFlip", "RandomContrast")  # at inference


def _steps(specs: list[LayerSpec]) -> list[tuple[str, str, Step]]:
    steps = [(kind, config.get("name", kind), _numpy_step(kind, config, weights))
             for kind, config, weights in specs]
    return [(kind, name, step) for kind, name, step in steps if step is not None]


def _folded(specs: list[LayerSpec]) -> list[LayerSpec]:
    """`specs` with every BatchNormalization that follows a Conv2D or Dense without an
    activation of its own folded into that layer's kernel and bias."""
    specs = [spec for spec in specs if spec[0] not in IDENTITIES]
    folded: list[LayerSpec] = []
    for kind, config, weights in specs:
        before = folded[-1] if folded else None
        if kind == "BatchNormalization" and before is not None and \
                before[0] in ("Conv2D", "Dense") and \
                before[1].get("activation", "linear") == "linear" and \
                config.get("axis", -1) in (-1, [-1]):
            multiplier, shift = _normalisation(config, weights)
            kernel = np.asarray(before[2][0], np.float32)
            bias = np.asarray(before[2][1], np.float32) if before[1]["use_bias"] else \
                np.zeros(kernel.shape[-1], np.float32)
            folded[-1] = (before[0], {**before[1], "use_bias": True},
                          [kernel * multiplier, bias * multiplier + shift])
        else:
            folded.append((kind, config, weights))
    return folded


def _numpy_step(kind: str, config: dict, weights: list) -> Step | None:
    weights = [np.asarray(w, dtype=np.float32) for w in weights]
    if kind in IDENTITIES:
        return None
    if kind == "Dense":
        kernel = weights[0]
        bias = weights[1] if config["use_bias"] else np.zeros(kernel.shape[1], np.float32)
        act = _activation(config)
        return lambda x: act(x @ kernel + bias)
    if kind == "Activation":
        return _activation(config)
    if kind == "Flatten":
        return lambda x: x.reshape(len(x), -1)
    if kind == "Reshape":
        target = tuple(config["target_shape"])
        return lambda x: x.reshape((len(x), *target))
    if kind == "Rescaling":
        scale, offset = float(config["scale"]), float(config["offset"])
        return lambda x: x * scale + offset
    if kind == "BatchNormalization":
        return _batch_norm(config, weights)
    if kind == "Conv2D":
        return _conv2d(config, weights)
    if kind in ("MaxPooling2D", "AveragePooling2D"):
        return _pool(config, np.max if kind == "MaxPooling2D" else np.mean)
    if kind == "GlobalAveragePooling2D":
        return lambda x: x.mean(axis=(1, 2))
    raise UnsupportedLayer(kind)


def _batch_norm(config, weights) -> Callable[[np.ndarray], np.ndarray]:
    if config.get("axis", -1) not in (-1, [-1]):
        raise UnsupportedLayer("BatchNormalization over a non-last axis")
    multiplier, shift = _normalisation(config, weights)
    return lambda x: x * multiplier + shift


def _normalisation(config, weights) -> tuple[np.ndarray, np.ndarray]:
    """A BatchNormalization at inference as x · multiplier + shift."""
    it = (np.asarray(w, np.float32) for w in weights)
    gamma = next(it) if config["scale"] else None
    beta = next(it) if config["center"] else None
    mean, variance = next(it), next(it)
    multiplier = 1 / np.sqrt(variance + config["epsilon"])
    if gamma is not None:
        multiplier = multiplier * gamma
    shift = -mean * multiplier + (beta if beta is not None else 0)
    return multiplier.astype(np.float32), shift.astype(np.float32)


def _conv2d(config, weights) -> Callable[[np.ndarray], np.ndarray]:
    if config.get("data_format", "channels_last") != "channels_last" or \
            tuple(config.get("dilation_rate", (1, 1))) != (1, 1) or config.get("groups", 1) != 1:
        raise UnsupportedLayer("Conv2D variant")
    kernel = weights[0]  # (kh, kw, cin, cout)
    bias = weights[1] if config["use_bias"] else np.zeros(kernel.shape[-1], np.float32)
    kh, kw, cin, cout = kernel.shape
    flat_kernel = kernel.reshape(kh * kw * cin, cout)
    sh, sw = config["strides"]
    same = config["padding"] == "same"
    act = _activation(config)

    def conv(x: np.ndarray) -> np.ndarray:
        if same:
            x = _pad_same(x, kh, kw, sh, sw)
        windows = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(1, 2))
        windows = windows[:, ::sh, ::sw]  # (n, oh, ow, cin, kh, kw)
        n, oh, ow = windows.shape[:3]
        patches = windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * cin)
        return act((patches @ flat_kernel + bias).reshape(n, oh, ow, cout))

    return conv


def _pad_same(x: np.ndarray, kh: int, kw: int, sh: int, sw: int) -> np.ndarray:
    def amounts(size: int, k: int, s: int) -> tuple[int, int]:
        total = max((-(-size // s) - 1) * s + k - size, 0)
        return total // 2, total - total // 2

    return np.pad(x, ((0, 0), amounts(x.shape[1], kh, sh), amounts(x.shape[2], kw, sw), (0, 0)))


def _pool(config, reduce) -> Callable[[np.ndarray], np.ndarray]:
    ph, pw = config["pool_size"]
    sh, sw = config["strides"] or (ph, pw)
    if config["padding"] != "valid" or config.get("data_format", "channels_last") != \
            "channels_last":
        raise UnsupportedLayer("pooling variant")

    def pool(x: np.ndarray) -> np.ndarray:
        if (sh, sw) == (ph, pw):  # windows side by side: a reshape, several times faster
            n, h, w, c = x.shape
            oh, ow = h // ph, w // pw
            tiles = x[:, :oh * ph, :ow * pw].reshape(n, oh, ph, ow, pw, c)
            return reduce(tiles, axis=(2, 4))
        windows = np.lib.stride_tricks.sliding_window_view(x, (ph, pw), axis=(1, 2))
        return reduce(windows[:, ::sh, ::sw], axis=(-2, -1))

    return pool
