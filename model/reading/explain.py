"""Why the model said 4: which parts of the 28×28 input pushed it toward its answer, and what
would have to change for another answer. Qt-free; any model the predictor runs.

Occlusion sensitivity, not gradients: it needs only forward passes (the NumPy path, no
TensorFlow), works for any network, and its numbers mean something a student can check: "hide
this 4×4 patch and the model is this much less sure". Sureness is measured in log-odds, not
probability: a model 99.99 % sure barely moves in probability when a patch is hidden, while
its odds fall tenfold.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

PredictMany = Callable[[np.ndarray], np.ndarray]  # (N, 28, 28) → (N, 10)
PATCH, STRIDE = 4, 2  # 13 × 13 patch positions: one batched pass of 169 images


def _positions() -> list[tuple[int, int]]:
    return [(y, x) for y in range(0, 28 - PATCH + 1, STRIDE)
            for x in range(0, 28 - PATCH + 1, STRIDE)]


def log_odds(probabilities: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(probabilities, dtype=np.float64), 1e-12, 1 - 1e-12)
    return np.log(p) - np.log1p(-p)


def _spread(effects: np.ndarray) -> np.ndarray:
    """Average each patch's effect over the pixels it covered."""
    total, count = np.zeros((28, 28)), np.zeros((28, 28))
    for (y, x), effect in zip(_positions(), effects):
        total[y:y + PATCH, x:x + PATCH] += effect
        count[y:y + PATCH, x:x + PATCH] += 1
    return total / np.maximum(count, 1)


def evidence(predict_many: PredictMany, tensor: np.ndarray, digit: int) -> np.ndarray:
    """(28, 28) map: how much less sure of `digit` (in log-odds) the model is when each area
    is hidden. Positive: that ink pushed it toward `digit`; negative: it pushed against."""
    tensor = np.asarray(tensor, dtype=np.float32)
    base = log_odds(predict_many(tensor[None])[0, digit])
    hidden = np.repeat(tensor[None], len(_positions()), axis=0)
    for i, (y, x) in enumerate(_positions()):
        hidden[i, y:y + PATCH, x:x + PATCH] = 0.0
    return _spread(base - log_odds(predict_many(hidden)[:, digit]))


def what_would_make(predict_many: PredictMany, tensor: np.ndarray,
                    target: int) -> tuple[np.ndarray, np.ndarray]:
    """(add, remove): (28, 28) maps of how much surer of `target` (in log-odds) the model
    becomes when ink is added at (or removed from) each area. Both ≥ 0; one batched pass of
    338 images."""
    tensor = np.asarray(tensor, dtype=np.float32)
    base = log_odds(predict_many(tensor[None])[0, target])
    n = len(_positions())
    changed = np.repeat(tensor[None], 2 * n, axis=0)
    stroke = np.full((PATCH, PATCH), 1.0, np.float32)
    stroke[[0, 0, -1, -1], [0, -1, 0, -1]] = 0.5  # a round-ish blob of ink, like a pen's
    for i, (y, x) in enumerate(_positions()):
        area = (slice(y, y + PATCH), slice(x, x + PATCH))
        changed[i][area] = np.maximum(changed[i][area], stroke)
        changed[n + i][area] = 0.0
    gain = log_odds(predict_many(changed)[:, target]) - base
    return _spread(np.maximum(gain[:n], 0)), _spread(np.maximum(gain[n:], 0))


# ---- "looks like these": the nearest MNIST training digits ----------------------------------

def feature_index(features_of: Callable[[np.ndarray], np.ndarray], images: np.ndarray,
                  chunk: int = 2000, cancel=None) -> np.ndarray:
    """Unit-length features of every image (rows), for cosine nearest neighbours."""
    parts = []
    for start in range(0, len(images), chunk):
        if cancel is not None and cancel.cancelled:
            raise InterruptedError("stopped")
        features = features_of(np.asarray(images[start:start + chunk], np.float32) / 255)
        parts.append(features / np.maximum(np.linalg.norm(features, axis=1, keepdims=True),
                                           1e-9))
    return np.concatenate(parts).astype(np.float32)


def nearest(index: np.ndarray, features: np.ndarray, k: int = 5) -> np.ndarray:
    """Indices of the k rows of `index` closest (cosine) to one feature vector."""
    query = np.asarray(features, np.float32).ravel()
    similarity = index @ (query / max(float(np.linalg.norm(query)), 1e-9))
    best = np.argpartition(-similarity, k)[:k]
    return best[np.argsort(-similarity[best])]
