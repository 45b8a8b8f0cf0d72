"""Test-time views: a digit is read as drawn and turned a few degrees each way, and the answers
are combined.

A convnet trained with rotated digits still answers a little differently for each small turn
of the same digit; the geometric mean of a few such answers is steadier than any one of them
(test-time augmentation). Chosen on 5,000 MNIST training digits held out of two convnets'
training, confirmed on a third (docs/MODELS.md, "Each network"): ±3° cut their mistakes there by
a tenth to a quarter, for three forward passes instead of one (~0.8 ms more per digit here).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

# The turns, in degrees, besides the digit as drawn; what a convnet DigitPad trains is read with.
ROTATIONS: tuple[float, ...] = (-3.0, 3.0)


def views_of(metadata: dict | None) -> tuple[float, ...]:
    """The turns a model's sidecar asks for; () for a model without (read once, as drawn) or
    with values that make no sense (a turn of more than 45° is not a view of the same digit)."""
    turns = (metadata or {}).get("test_time_rotations")
    if not isinstance(turns, list) or len(turns) > 8:
        return ()
    if not all(isinstance(t, (int, float)) and not isinstance(t, bool) and abs(t) <= 45
               for t in turns):
        return ()
    return tuple(float(t) for t in turns)


def read_with_views(network: Callable[[np.ndarray], np.ndarray], images: np.ndarray,
                    rotations: Sequence[float]) -> np.ndarray:
    """(N, 10) probabilities for (N, 28, 28) images: `network` (probabilities for a batch of
    images) run once on the images and their turns, in one batch, the answers combined."""
    return combined(network(with_views(images, rotations)), 1 + len(rotations))


def with_views(images: np.ndarray, rotations: Sequence[float]) -> np.ndarray:
    """(N, 28, 28) images → (V·N, 28, 28): the images as they are, then each turn of them."""
    images = np.asarray(images, dtype=np.float32).reshape(-1, 28, 28)
    return np.concatenate([images, *(rotated(images, degrees) for degrees in rotations)])


def combined(probabilities: np.ndarray, n_views: int) -> np.ndarray:
    """(V·N, 10) probabilities, in the order `with_views` made → (N, 10): their geometric mean,
    normalised (a view that is sure it is *not* a 7 counts as much as one that is sure it is)."""
    if n_views == 1:
        return probabilities
    return geometric_mean(np.asarray(probabilities).reshape(n_views, -1, 10))


def geometric_mean(opinions: np.ndarray, weights: Sequence[float] | None = None) -> np.ndarray:
    """(K, …, 10) probabilities, K opinions of the same digits → (…, 10): their weighted
    geometric mean (equal weights unless given), normalised."""
    logs = np.log(np.clip(np.asarray(opinions, np.float64), 1e-12, None))
    log_mean = np.average(logs, axis=0, weights=weights)
    mean = np.exp(log_mean - log_mean.max(axis=-1, keepdims=True))
    return mean / mean.sum(axis=-1, keepdims=True)


def rotated(images: np.ndarray, degrees: float) -> np.ndarray:
    """(N, 28, 28) images turned `degrees` anticlockwise about their centre, bilinear, with
    blank paper coming in at the corners."""
    (y0, x0, wy, wx) = _sampling_grid(float(degrees))
    padded = np.pad(images, ((0, 0), (1, 2), (1, 2)))  # out-of-range samples read 0 (paper)
    top = padded[:, y0, x0] * (1 - wx) + padded[:, y0, x0 + 1] * wx
    bottom = padded[:, y0 + 1, x0] * (1 - wx) + padded[:, y0 + 1, x0 + 1] * wx
    return (top * (1 - wy) + bottom * wy).astype(np.float32)


@lru_cache(maxsize=16)
def _sampling_grid(degrees: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For each output pixel, the source pixel above-left of where it comes from (in the
    padded image) and the bilinear weights; computed once per angle."""
    angle = np.deg2rad(degrees)
    centre = 13.5
    rows, cols = np.mgrid[0:28, 0:28].astype(np.float64)
    dy, dx = rows - centre, cols - centre
    # Inverse mapping: where in the source each output pixel lies (image rows point down, so
    # an anticlockwise turn on screen is a clockwise one in these coordinates).
    source_x = np.cos(angle) * dx - np.sin(angle) * dy + centre
    source_y = np.sin(angle) * dx + np.cos(angle) * dy + centre
    source_x = np.clip(source_x, -1, 28)  # one step into the padding at most
    source_y = np.clip(source_y, -1, 28)
    x0, y0 = np.floor(source_x), np.floor(source_y)
    wx, wy = (source_x - x0).astype(np.float32), (source_y - y0).astype(np.float32)
    return y0.astype(np.intp) + 1, x0.astype(np.intp) + 1, wy, wx
