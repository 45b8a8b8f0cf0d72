"""Drawings that are not digits, as strokes: scribbles, shapes and letters (a test aid for
"that doesn't look like a digit")."""

from __future__ import annotations

import numpy as np

from model.forms import arc, perturb, polyline

LETTERS = {
    "A": [polyline((0, 1), (0.5, 0), (1, 1)), polyline((0.25, 0.55), (0.75, 0.55))],
    "E": [polyline((1, 0), (0, 0), (0, 1), (1, 1)), polyline((0, 0.5), (0.7, 0.5))],
    "K": [polyline((0, 0), (0, 1)), polyline((1, 0), (0, 0.55), (1, 1))],
    "M": [polyline((0, 1), (0, 0), (0.5, 0.6), (1, 0), (1, 1))],
    "W": [polyline((0, 0), (0.25, 1), (0.5, 0.4), (0.75, 1), (1, 0))],
    "X": [polyline((0, 0), (1, 1)), polyline((1, 0), (0, 1))],
    "H": [polyline((0, 0), (0, 1)), polyline((1, 0), (1, 1)), polyline((0, 0.5), (1, 0.5))],
    "R": [polyline((0, 1), (0, 0), (0.7, 0), (0.8, 0.25), (0.7, 0.5), (0, 0.5), (0.8, 1))],
}
SHAPES = [
    [polyline((0, 0), (1, 0), (1, 1), (0, 1), (0, 0))],  # a square
    [polyline((0.5, 0), (1, 1), (0, 1), (0.5, 0))],  # a triangle
    [arc(0.5, 0.5, 0.5, 0.5, 0, 360), polyline((0, 0.5), (1, 0.5))],  # a crossed circle
    [polyline((0, 0.3), (1, 0.3)), polyline((0, 0.7), (1, 0.7)),
     polyline((0.3, 0), (0.3, 1)), polyline((0.7, 0), (0.7, 1))],  # a hash
]


def non_digits(kind: str, count: int, seed: int) -> list[list[np.ndarray]]:
    """`count` drawings of one kind ("scribbles", "shapes", "letters"), in a unit box."""
    rng = np.random.default_rng(seed)
    drawings = []
    for _ in range(count):
        if kind == "scribbles":
            strokes = [np.cumsum(rng.normal(0, 0.08, (int(rng.integers(20, 60)), 2)), axis=0)]
        elif kind == "shapes":
            strokes = SHAPES[int(rng.integers(len(SHAPES)))]
        else:
            strokes = list(LETTERS.values())[int(rng.integers(len(LETTERS)))]
        drawings.append(perturb(strokes, rng))
    return drawings
