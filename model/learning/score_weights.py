"""The weights of the number reader's scores (model.reading.segment.DRAWING_SCORE and
PICTURE_SCORE), fitted.

Every candidate the reader weighs while reading the training writers' numbers, lone digits,
and generated letters, shapes and scribbles (model.learning.non_digits) with the bundled model
is labelled one whole written symbol or not, by which digit each point was written for (a
letter, a shape or a scribble is one symbol: read whole, the gate refuses it), and a logistic
regression on the features the reader computes (segment.SCORE_FEATURES) says how likely a
candidate is whole. Its log-odds, plus REWARD for each digit read, is what the reader's
dynamic programme adds up. A picture's candidates (ink regions, cut) are another kind: the
same is fitted on the training writers' numbers and lone digits written on clean paper
(pen_numbers.on_clean_paper), as the picture reader weighs them.
`python -m model.learning.score_weights` (`make score-weights`) prints the constants to paste
into segment.py (~8 minutes on two cores).
"""

from __future__ import annotations

import textwrap

import numpy as np

from model.learning.pen_numbers import (
    PHOTO_LAYOUTS,
    PenNumber,
    lone_number,
    on_clean_paper,
    pen_numbers,
    whole_of,
)

SEED = 77
PER_LAYOUT, LONE, NON_DIGITS = 200, 1500, 300  # numbers of each layout, lone digits, each kind
PICTURE_PER_LAYOUT, PICTURE_LONE = 250, 600  # on paper: numbers of each layout, lone digits
REWARD = 1.0  # for each digit read (on the validation writers' numbers: 0 → 83.8 %, 1 → 86.4 %)


def written(seed: int = SEED) -> list[PenNumber]:
    """What the weights are fitted on: the training writers' numbers and lone digits, and
    non-digits written as one symbol."""
    from model.learning.non_digits import non_digits
    from model.learning.pen_data import training_digits

    digits = training_digits()
    rng = np.random.default_rng(seed)
    out = pen_numbers(digits, PER_LAYOUT, seed)
    out += [lone_number(digits, int(i))
            for i in rng.choice(len(digits), size=LONE, replace=False)]
    for kind in ("letters", "shapes", "scribbles"):
        for strokes in non_digits(kind, NON_DIGITS, seed=seed):
            strokes = [np.asarray(s, np.float64) * 100 for s in strokes]
            out.append(PenNumber("", strokes, kind, "",  # no digit to read
                                 owners=tuple(np.zeros(len(s), int) for s in strokes)))
    return out


def weighed(numbers: list[PenNumber], predictor) -> tuple[np.ndarray, np.ndarray]:
    """(N, len(SCORE_FEATURES)) features of every candidate the reader weighs in `numbers`
    (read as the canvas reads them), and whether each is one whole symbol."""
    rows: list[np.ndarray] = []
    labels: list[bool] = []
    for number in numbers:
        _weigh(number, predictor, rows, labels)
    return np.array(rows, np.float64), np.array(labels, bool)


def _weigh(number: PenNumber, predictor, rows: list, labels: list) -> None:
    from model.reading.preprocess import render_strokes, to_mnist
    from model.reading.segment import DRAWING_SCORE, boxes_of_strokes, cut_strokes, read

    pieces, cut_from, in_number = cut_strokes(number.strokes)
    lines = [number.strokes[i][start:stop] for i, start, stop in pieces]
    whole = whole_of(number, pieces)

    def observe(group: tuple[int, ...], features: np.ndarray) -> None:
        rows.append(features)
        labels.append(whole(group))

    read(boxes_of_strokes(lines), lambda group: to_mnist(render_strokes([lines[p] for p in group])),
         predictor.predict_many, cut_from=cut_from, dots_are_marks=True,
         refuse=predictor.refusals, whole_digit=predictor.whole_digit, in_number=in_number,
         fitted_score=DRAWING_SCORE, observe=observe)


def photographed(seed: int = SEED) -> list[PenNumber]:
    """What the pictures' weights are fitted on: the training writers' numbers as the photos
    show them, and lone digits."""
    from model.learning.pen_data import training_digits

    digits = training_digits()
    rng = np.random.default_rng(seed)
    return pen_numbers(digits, PICTURE_PER_LAYOUT, seed, layouts=PHOTO_LAYOUTS) + [
        lone_number(digits, int(i))
        for i in rng.choice(len(digits), size=PICTURE_LONE, replace=False)]


def weighed_pictures(numbers: list[PenNumber], predictor,
                     seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """As `weighed`, for `numbers` written on clean paper and read as the picture reader
    reads them."""
    from model.reading.segment import read_regions

    rng = np.random.default_rng(seed)
    rows: list[np.ndarray] = []
    labels: list[bool] = []
    for number in numbers:
        paper = on_clean_paper(number, rng)
        if paper is None or not paper.boxes:
            continue

        def observe(group: tuple[int, ...], features: np.ndarray, paper=paper) -> None:
            rows.append(features)
            labels.append(paper.whole(group))

        read_regions(paper.clean, paper.regions, paper.boxes, paper.cut_from,
                     predictor.predict_many, predictor.refusals, predictor.picture_whole_digit,
                     observe=observe)
    return np.array(rows, np.float64), np.array(labels, bool)


def fit(rows: np.ndarray, whole: np.ndarray) -> tuple[np.ndarray, float]:
    """Weights and bias of the log-odds that a candidate is whole (standardised, ridge 1,
    folded back), the bias raised by REWARD."""
    from model.reading.outliers import _logistic

    # A feature that never varies (no picture is "in a number") is weighed 0.
    mean, scale = rows.mean(axis=0), rows.std(axis=0) + 1e-9
    beta = _logistic(np.column_stack([(rows - mean) / scale, np.ones(len(rows))]),
                     whole.astype(np.float64), np.ones(len(rows)))
    weights = beta[:-1] / scale
    return weights, float(beta[-1] - mean @ weights + REWARD)


def main() -> None:
    from model.keeping.paths import DEFAULT_MODEL
    from model.reading.loading import load_without_tensorflow

    predictor = load_without_tensorflow(DEFAULT_MODEL).predictor
    for name, (rows, whole) in (("DRAWING_SCORE", weighed(written(), predictor)),
                                ("PICTURE_SCORE", weighed_pictures(photographed(), predictor))):
        weights, bias = fit(rows, whole)
        numbers = ", ".join(f"{w:.4f}" for w in weights)
        print(f"{name} = FittedScore(\n" + textwrap.fill(
            f"({numbers}), {bias:.4f})", 100, initial_indent="    ", subsequent_indent="     "))


if __name__ == "__main__":
    main()
