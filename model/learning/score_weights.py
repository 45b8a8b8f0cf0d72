"""The weights of the number reader's score (model.reading.segment.SCORE_WEIGHTS), fitted.

Every candidate the reader weighs while reading the training writers' numbers, lone digits,
and generated letters, shapes and scribbles (model.learning.non_digits) with the bundled model
is labelled one whole written symbol or not, by which digit each point was written for (a
letter, a shape or a scribble is one symbol: read whole, the gate refuses it), and a logistic
regression on the features the reader computes (segment.SCORE_FEATURES) says how likely a
candidate is whole. Its log-odds, plus REWARD for each digit read, is what the reader's
dynamic programme adds up. `python -m model.learning.score_weights` (`make score-weights`)
prints the constants to paste into segment.py (~5 minutes on two cores).
"""

from __future__ import annotations

import numpy as np

from model.learning.pen_numbers import PenNumber, lone_number, pen_numbers, whole_of

SEED = 77
PER_LAYOUT, LONE, NON_DIGITS = 200, 1500, 300  # numbers of each layout, lone digits, each kind
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
    from model.reading.segment import boxes_of_strokes, cut_strokes, read

    pieces, cut_from, in_number = cut_strokes(number.strokes)
    lines = [number.strokes[i][start:stop] for i, start, stop in pieces]
    whole = whole_of(number, pieces)

    def observe(group: tuple[int, ...], features: np.ndarray) -> None:
        rows.append(features)
        labels.append(whole(group))

    read(boxes_of_strokes(lines), lambda group: to_mnist(render_strokes([lines[p] for p in group])),
         predictor.predict_many, cut_from=cut_from, dots_are_marks=True,
         refuse=predictor.refusals, whole_digit=predictor.whole_digit, in_number=in_number,
         fitted_score=True, observe=observe)


def fit(rows: np.ndarray, whole: np.ndarray) -> tuple[np.ndarray, float]:
    """Weights and bias of the log-odds that a candidate is whole (standardised, ridge 1,
    folded back), the bias raised by REWARD."""
    from model.reading.outliers import _logistic

    mean, scale = rows.mean(axis=0), rows.std(axis=0) + 1e-9
    beta = _logistic(np.column_stack([(rows - mean) / scale, np.ones(len(rows))]),
                     whole.astype(np.float64), np.ones(len(rows)))
    weights = beta[:-1] / scale
    return weights, float(beta[-1] - mean @ weights + REWARD)


def main() -> None:
    from model.keeping.paths import DEFAULT_MODEL
    from model.reading.loading import load_without_tensorflow

    predictor = load_without_tensorflow(DEFAULT_MODEL).predictor
    weights, bias = fit(*weighed(written(), predictor))
    print("SCORE_WEIGHTS = (" + ", ".join(f"{w:.4f}" for w in weights) + ")")
    print(f"SCORE_BIAS = {bias:.4f}")


if __name__ == "__main__":
    main()
