"""When to say "that doesn't look like a digit".

A network trained on digits gives every drawing some digit, often confidently. DigitPad refuses
a drawing whose top probability falls below the level that still keeps 99 % of real digits:
the 1st percentile of the model's top probability on MNIST images it was not trained on (the
first half of the test set; false refusals are reported on the second half). The threshold is
stored in the model's sidecar as `refuse_below`.
"""

from __future__ import annotations

import numpy as np

KEEP_DIGITS = 0.99  # share of real digits the threshold keeps


def refusal_threshold(probabilities: np.ndarray) -> float:
    """The top probability under which a drawing is refused, from held-out digits."""
    return float(np.quantile(np.asarray(probabilities).max(axis=1), 1 - KEEP_DIGITS))


def refused(probabilities: np.ndarray, threshold: float | None) -> np.ndarray | bool:
    """Whether each row of probabilities (or one) is "not a digit"."""
    if not threshold:
        return np.zeros(len(probabilities), bool) if np.ndim(probabilities) == 2 else False
    return np.asarray(probabilities).max(axis=-1) < threshold
