"""Whole numbers drawn as strokes, the way people write them: digits of varied size, spacing
from touching to wide, a sloping or uneven baseline, two-stroke digits among them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.learning import forms
from tests.drawn_digits import TEMPLATES


@dataclass(frozen=True)
class DrawnNumber:
    text: str
    strokes: list[np.ndarray]  # canvas pixel coordinates
    spacing: float  # gap between digits, as a share of the digit height (negative: overlap)


def digit_strokes(digit: int, rng: np.random.Generator, style: str) -> list[np.ndarray]:
    """One digit's strokes in a unit box (x from 0.15 to 0.85 of the box for templates)."""
    if style == "templates":
        return [np.asarray(s) for s in TEMPLATES[digit][int(rng.integers(2))]]
    choices = [f for f in forms.FORMS if f.digit == digit]
    form = choices[int(rng.integers(len(choices)))]
    strokes = forms.keep_proportions(forms.perturb(form.build(rng), rng), digit)
    points = np.concatenate(strokes)
    low, high = points.min(axis=0), points.max(axis=0)
    scale = 1.0 / max(high[1] - low[1], 1e-9)
    # Into the templates' frame: height 0..1, centred at x = 0.5.
    return [np.column_stack([(s[:, 0] - (low[0] + high[0]) / 2) * scale + 0.5,
                             (s[:, 1] - low[1]) * scale]) for s in strokes]


def drawn_number(text: str, rng: np.random.Generator, width: int, height: int,
                 spacing: float | None = None, style: str = "templates") -> DrawnNumber:
    """`text` written left to right across a canvas of `width` × `height` pixels, from the
    drawn-digit templates or from the world's handwriting forms (style "forms")."""
    spacing = float(rng.uniform(-0.02, 0.6)) if spacing is None else spacing
    slope = float(rng.uniform(-0.12, 0.12))
    n = len(text)
    widths = [0.55 * rng.uniform(0.8, 1.15) for _ in text]  # in digit heights
    total = sum(widths) + spacing * (n - 1)
    size = min(height * 0.45, width * 0.9 / total)  # digit height in pixels
    x = (width - total * size) / 2
    strokes = []
    for char, w in zip(text, widths):
        template = digit_strokes(int(char), rng, style)
        scale = size * rng.uniform(0.85, 1.1)
        baseline = height / 2 + (x - width / 2) * slope + rng.normal(0, size * 0.04)
        for stroke in template:
            xs = x + (stroke[:, 0] - 0.15) / 0.7 * w * size
            ys = baseline + (stroke[:, 1] - 0.5) * scale
            strokes.append(np.stack([xs, ys], axis=1))
        x += (w + spacing) * size
    return DrawnNumber(text, strokes, spacing)


def numbers(count: int, seed: int, width: int, height: int,
            style: str = "templates") -> list[DrawnNumber]:
    rng = np.random.default_rng(seed)
    drawn = []
    for _ in range(count):
        length = int(rng.integers(2, 9))
        text = "".join(str(d) for d in rng.integers(0, 10, length))
        drawn.append(drawn_number(text, rng, width, height, style=style))
    return drawn
