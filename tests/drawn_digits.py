"""Digits drawn as strokes, the way a person draws them with a mouse: MNIST has no strokes.

Each template is a list of strokes in a unit box (x right, y down). `variants` turns each into
several styles: sizes, positions, slants and point spacings, for replaying through the canvas.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def arc(cx, cy, rx, ry, start_deg, end_deg, n=40):
    t = np.radians(np.linspace(start_deg, end_deg, n))
    return np.stack([cx + rx * np.cos(t), cy + ry * np.sin(t)], axis=1)


def line(*points, n=20):
    points = np.asarray(points, dtype=float)
    pieces = [np.linspace(a, b, n) for a, b in zip(points[:-1], points[1:])]
    return np.concatenate(pieces)


# Angles: 0° points right, 90° points down (screen coordinates).
TEMPLATES: dict[int, list[list[np.ndarray]]] = {
    0: [[arc(0.5, 0.5, 0.3, 0.45, -90, 275)],
        [arc(0.5, 0.5, 0.25, 0.45, -100, 265)]],
    1: [[line((0.5, 0.05), (0.5, 0.95))],
        [line((0.3, 0.25), (0.55, 0.05), (0.55, 0.95))]],
    2: [[np.concatenate([arc(0.5, 0.3, 0.28, 0.25, 200, 380), line((0.78, 0.3), (0.2, 0.95), (0.85, 0.95))])],
        [np.concatenate([arc(0.5, 0.3, 0.3, 0.25, 180, 360), arc(0.5, 0.62, 0.3, 0.33, 0, 90)[:1], line((0.8, 0.35), (0.2, 0.95), (0.85, 0.92))])]],
    3: [[np.concatenate([arc(0.48, 0.27, 0.28, 0.22, 200, 450), arc(0.48, 0.72, 0.3, 0.24, -90, 160)])],
        [np.concatenate([line((0.22, 0.05), (0.8, 0.05), (0.45, 0.42)), arc(0.48, 0.7, 0.3, 0.27, -90, 160)])]],
    4: [[line((0.6, 0.05), (0.15, 0.65), (0.85, 0.65)), line((0.65, 0.3), (0.65, 0.95))],
        [line((0.2, 0.05), (0.2, 0.55), (0.8, 0.55)), line((0.75, 0.05), (0.75, 0.95))]],
    5: [[np.concatenate([line((0.3, 0.05), (0.25, 0.45)), arc(0.48, 0.67, 0.3, 0.27, -120, 160)]), line((0.3, 0.05), (0.8, 0.05))],
        [np.concatenate([line((0.8, 0.05), (0.3, 0.05), (0.25, 0.45)), arc(0.48, 0.67, 0.3, 0.27, -120, 160)])]],
    6: [[np.concatenate([arc(0.75, 0.6, 0.55, 0.55, 235, 180), arc(0.5, 0.7, 0.3, 0.25, 180, 540)])],
        [np.concatenate([line((0.7, 0.05), (0.25, 0.6)), arc(0.5, 0.72, 0.27, 0.23, 200, 560)])]],
    7: [[line((0.15, 0.05), (0.85, 0.05), (0.4, 0.95))],
        [line((0.15, 0.08), (0.85, 0.08), (0.45, 0.95)), line((0.35, 0.5), (0.8, 0.5))]],
    8: [[np.concatenate([arc(0.5, 0.27, 0.25, 0.22, 90, 450), arc(0.5, 0.72, 0.3, 0.24, -90, 270)])],
        [np.concatenate([arc(0.5, 0.26, 0.22, 0.21, 60, 420), arc(0.5, 0.71, 0.28, 0.25, -90, 270)])]],
    9: [[np.concatenate([arc(0.5, 0.3, 0.28, 0.25, 0, 360), line((0.78, 0.3), (0.7, 0.95))])],
        [np.concatenate([arc(0.5, 0.28, 0.27, 0.23, -20, 340), line((0.76, 0.2), (0.76, 0.95))])]],
}


@dataclass(frozen=True)
class DrawnDigit:
    label: int
    style: str
    strokes: list[np.ndarray]  # canvas pixel coordinates


STYLES = {
    # name: (size as a share of the canvas, centre x, centre y, slant, point step)
    "large-centred": (0.8, 0.5, 0.5, 0.0, 1),
    "small-corner": (0.25, 0.22, 0.78, 0.0, 1),
    "medium-slanted": (0.55, 0.55, 0.45, 0.2, 1),
    "tall-backslant": (0.7, 0.45, 0.5, -0.15, 1),
    "fast-mouse": (0.6, 0.5, 0.5, 0.1, 4),  # few, far-apart points
}


def drawn_digits(canvas_width: int, canvas_height: int) -> list[DrawnDigit]:
    digits = []
    side = min(canvas_width, canvas_height)
    for label, templates in TEMPLATES.items():
        for variant, strokes in enumerate(templates):
            for style, (size, cx, cy, slant, step) in STYLES.items():
                placed = []
                for stroke in strokes:
                    unit = stroke[::step] if len(stroke[::step]) > 1 else stroke
                    x = (unit[:, 0] - 0.5) * 0.7 + slant * (0.5 - unit[:, 1])
                    y = unit[:, 1] - 0.5
                    placed.append(np.stack([cx * canvas_width + x * size * side,
                                            cy * canvas_height + y * size * side], axis=1))
                digits.append(DrawnDigit(label, f"{style}/{variant}", placed))
    return digits
