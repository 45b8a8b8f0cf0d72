""""That's not a digit": a decision that looks at more than the top probability, and travels
with the model in its sidecar.

A softmax is confident far from its training data, so a threshold on the top probability
refuses only some letters and scribbles, and good digits too. What the network computes on the
way says more: how strongly each convolution stage fires (the mean and the peak of every
feature map) and the last hidden layer. A small network on those (the "gate": one hidden layer,
then a logistic output), fitted on digits the model learnt from against generated letters,
shapes, scribbles and crossed-out digits (model.learning.non_digits), tells the two apart; a
logistic regression says which kind a refused drawing is most like, for the words the panel
shows. Measured on validation data, the gate refused far more non-digits than the top
probability, a Mahalanobis distance, nearest neighbours or a regression at the same rate of
good digits refused (docs/MODELS.md, "That's not a digit").

Its level is set on real digits no model trained on (the validation writers' pen digits) so
that KEEP of them pass; the test writers and MNIST test report how that holds. The decision
needs only NumPy (the network's own NumPy pass, model.reading.predictor) and costs one pass of the
drawing without its views. A model without a gate (one from elsewhere, or one that runs on
TensorFlow's path) falls back to the threshold on the top probability (model.reading.confidence).
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from model.keeping.paths import ASSETS
from model.reading.confidence import refused as below_threshold

# What a refused drawing is most like; FAR when no kind stands out, THRESHOLD when a model
# without a gate refused it on its top probability.
KINDS = ("letter", "shape", "scribble", "crossed-out")
FAR, THRESHOLD = "far", "unsure"
KIND_SURE = 0.5  # a kind must be at least this likely to be named

KEEP = 0.997  # share of validation real digits the gate lets through
FIT_SEED = 404  # the non-digits gates are fitted on; figures use other seeds
FIT_NON_DIGITS = 2500  # of each kind
MIN_NON_DIGITS = 500  # of each kind, however few digits a run learnt from
FIT_DIGITS = 6000  # of each source of digits the model learnt from
RIDGE = 1.0  # L2 penalty on the standardised inputs' weights
# The "not a digit" decision itself is a small network on the same inputs (one hidden layer of
# HIDDEN units), fitted by FIT_EPOCHS passes of Adam: on validation data it refused 2–5 points
# more of each kind of non-digit than a regression at the same share of good digits refused.
HIDDEN, FIT_EPOCHS, FIT_BATCH, FIT_RATE, DECAY = 128, 10, 256, 1e-3, 1e-4
FIELD = "not_a_digit"  # the sidecar's field
NON_DIGITS_BUNDLE = ASSETS / "non_digits.npz"  # the fitting non-digits, drawn once (make)
# What the number reader weighs, labelled whole digit or not (model.learning.pen_numbers),
# drawn once from the training writers' pen digits (make whole-digits): on the canvas, and on
# paper as the picture reader sees them (a picture's candidates are another kind: the strokes'
# fit on them read the validation writers' photos 61 %, a fit of their own 66 %).
WHOLE_DIGITS_BUNDLES = {"strokes": ASSETS / "whole_digits.npz",
                        "pictures": ASSETS / "picture_whole_digits.npz"}
WHOLE_SEED, WHOLE_PER_LAYOUT, WHOLE_LONE = 505, 300, 3000
WHOLE_PICTURE_PER_LAYOUT = 80
WHOLE_FIT = 6000  # of the bundle's candidates a model's fit reads: ~3 s at the end of a run
# The whole-digit fit is a small network too: the validation writers' numbers read exactly
# 80.5 → 84 % (and as well as with all 23,907 candidates).
WHOLE_EPOCHS = 20


def _signed_log(x: np.ndarray) -> np.ndarray:
    return np.sign(x) * np.log1p(np.abs(x))


TAPPED = ("Activation", "ReLU")  # the layers whose 4-D outputs are pooled


def _gate_row(maps: Sequence[np.ndarray], last: np.ndarray) -> np.ndarray:
    pooled = [p for m in maps for p in (m.mean(axis=(1, 2)), m.max(axis=(1, 2)))]
    return _signed_log(np.concatenate([*pooled, last.reshape(len(last), -1)], axis=1))


def gate_inputs(steps: Sequence[tuple[str, str, Callable]], images: np.ndarray,
                chunk: int = 64) -> tuple[np.ndarray, np.ndarray]:
    """(N, D): for (N, ...) network inputs, the mean and peak of every feature map after each
    convolution stage's activation, and the input of the final Dense (the last hidden layer),
    on a log scale; and the network's own (N, ...) output on the way, so that the drawings the
    gate reads need not be read again. `steps` are a NumpyForward's (kind, name, step): what
    the app runs."""
    dense = [i for i, (kind, _, _) in enumerate(steps) if kind == "Dense"]
    last = dense[-1] if dense else len(steps)
    rows, outputs = [], []
    for start in range(0, len(images), chunk):
        x = images[start:start + chunk]
        maps = []
        for kind, _, step in steps[:last]:
            x = step(x)
            if x.ndim == 4 and kind in TAPPED:
                maps.append(x)
        rows.append(_gate_row(maps, x))
        for _, _, step in steps[last:]:
            x = step(x)
        outputs.append(x)
    if not rows:
        return np.zeros((0, 0), np.float32), np.zeros((0, 0), np.float32)
    return np.concatenate(rows), np.concatenate(outputs)


def keras_gate_inputs(model, *image_sets: np.ndarray,
                      batch: int = 512) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each set, (its gate_inputs, the network's own (N, 10) output on it) for a Keras
    Sequential model, through TensorFlow: the same numbers as the app's NumPy pass (a test
    checks) several times faster for the tens of thousands of images a fit reads, and the
    output on the way, so that a set read for the gate need not be read again as drawn. The
    layers are called in turn in one traced function that pools the maps as it goes (only a
    few hundred numbers a digit leave it); any batch size, traced once. (A Keras Model with the
    maps as extra outputs read them 2.3× slower here than this.)"""
    import tensorflow as tf

    layers = model.layers
    dense = [i for i, layer in enumerate(layers) if type(layer).__name__ == "Dense"]
    last = dense[-1] if dense else len(layers)

    # No AutoGraph: the loop is over layers, not tensors, and a packaged app (no source files)
    # would only warn that it cannot read this function.
    @tf.function(input_signature=[tf.TensorSpec((None, *model.input_shape[1:]), tf.float32)],
                 autograph=False)
    def read(x):
        pooled = []
        for layer in layers[:last]:
            x = layer(x, training=False)
            if type(layer).__name__ in TAPPED and len(x.shape) == 4:
                pooled += [tf.reduce_mean(x, axis=[1, 2]), tf.reduce_max(x, axis=[1, 2])]
        row = tf.concat([*pooled, tf.reshape(x, (tf.shape(x)[0], -1))], axis=1)
        for layer in layers[last:]:
            x = layer(x, training=False)
        return row, x

    def rows(images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if not len(images):
            return np.zeros((0, 0), np.float32), np.zeros((0, 10), np.float32)
        parts = [read(np.asarray(images[i:i + batch], np.float32))
                 for i in range(0, len(images), batch)]
        return (np.concatenate([_signed_log(row.numpy()) for row, _ in parts]),
                np.concatenate([out.numpy() for _, out in parts]))

    return [rows(images) for images in image_sets]


@dataclass(frozen=True)
class WholeDigitFit:
    """How likely a candidate of the number reader is one whole digit rather than a piece of
    one or two run together: a hidden layer of ReLU units (`hidden`, `hidden_bias`; none in a
    fit from before 12-06, a regression on the gate's inputs), then a logistic output."""

    weights: np.ndarray  # (H,), or (D,) without the hidden layer
    bias: float
    hidden: np.ndarray | None = None  # (D, H)
    hidden_bias: np.ndarray | None = None  # (H,)

    def log_likelihood(self, inputs: np.ndarray) -> np.ndarray:
        """(N,) log-likelihood that each row of gate inputs is one whole digit."""
        z = _through(inputs, self.hidden, self.hidden_bias) @ self.weights + self.bias
        return -np.logaddexp(0.0, -z)

    def field(self, fitted_on: str) -> dict:
        return {**_layer_field(self.hidden, self.hidden_bias), "weights": _numbers(self.weights),
                "bias": round(self.bias, 6), "fitted_on": fitted_on}

    @classmethod
    def of(cls, field, inputs: int) -> WholeDigitFit | None:
        """A sidecar's fit, or None when it has none that makes sense: the number reader then
        weighs the model's confidence alone."""
        try:
            weights = np.asarray(field["weights"], np.float64)
            bias = float(field["bias"])
        except (KeyError, TypeError, ValueError):
            return None
        hidden, hidden_bias = _hidden_of(field.get("hidden"), inputs)
        if "hidden" in field and hidden is None:
            return None
        if weights.shape != (inputs if hidden is None else hidden.shape[1],) or \
                not np.all(np.isfinite(weights)) or not np.isfinite(bias):
            return None
        return cls(weights, bias, hidden, hidden_bias)


def _numbers(a: np.ndarray) -> list:
    return np.asarray(a, np.float64).round(6).tolist()


def _layer_field(weights: np.ndarray | None, bias: np.ndarray | None) -> dict:
    """A hidden layer's D×H numbers as little-endian float32 in base64: as a JSON list they
    would make the sidecar ~0.7 MB, read at every start."""
    return {} if weights is None else {"hidden": {
        "units": int(weights.shape[1]), "bias": _numbers(bias),
        "weights_float32_base64": base64.b64encode(
            np.asarray(weights, "<f4").tobytes()).decode("ascii")}}


@dataclass(frozen=True)
class Gate:
    """"Not a digit" (a hidden layer `hidden`, `hidden_bias` of ReLU units, then weights,
    bias; refused above `level`; a gate fitted before the hidden layer existed has none and
    its weights read the inputs directly), then on the same inputs logistic regressions for
    which kind of non-digit (kind_weights, kind_bias, in KINDS' order), and the number reader's
    whole-digit fits: `whole` for drawings, `picture_whole` for the ink of pictures (None for
    a gate fitted before either existed; drawings' then serves pictures too)."""

    weights: np.ndarray  # (H,), or (D,) without a hidden layer
    bias: float
    level: float
    kind_weights: np.ndarray  # (K, D)
    kind_bias: np.ndarray  # (K,)
    whole: WholeDigitFit | None = None
    picture_whole: WholeDigitFit | None = None
    hidden: np.ndarray | None = None  # (D, H)
    hidden_bias: np.ndarray | None = None  # (H,)

    @property
    def inputs(self) -> int:
        """D: how many numbers of a drawing (gate_inputs) the gate reads."""
        return self.kind_weights.shape[1]

    def score(self, inputs: np.ndarray) -> np.ndarray:
        """(N,) log-odds of "not a digit"."""
        return _through(inputs, self.hidden, self.hidden_bias) @ self.weights + self.bias

    def reasons(self, inputs: np.ndarray, leeway: float = 0.0) -> list[str]:
        """For each row: "" for a digit, else the kind it is most like (or FAR); refused
        `leeway` above the level (log-odds: where a digit is likelier than in a lone drawing)."""
        inputs = np.asarray(inputs, np.float64)
        out = [""] * len(inputs)
        refused = np.flatnonzero(self.score(inputs) > self.level + leeway)
        if len(refused):
            logits = inputs[refused] @ self.kind_weights.T + self.kind_bias
            p = np.exp(logits - logits.max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
            for row, i in zip(p, refused):
                out[i] = KINDS[int(row.argmax())] if row.max() >= KIND_SURE else FAR
        return out

    def whole_fit(self, picture: bool = False) -> WholeDigitFit | None:
        """The whole-digit fit for a drawing's candidates, or a picture's (the drawings' when
        the gate has no picture fit); None without either."""
        return (self.picture_whole or self.whole) if picture else self.whole

    def fields(self) -> dict:
        """The sidecar's FIELD."""
        fits = {name: fit.field(f"the number reader's candidates in the training writers' "
                                f"numbers{kind} (seed {WHOLE_SEED})")
                for name, fit, kind in (("whole_digit", self.whole, ""),
                                        ("picture_whole_digit", self.picture_whole,
                                         " drawn on paper")) if fit is not None}
        return {FIELD: {**fits, **_layer_field(self.hidden, self.hidden_bias),
                        "inputs": self.inputs, "weights": _numbers(self.weights),
                        "bias": round(self.bias, 6), "level": round(self.level, 6),
                        "kinds": list(KINDS), "kind_weights": _numbers(self.kind_weights),
                        "kind_bias": _numbers(self.kind_bias),
                        "fitted_on": "digits the model learnt from against generated non-digits "
                                     f"(seed {FIT_SEED}); level: the validation writers"}}

    @classmethod
    def from_metadata(cls, metadata: dict | None) -> Gate | None:
        """The sidecar's gate, or None when it has none or one that makes no sense."""
        field = (metadata or {}).get(FIELD)
        if not isinstance(field, dict) or field.get("kinds") != list(KINDS):
            return None
        try:
            weights = np.asarray(field["weights"], np.float64)
            kind_weights = np.asarray(field["kind_weights"], np.float64)
            kind_bias = np.asarray(field["kind_bias"], np.float64)
            bias, level = float(field["bias"]), float(field["level"])
            inputs = int(field["inputs"])
        except (KeyError, TypeError, ValueError):
            return None
        hidden, hidden_bias = _hidden_of(field.get("hidden"), inputs)
        if "hidden" in field and hidden is None:
            return None
        if weights.ndim != 1 or len(weights) != (inputs if hidden is None else
                                                  hidden.shape[1]) or \
                kind_weights.shape != (len(KINDS), inputs) or \
                kind_bias.shape != (len(KINDS),) or not all(
                np.all(np.isfinite(a)) for a in (weights, kind_weights, kind_bias, bias, level)):
            return None
        return cls(weights, bias, level, kind_weights, kind_bias,
                   WholeDigitFit.of(field.get("whole_digit"), inputs),
                   WholeDigitFit.of(field.get("picture_whole_digit"), inputs),
                   hidden, hidden_bias)


def _through(inputs: np.ndarray, hidden: np.ndarray | None,
             bias: np.ndarray | None) -> np.ndarray:
    """Gate inputs through a hidden layer of ReLU units (as they are without one)."""
    inputs = np.asarray(inputs, np.float64)
    return inputs if hidden is None else np.maximum(inputs @ hidden + bias, 0.0)


def _hidden_of(field, inputs: int) -> tuple[np.ndarray | None, np.ndarray | None]:
    """A sidecar's hidden layer, or (None, None) when it has none that makes sense."""
    try:
        units = int(field["units"])
        bias = np.asarray(field["bias"], np.float64)
        weights = np.frombuffer(base64.b64decode(field["weights_float32_base64"],
                                                 validate=True), "<f4")
    except (KeyError, TypeError, ValueError):
        return None, None
    if units < 1 or bias.shape != (units,) or weights.size != inputs * units:
        return None, None
    weights = weights.reshape(inputs, units).astype(np.float64)
    if not (np.all(np.isfinite(weights)) and np.all(np.isfinite(bias))):
        return None, None
    return weights, bias


def _logistic(x: np.ndarray, y: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Weighted, ridge-penalised logistic regression by Newton's method; x has a last column
    of ones (its coefficient not penalised). Returns the coefficients."""
    penalty = np.full(x.shape[1], RIDGE)
    penalty[-1] = 0.0
    beta = np.zeros(x.shape[1])
    x32 = x.astype(np.float32)  # the Hessian's product in single precision: twice as fast
    for _ in range(20):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -30, 30)))
        gradient = x.T @ (weight * (p - y)) + penalty * beta
        curvature = (weight * p * (1 - p)).astype(np.float32)
        hessian = ((x32 * curvature[:, None]).T @ x32).astype(np.float64) + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-4:
            break
    return beta


def _two_layer(x: np.ndarray, y: np.ndarray, weight: np.ndarray, epochs: int = FIT_EPOCHS
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """A weighted logistic output on HIDDEN ReLU units, fitted by `epochs` passes of Adam with
    a cosine-decayed rate and a little weight decay, from a fixed seed (the same data give the
    same gate). `x` standardised. Returns (hidden (D, H), hidden bias (H,), output weights
    (H,), output bias)."""
    rng = np.random.default_rng(FIT_SEED)
    x = x.astype(np.float32)
    weight = weight.astype(np.float32)
    params = [(rng.standard_normal((x.shape[1], HIDDEN)) * np.sqrt(2 / x.shape[1])
               ).astype(np.float32), np.zeros(HIDDEN, np.float32),
              (rng.standard_normal(HIDDEN) / np.sqrt(HIDDEN)).astype(np.float32),
              np.zeros(1, np.float32)]
    first = [np.zeros_like(p) for p in params]
    second = [np.zeros_like(p) for p in params]
    steps = epochs * -(-len(x) // FIT_BATCH)
    step = 0
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), FIT_BATCH):
            batch = order[start:start + FIT_BATCH]
            hidden, hidden_bias, out, out_bias = params
            units = np.maximum(x[batch] @ hidden + hidden_bias, 0.0)
            p = 1.0 / (1.0 + np.exp(-np.clip(units @ out + out_bias[0], -30, 30)))
            error = weight[batch] * (p - y[batch]).astype(np.float32) / len(batch)
            back = np.outer(error, out) * (units > 0)
            grads = [x[batch].T @ back + DECAY * hidden, back.sum(axis=0),
                     units.T @ error + DECAY * out, np.array([error.sum()], np.float32)]
            step += 1
            rate = FIT_RATE * 0.5 * (1 + np.cos(np.pi * step / steps))
            for p_, g, m, v in zip(params, grads, first, second):
                m *= 0.9
                m += 0.1 * g
                v *= 0.999
                v += 0.001 * g * g
                p_ -= rate * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    hidden, hidden_bias, out, out_bias = params
    return (hidden.astype(np.float64), hidden_bias.astype(np.float64), out.astype(np.float64),
            float(out_bias[0]))


def _folded(fitted: tuple[np.ndarray, np.ndarray, np.ndarray, float], mean: np.ndarray,
            scale: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """A two-layer fit on inputs standardised by `mean` and `scale`, folded back into its
    hidden layer so that it reads raw gate inputs."""
    hidden, hidden_bias, weights, bias = fitted
    return hidden / scale[:, None], hidden_bias - (mean / scale) @ hidden, weights, bias


def fit_gate(digits: np.ndarray, non_digits: np.ndarray, kinds: np.ndarray,
             validation: np.ndarray,
             candidates: dict[str, tuple[np.ndarray, np.ndarray]] | None = None) -> Gate:
    """A gate from gate_inputs of digits the model learnt from, of non-digits (`kinds`: the
    index in KINDS of each) and of real digits no model trained on (which set its level);
    with `candidates` (for "strokes", and "pictures": gate_inputs of the number reader's
    candidates, and whether each is one whole digit), its whole-digit networks too."""
    x = np.concatenate([digits, non_digits]).astype(np.float64)
    y = np.concatenate([np.zeros(len(digits)), np.ones(len(non_digits))])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-3

    def standard(a: np.ndarray) -> np.ndarray:
        return np.column_stack([(a - mean) / scale, np.ones(len(a))])

    def unstandard(beta: np.ndarray) -> tuple[np.ndarray, float]:
        weights = beta[:-1] / scale  # folded back: the gate reads raw inputs
        return weights, float(beta[-1] - mean @ weights)

    balance = np.where(y == 1, len(y) / (2 * len(non_digits)), len(y) / (2 * len(digits)))
    hidden, hidden_bias, weights, bias = _folded(_two_layer((x - mean) / scale, y, balance),
                                                 mean, scale)
    # Which kind: one against the rest for each, read together as a softmax.
    kind_rows = [unstandard(_logistic(standard(non_digits), (kinds == k).astype(float),
                                      np.ones(len(kinds)))) for k in range(len(KINDS))]
    fits = {kind: _whole_digit_fit(*rows) for kind, rows in (candidates or {}).items()}
    gate = Gate(weights, bias, 0.0, np.stack([w for w, _ in kind_rows]),
                np.array([b for _, b in kind_rows]), fits.get("strokes"), fits.get("pictures"),
                hidden, hidden_bias)
    return dataclasses.replace(gate, level=float(np.quantile(gate.score(validation), KEEP)))


def _whole_digit_fit(rows: np.ndarray, whole: np.ndarray) -> WholeDigitFit | None:
    """The whole-digit network on candidates' gate inputs (None unless both kinds are
    there)."""
    if not 0 < whole.sum() < len(whole):
        return None
    rows = rows.astype(np.float64)
    centre, spread = rows.mean(axis=0), rows.std(axis=0) + 1e-3
    hidden, hidden_bias, weights, bias = _folded(_two_layer(
        (rows - centre) / spread, whole.astype(float), np.ones(len(rows)), WHOLE_EPOCHS),
        centre, spread)
    return WholeDigitFit(weights, bias, hidden, hidden_bias)


def fit_for_model(model, learnt: np.ndarray,
                  validation: np.ndarray) -> tuple[Gate | None, np.ndarray | None]:
    """(The gate of a Keras `model` from network inputs of digits it learnt from and of the
    validation writers' digits, the network's own output on those as drawn, read on the way);
    (None, None) for a network NumPy cannot run (it falls back to the threshold)."""
    from model.reading.forward import UnsupportedLayer, numpy_forward

    try:
        numpy_forward(model)  # the app must be able to compute the gate's inputs
    except UnsupportedLayer:
        return None, None
    non_digits, kinds = fitting_non_digits()
    # As many of each kind as a quarter of the digits, at least MIN_NON_DIGITS: a quick
    # demonstration run (or a test's) is not held up by a full set.
    each = int(np.clip(len(learnt) // len(KINDS), MIN_NON_DIGITS, FIT_NON_DIGITS))
    keep = np.concatenate([np.flatnonzero(kinds == k)[:each] for k in range(len(KINDS))])
    non_digits, kinds = non_digits[keep], kinds[keep]
    shape = tuple(model.input_shape[1:])
    kinds_of_ink = list(WHOLE_DIGITS_BUNDLES)  # the drawings' candidates, the pictures'
    fitting = [fitting_whole_digits(kind) for kind in kinds_of_ink]
    (digits, _), (others, _), (held, drawn), *read = keras_gate_inputs(
        model, learnt, non_digits.reshape(-1, *shape), validation,
        *(pieces.reshape(-1, *shape) for pieces, _ in fitting))
    candidates = {kind: (rows, whole) for kind, (rows, _), (_, whole)
                  in zip(kinds_of_ink, read, fitting)}
    return fit_gate(digits, others, kinds, held, candidates), drawn


@functools.lru_cache(maxsize=1)
def fitting_non_digits() -> tuple[np.ndarray, np.ndarray]:
    """The generated non-digits gates are fitted on: ((N, 28, 28) images in [0, 1], kind
    index). Read from the app's bundle (`make non-digits`): drawing all 10,000 takes ~13 s, which
    a person waiting for "Learn from my digits" should not pay. Drawn afresh when the bundle is
    missing or is not what the generator makes (its seed or size differ)."""
    try:
        with np.load(NON_DIGITS_BUNDLE) as bundle:
            images, kinds = bundle["images"], bundle["kinds"]
            seed = int(bundle["seed"])
        if seed == FIT_SEED and images.dtype == np.uint8 and \
                images.shape == (FIT_NON_DIGITS * len(KINDS), 28, 28) and \
                np.array_equal(kinds, np.repeat(np.arange(len(KINDS)), FIT_NON_DIGITS)):
            return images.astype(np.float32) / 255, kinds.astype(np.int64)
    except (OSError, KeyError, ValueError, TypeError):
        pass
    return draw_non_digits()


@functools.lru_cache(maxsize=len(WHOLE_DIGITS_BUNDLES))
def fitting_whole_digits(kind: str = "strokes") -> tuple[np.ndarray, np.ndarray]:
    """The WHOLE_FIT number reader's candidates whole-digit fits are fitted on, of drawings
    ("strokes") or of pictures ("pictures"): ((N, 28, 28) images in [0, 1], 1 for one whole
    digit), read from the app's bundle (`make whole-digits`), drawn afresh (~1.5 min) when it
    is missing or not from WHOLE_SEED."""
    try:
        with np.load(WHOLE_DIGITS_BUNDLES[kind]) as bundle:
            images, whole, seed = bundle["images"], bundle["whole"], int(bundle["seed"])
        if seed == WHOLE_SEED and images.dtype == np.uint8 and images.ndim == 3 and \
                images.shape[1:] == (28, 28) and whole.shape == (len(images),):
            # Only what a fit reads is kept (the bundle is in random order): 19 MB, not 70.
            return images[:WHOLE_FIT].astype(np.float32) / 255, \
                whole[:WHOLE_FIT].astype(np.int64)
    except (OSError, KeyError, ValueError, TypeError):
        pass
    images, whole = draw_whole_digits(kind)
    return images[:WHOLE_FIT], whole[:WHOLE_FIT]


def draw_whole_digits(kind: str) -> tuple[np.ndarray, np.ndarray]:
    """The number reader's candidates in numbers (and lone digits) of the training writers,
    drawn on the canvas ("strokes") or written on clean paper and read as a picture is
    ("pictures")."""
    from model.learning.pen_data import training_digits
    from model.learning.pen_numbers import picture_whole_digit_examples, whole_digit_examples

    if kind == "pictures":
        return picture_whole_digit_examples(training_digits(), WHOLE_PICTURE_PER_LAYOUT,
                                            WHOLE_SEED)
    return whole_digit_examples(training_digits(), WHOLE_PER_LAYOUT, WHOLE_LONE, WHOLE_SEED)


def save_whole_digits(kind: str, path: str | os.PathLike) -> int:
    """Draw the fitting candidates of `kind` and bundle them (as 8-bit images) at `path`;
    how many."""
    images, whole = draw_whole_digits(kind)
    return _bundle(path, images, WHOLE_SEED, whole=whole)


def _bundle(path: str | os.PathLike, images: np.ndarray, seed: int, **labels) -> int:
    """Images in [0, 1] saved atomically as 8-bit, with their (8-bit) labels and seed."""
    from model.keeping.files import atomic_write

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as out:
            np.savez_compressed(out, images=np.round(images * 255).astype(np.uint8), seed=seed,
                                **{k: v.astype(np.uint8) for k, v in labels.items()})

    atomic_write(Path(path), write)
    return len(images)


def draw_non_digits(count: int = FIT_NON_DIGITS) -> tuple[np.ndarray, np.ndarray]:
    """`count` generated non-digits of each kind, rendered as the canvas renders a drawing."""
    from model.learning.non_digits import KINDS as GENERATED
    from model.learning.non_digits import non_digits
    from model.reading.preprocess import render_strokes, to_mnist

    images, kinds = [], []
    for k, kind in enumerate(GENERATED):
        for strokes in non_digits(kind, count, FIT_SEED + k):
            images.append(to_mnist(render_strokes(strokes)))
            kinds.append(k)
    return np.stack(images).astype(np.float32), np.array(kinds)


def save_non_digits(path: str | os.PathLike = NON_DIGITS_BUNDLE) -> int:
    """Draw the fitting non-digits and bundle them (as 8-bit images) at `path`; how many."""
    images, kinds = draw_non_digits()
    return _bundle(path, images, FIT_SEED, kinds=kinds)


@dataclass(frozen=True)
class Refusal:
    """A model's whole "not a digit" decision: its gate, or the top-probability threshold of
    models without one (model.reading.confidence)."""

    gate: Gate | None = None
    refuse_below: float = 0.0

    @classmethod
    def of(cls, metadata: dict | None) -> Refusal:
        below = (metadata or {}).get("refuse_below")
        return cls(Gate.from_metadata(metadata),
                   float(below) if isinstance(below, (int, float)) and
                   not isinstance(below, bool) and 0 <= below < 1 else 0.0)

    def reasons(self, probabilities: np.ndarray,
                inputs: Callable[[], np.ndarray | None], leeway: float = 0.0) -> list[str]:
        """For each drawing: "" for a digit, else why not. `inputs()` gives the drawings'
        gate_inputs (None when the network cannot give them: then the threshold decides)."""
        probabilities = np.asarray(probabilities).reshape(-1, 10)
        if self.gate is not None:
            x = inputs()
            if x is not None and x.shape[1:] == (self.gate.inputs,):
                return self.gate.reasons(x, leeway)
        low = below_threshold(probabilities, self.refuse_below)
        return [THRESHOLD if r else "" for r in low]
