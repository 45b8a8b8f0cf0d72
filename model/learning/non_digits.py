"""Drawings that are not digits, generated as pen strokes: letters, shapes, scribbles and
crossed-out digits.

They teach and check "that's not a digit" (model.reading.outliers): the decision is fitted on one
seed of these and on real digits of writers no model trained on, and reported on other seeds and on
letters from another source (the tests draw Hershey's vector fonts). Letters are the 22 that
look like no digit; each is built from strokes in a unit box (x right, y down) with random
proportions, then varied like a person's digits (`forms.perturb`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from model.learning.forms import FORMS, Strokes, arc, curve, perturb, polyline

KINDS = ("letters", "shapes", "scribbles", "crossed-out")


def _u(r: np.random.Generator, a: float, b: float) -> float:
    return float(r.uniform(a, b))


# ---- letters --------------------------------------------------------------------------------

def _upper_a(r):
    bar = _u(r, 0.5, 0.7)
    return [polyline((0, 1), (0.5, 0), (1, 1)), polyline((0.5 * bar, bar), (1 - 0.5 * bar, bar))]


def _upper_e(r):
    middle = _u(r, 0.45, 0.55)
    return [polyline((0.9, 0), (0, 0), (0, 1), (0.9, 1)), polyline((0, middle), (_u(r, .5, .8),
                                                                            middle))]


def _upper_f(r):
    middle = _u(r, 0.4, 0.55)
    return [polyline((0.9, 0), (0, 0), (0, 1)), polyline((0, middle), (_u(r, 0.5, 0.75), middle))]


def _upper_h(r):
    middle = _u(r, 0.4, 0.6)
    return [polyline((0, 0), (0, 1)), polyline((1, 0), (1, 1)), polyline((0, middle),
                                                                          (1, middle))]


def _upper_k(r):
    joint = _u(r, 0.4, 0.6)
    return [polyline((0, 0), (0, 1)), polyline((0.9, 0), (0, joint), (0.9, 1))]


def _upper_m(r):
    dip = _u(r, 0.4, 0.8)
    return [polyline((0, 1), (0.05, 0), (0.5, dip), (0.95, 0), (1, 1))]


def _upper_n(r):
    return [polyline((0, 1), (0, 0), (1, 1), (1, 0))]


def _upper_p(r):
    bowl = _u(r, 0.4, 0.6)
    return [polyline((0, 1), (0, 0)), join_arc((0, 0), (0, bowl), _u(r, 0.7, 1.0))]


def _upper_r(r):
    bowl = _u(r, 0.4, 0.55)
    return [polyline((0, 1), (0, 0)), join_arc((0, 0), (0, bowl), _u(r, 0.7, 0.9)),
            polyline((0.2, bowl), (0.9, 1))]


def _upper_v(r):
    return [polyline((0, 0), (0.5, 1), (1, 0))]


def _upper_w(r):
    middle = _u(r, 0.3, 0.6)
    return [polyline((0, 0), (0.25, 1), (0.5, middle), (0.75, 1), (1, 0))]


def _upper_x(r):
    return [polyline((0, 0), (1, 1)), polyline((1, 0), (0, 1))]


def _upper_y(r):
    fork = _u(r, 0.4, 0.55)
    return [polyline((0, 0), (0.5, fork)), polyline((1, 0), (0.5, fork), (0.5, 1))]


def join_arc(top, bottom, reach: float) -> np.ndarray:
    """A bowl from `top` out to the right by `reach` and back to `bottom` (P, R, lower b…)."""
    (x0, y0), (_, y1) = top, bottom
    return curve((x0, y0), (x0 + reach * 1.3, y0), (x0 + reach * 1.3, y1), (x0, y1))


def _lower_a(r):
    return [arc(0.5, 0.6, 0.42, 0.38, -20, -360), polyline((0.92, 0.3), (0.92, 1.0))]


def _lower_e(r):
    return [np.concatenate([polyline((0.05, 0.55), (0.95, 0.55)),
                            arc(0.5, 0.55, 0.45, 0.45, 0, -_u(r, 290, 320))])]


def _lower_h(r):
    shoulder = _u(r, 0.45, 0.6)
    return [np.concatenate([polyline((0.1, 0), (0.1, 1)),
                            curve((0.1, 0.8), (0.2, shoulder - 0.2), (0.9, shoulder - 0.2),
                                  (0.9, 1))])]


def _lower_k(r):
    joint = _u(r, 0.6, 0.75)
    return [polyline((0.1, 0), (0.1, 1)), polyline((0.85, 0.4), (0.1, joint), (0.9, 1))]


def _lower_m(r):
    return [np.concatenate([polyline((0, 1), (0, 0.1)),
                            curve((0, 0.3), (0.1, -0.05), (0.5, -0.05), (0.5, 1)),
                            curve((0.5, 0.3), (0.6, -0.05), (1, -0.05), (1, 1))])]


def _lower_n(r):
    return [np.concatenate([polyline((0.1, 1), (0.1, 0.05)),
                            curve((0.1, 0.3), (0.2, -0.1), (0.9, -0.1), (0.9, 1))])]


def _lower_r(r):
    return [np.concatenate([polyline((0.2, 1), (0.2, 0)),
                            curve((0.2, 0.35), (0.35, -0.05), (0.7, -0.05), (0.9, 0.15))])]


def _lower_w(r):
    return [np.concatenate([curve((0, 0), (0, 1.2), (0.5, 1.2), (0.5, 0.3)),
                            curve((0.5, 0.3), (0.5, 1.2), (1, 1.2), (1, 0))])]


def _lower_x(r):
    lean = _u(r, -0.1, 0.1)
    return [polyline((0 + lean, 0), (1 - lean, 1)), polyline((1, 0), (0, 1))]


LETTERS: dict[str, Callable[[np.random.Generator], Strokes]] = {
    "A": _upper_a, "E": _upper_e, "F": _upper_f, "H": _upper_h, "K": _upper_k, "M": _upper_m,
    "N": _upper_n, "P": _upper_p, "R": _upper_r, "V": _upper_v, "W": _upper_w, "X": _upper_x,
    "Y": _upper_y, "a": _lower_a, "e": _lower_e, "h": _lower_h, "k": _lower_k, "m": _lower_m,
    "n": _lower_n, "r": _lower_r, "w": _lower_w, "x": _lower_x,
}


# ---- shapes, scribbles, crossed-out digits --------------------------------------------------

def _star(r):
    turn = _u(r, 0, 72)
    corners = [(0.5 + 0.5 * np.cos(np.radians(turn + 144 * i - 90)),
                0.5 + 0.5 * np.sin(np.radians(turn + 144 * i - 90))) for i in range(6)]
    return [polyline(*corners)]


def _spiral(r):
    t = np.linspace(0, _u(r, 2.5, 4) * 2 * np.pi, 160)
    radius = 0.5 * t / t[-1]
    return [np.stack([0.5 + radius * np.cos(t), 0.5 + radius * np.sin(t)], axis=1)]


def _zigzag(r):
    teeth = int(r.integers(4, 9))
    return [polyline(*[(i / teeth, float(i % 2)) for i in range(teeth + 1)])]


def _wave(r):
    t = np.linspace(0, 1, 80)
    return [np.stack([t, 0.5 + 0.5 * np.sin(2 * np.pi * _u(r, 1.5, 3) * t)], axis=1)]


SHAPES: tuple[Callable[[np.random.Generator], Strokes], ...] = (
    lambda r: [polyline((0, 0), (1, 0), (1, 1), (0, 1), (0, 0))],  # a square
    lambda r: [polyline((0.5, 0), (1, 1), (0, 1), (0.5, 0))],  # a triangle
    lambda r: [arc(0.5, 0.5, 0.5, 0.5, 0, 360), polyline((0, 0.5), (1, 0.5))],  # a crossed circle
    lambda r: [polyline((0, 0.3), (1, 0.3)), polyline((0, 0.7), (1, 0.7)),
               polyline((0.3, 0), (0.3, 1)), polyline((0.7, 0), (0.7, 1))],  # a hash
    lambda r: [polyline((0.5, 0), (0.5, 1)), polyline((0, 0.5), (1, 0.5))],  # a plus
    lambda r: [arc(0.5, 0.5, 0.5, 0.5, 0, 360), arc(0.5, 0.55, 0.25, 0.2, 20, 160),
               polyline((0.33, 0.3), (0.35, 0.35)), polyline((0.65, 0.3), (0.67, 0.35))],  # :)
    lambda r: [polyline((0, 0.5), (1, 0.5)), polyline((0.7, 0.2), (1, 0.5), (0.7, 0.8))],  # →
    _star, _spiral, _zigzag, _wave,
    lambda r: [polyline((0, 0.6), (0.35, 1), (1, 0))],  # a tick
    lambda r: [curve((0.5, 0.3), (0, -0.2), (-0.1, 0.6), (0.5, 1)),
               curve((0.5, 0.3), (1, -0.2), (1.1, 0.6), (0.5, 1))],  # a heart
)


def _scribble(r: np.random.Generator) -> Strokes:
    if r.random() < 0.5:  # a wandering line
        return [np.cumsum(r.normal(0, 0.08, (int(r.integers(20, 60)), 2)), axis=0)]
    # a tangle of loops
    t = np.linspace(0, 1, 200)
    loops = [_u(r, 2, 7) for _ in range(4)]
    x = np.sin(2 * np.pi * loops[0] * t) + 0.6 * np.sin(2 * np.pi * loops[1] * t + 1)
    y = np.cos(2 * np.pi * loops[2] * t) + 0.6 * np.cos(2 * np.pi * loops[3] * t + 2)
    return [np.stack([x, y], axis=1)]


def _crossed_out(r: np.random.Generator) -> Strokes:
    digit = FORMS[int(r.integers(len(FORMS)))].build(r)
    if r.random() < 0.5:  # struck through with a zigzag across the middle
        teeth = int(r.integers(3, 7))
        height = _u(r, 0.3, 0.6)
        strike = polyline(*[(i / teeth * 1.1 - 0.05, 0.5 + height * (i % 2 - 0.5))
                            for i in range(teeth + 1)])
        return [*digit, strike]
    return [*digit, *_upper_x(r)]  # crossed with an X


def joined_up(strokes: Strokes, r: np.random.Generator) -> Strokes:
    """A letter as joined-up writing has it: a lead-in from the line below, a tail out to the
    right (either or both), run into the letter's first and last strokes."""
    strokes = [np.asarray(s, float) for s in strokes]
    first, last = strokes[0], strokes[-1]
    if r.random() < 0.7:
        start = first[0]
        lead = curve((start[0] - _u(r, 0.2, 0.4), 1.0), (start[0] - 0.1, _u(r, 0.6, 1.0)),
                     (start[0] - 0.05, start[1] + 0.2), start)
        first = np.concatenate([lead, first])
    if r.random() < 0.7:
        end = first[-1] if len(strokes) == 1 else last[-1]
        tail = curve(end, (end[0] + 0.1, min(1.0, end[1] + 0.2)),
                     (end[0] + 0.25, 1.0), (end[0] + _u(r, 0.3, 0.5), _u(r, 0.5, 0.8)))
        if len(strokes) == 1:
            first = np.concatenate([first, tail])
        else:
            last = np.concatenate([last, tail])
    return [first, *strokes[1:-1], last] if len(strokes) > 1 else [first]


def non_digits(kind: str, count: int, seed: int) -> list[Strokes]:
    """`count` drawings of one kind (see KINDS), varied like real writing: about a unit wide
    and tall, centred on (0, 0) as forms.perturb leaves them."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of non-digit {kind!r}; choose one of {', '.join(KINDS)}")
    rng = np.random.default_rng(seed)
    letters = list(LETTERS.values())
    drawings = []
    for i in range(count):
        if kind == "letters":
            strokes = letters[i % len(letters)](rng)
            if rng.random() < 0.4:
                strokes = joined_up(strokes, rng)
        elif kind == "shapes":
            strokes = SHAPES[i % len(SHAPES)](rng)
        elif kind == "scribbles":
            strokes = _scribble(rng)
        else:
            strokes = _crossed_out(rng)
        drawings.append(perturb(strokes, rng))
    return drawings
