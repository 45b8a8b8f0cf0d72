"""A deliberately odd hand: one person's idiosyncratic digits, as strokes.

Test data for learning from corrections: forms no training set teaches (a 0 with a slash, a 1
like a capital I, a 2 with a bar like a Ƶ, a 5 drawn as an S, a 7 with a curled foot, ...),
varied the way one person's writing varies. Strokes are in a unit box; `odd_digits` places
them on a canvas of the given size.
"""

from __future__ import annotations

import numpy as np

from model.learning.forms import arc, curve, join, perturb, polyline

ODD_FORMS = {
    0: lambda r: [arc(0.5, 0.5, 0.3, 0.45, -90, 275), polyline((0.85, 0.05), (0.15, 0.95))],
    1: lambda r: [polyline((0.25, 0.05), (0.75, 0.05)), polyline((0.5, 0.05), (0.5, 0.95)),
                  polyline((0.25, 0.95), (0.75, 0.95))],
    2: lambda r: [polyline((0.15, 0.08), (0.85, 0.08), (0.15, 0.92), (0.85, 0.92)),
                  polyline((0.28, 0.5), (0.72, 0.5))],
    3: lambda r: [join(arc(0.5, 0.27, 0.3, 0.22, 180, 450), arc(0.5, 0.72, 0.3, 0.24, -90, 180))],
    4: lambda r: [polyline((0.6, 0.05), (0.15, 0.6), (0.85, 0.6), (0.5, 0.95))],
    5: lambda r: [join(curve((0.85, 0.1), (0.6, -0.05), (0.1, 0.05), (0.3, 0.4)),
                       curve((0.3, 0.4), (0.95, 0.55), (0.9, 1.05), (0.15, 0.85)))],
    6: lambda r: [join(polyline((0.85, 0.05), (0.3, 0.1)),
                       curve((0.3, 0.1), (0.1, 0.4), (0.1, 0.95), (0.5, 0.95)),
                       arc(0.5, 0.72, 0.3, 0.23, 90, -270))],
    7: lambda r: [polyline((0.15, 0.06), (0.75, 0.06), (0.75, 0.95)),
                  polyline((0.5, 0.5), (0.95, 0.5))],
    8: lambda r: [join(arc(0.5, 0.3, 0.32, 0.25, 90, 450)), arc(0.5, 0.72, 0.18, 0.2, -90, 270)],
    9: lambda r: [join(arc(0.5, 0.25, 0.28, 0.2, 0, 360),
                       curve((0.78, 0.25), (0.8, 1.1), (0.1, 1.0), (0.15, 0.7)))],
}


def odd_digits(count_per_digit: int, seed: int, width: int, height: int) -> list[tuple[int, list]]:
    """(label, strokes in canvas pixels) for each digit, `count_per_digit` times."""
    rng = np.random.default_rng(seed)
    side = min(width, height) * 0.6
    digits = []
    for _ in range(count_per_digit):
        for label, build in ODD_FORMS.items():
            placed = []
            for stroke in perturb(build(rng), rng):
                xy = np.asarray(stroke) * side + (width / 2, height / 2)
                placed.append(xy)
            digits.append((label, placed))
    return digits
