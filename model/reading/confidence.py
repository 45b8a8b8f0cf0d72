"""Honest confidence: calibrated probabilities, and when to say "that doesn't look like a digit".

Calibration is temperature scaling (Guo et al., 2017): one number T divides the network's
log-probabilities before the softmax, chosen to minimise the log loss on digits the model was
not trained on: the validation writers' real pen digits (model.learning.pen_data), drawings like the
ones the app is shown. It changes no answer, only how sure each answer says it is. The expected
calibration error before → after is then reported on the test set, which fitted nothing.
T is stored in the sidecar as `temperature`. (Without validation digits, each half of the test
set is judged with a T fitted on the other half.)

A network trained on digits gives every drawing some digit, often confidently. A model without
a "not a digit" gate (model.reading.outliers) refuses a drawing whose calibrated top probability
falls below the level that still keeps 99 % of the validation digits, stored as `refuse_below`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from model.reading.outliers import Gate

KEEP_DIGITS = 0.99  # share of real digits the threshold keeps


def refusal_threshold(probabilities: np.ndarray) -> float:
    """The top probability under which a drawing is refused, from held-out digits."""
    return float(np.quantile(np.asarray(probabilities).max(axis=1), 1 - KEEP_DIGITS))


def refused(probabilities: np.ndarray, threshold: float | None) -> np.ndarray | bool:
    """Whether each row of probabilities (or one) is "not a digit"."""
    if not threshold:
        return np.zeros(len(probabilities), bool) if np.ndim(probabilities) == 2 else False
    return np.asarray(probabilities).max(axis=-1) < threshold


# A temperature outside this range is not a calibration but a broken sidecar: ignored.
TEMPERATURE_RANGE = (0.05, 20.0)
RELIABILITY_BINS = 10  # the diagram's bins of confidence; ECE uses the same bins


def temperature_of(metadata: dict) -> float:
    """The sidecar's temperature, or 1 (leave the probabilities alone) if absent or absurd."""
    value = metadata.get("temperature")
    low, high = TEMPERATURE_RANGE
    if isinstance(value, (int, float)) and not isinstance(value, bool) and low <= value <= high:
        return float(value)
    return 1.0


def with_temperature(probabilities: np.ndarray, temperature: float) -> np.ndarray:
    """softmax(log p / T): the same ranking, sharper (T < 1) or softer (T > 1)."""
    p = np.asarray(probabilities, dtype=np.float64)
    if temperature == 1.0:
        return p
    # Float32 softmax outputs can be exactly 0; a floor keeps the logarithm finite.
    scaled = np.log(np.clip(p, 1e-300, None)) / temperature
    scaled -= scaled.max(axis=-1, keepdims=True)
    e = np.exp(scaled)
    return e / e.sum(axis=-1, keepdims=True)


def margin(share: float, n: int, z: float = 1.96) -> float:
    """Half the width of the Wilson 95 % interval of a share measured on `n` trials (it stays
    honest near 100 %, where the normal approximation's shrinks to nothing)."""
    if n <= 0:
        return 0.0
    return z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / (1 + z * z / n)


def log_loss(probabilities: np.ndarray, labels: np.ndarray, floor: float = 1e-300) -> float:
    """Mean negative log probability of the right labels, each probability at least `floor`."""
    picked = np.asarray(probabilities)[np.arange(len(labels)), labels]
    return float(-np.mean(np.log(np.clip(picked, floor, 1.0))))


def fit_temperature(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """The temperature minimising the log loss of held-out `probabilities` for `labels`.

    The log loss is convex in 1/T, so a golden-section search over log T finds the minimum.
    """
    labels = np.asarray(labels)
    low, high = np.log(TEMPERATURE_RANGE)
    ratio = (np.sqrt(5) - 1) / 2

    def loss(log_t: float) -> float:
        return log_loss(with_temperature(probabilities, float(np.exp(log_t))), labels)

    a, b = low, high
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = loss(c), loss(d)
    while b - a > 1e-4:
        if fc < fd:
            b, d, fd = d, c, fc
            c = b - ratio * (b - a)
            fc = loss(c)
        else:
            a, c, fc = c, d, fd
            d = a + ratio * (b - a)
            fd = loss(d)
    return float(np.exp((a + b) / 2))


@dataclass(frozen=True)
class Reliability:
    """Per bin of top probability: how sure the model said it was, how often it was right."""

    confidence: np.ndarray  # (bins,) mean top probability (nan for an empty bin)
    accuracy: np.ndarray  # (bins,) share right (nan for an empty bin)
    count: np.ndarray  # (bins,) images

    @property
    def calibration_error(self) -> float:
        """Expected calibration error: the gap between the two, weighted by the images."""
        filled = self.count > 0
        weights = self.count[filled] / self.count.sum()
        return float(np.sum(weights * np.abs(self.accuracy[filled] - self.confidence[filled])))


def reliability(probabilities: np.ndarray, labels: np.ndarray,
                bins: int = RELIABILITY_BINS) -> Reliability:
    p = np.asarray(probabilities)
    top = p.max(axis=1)
    right = p.argmax(axis=1) == np.asarray(labels)
    which = np.minimum((top * bins).astype(int), bins - 1)
    count = np.bincount(which, minlength=bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        confidence = np.bincount(which, top, minlength=bins) / count
        accuracy = np.bincount(which, right.astype(float), minlength=bins) / count
    return Reliability(confidence, accuracy, count)


@dataclass(frozen=True)
class Calibration:
    """A model's calibration on held-out digits, and how much it helped."""

    temperature: float  # fitted on all the held-out digits: the one the app uses
    # Every digit judged by a temperature fitted on the other half of the held-out digits
    # (two-fold cross-fitting): an honest before → after that does not hang on one split.
    before: Reliability
    after: Reliability
    refuse_below: float  # from calibrated probabilities of digits nothing was fitted on
    fitted_on: str = "test halves"  # VALIDATION, or each half of the test set on the other
    gate: Gate | None = None  # the "not a digit" gate (model.reading.outliers), when one was fitted


VALIDATION = "validation writers"


def calibrate(probabilities: np.ndarray, labels: np.ndarray,
              fit: tuple[np.ndarray, np.ndarray] | None = None) -> Calibration:
    """Temperature, reliability before and after, and the refusal threshold, for test
    `probabilities` (the model's raw output) and their `labels`: fitted on `fit`, the raw
    probabilities and labels of validation digits, or cross-fitted on the test halves."""
    p, y = np.asarray(probabilities, dtype=np.float64), np.asarray(labels)
    if fit is not None and len(fit[1]):
        fit_p, fit_y = np.asarray(fit[0], dtype=np.float64), np.asarray(fit[1])
        temperature = fit_temperature(fit_p, fit_y)
        return Calibration(temperature, reliability(p, y),
                           reliability(with_temperature(p, temperature), y),
                           refusal_threshold(with_temperature(fit_p, temperature)), VALIDATION)
    half = len(y) // 2
    if half == 0:  # one digit cannot be split: nothing to fit
        return Calibration(1.0, reliability(p, y), reliability(p, y), refusal_threshold(p))
    first, second = slice(0, half), slice(half, None)
    judged = np.concatenate([with_temperature(p[judge], fit_temperature(p[fit], y[fit]))
                             for fit, judge in ((second, first), (first, second))])
    temperature = fit_temperature(p, y)
    return Calibration(
        temperature,
        reliability(p, y),
        reliability(judged, y),
        refusal_threshold(with_temperature(p[first], temperature)),
    )
