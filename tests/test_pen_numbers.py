"""Numbers as people write them, made of the real pen digits of writers held out from training
and from every choice of the reader (model/learning/pen_numbers.py): touching, overlapping,
joined in one stroke, with commas, dots and dashes."""

import numpy as np
import pytest

from model.learning import forms
from model.learning.pen_numbers import (
    HEIGHT,
    LAYOUTS,
    PHOTO_LAYOUTS,
    PenNumber,
    lone_number,
    pen_numbers,
    upright,
)
from model.reading import segment
from model.reading.segment import read_strokes
from tests.gui_helpers import draw, draw_fitted


@pytest.fixture(scope="module")
def held_out(unipen):
    from model.learning.pen_data import TEST

    return unipen.part(TEST)


@pytest.fixture(scope="module")
def reader():
    """The bundled model as the window reads with it (its NumPy pass, its gate)."""
    from model.keeping.paths import DEFAULT_MODEL
    from model.reading.loading import load_without_tensorflow

    return load_without_tensorflow(DEFAULT_MODEL).predictor


def read_as_the_app(strokes, reader, whole: bool = True):
    """The number in `strokes` as the window reads it (what is not a digit left out), weighed
    by the model's whole-digit fit unless `whole` is off."""
    return read_strokes(strokes, reader.predict_many, refuse=reader.refusals,
                        whole_digit=reader.whole_digit if whole else None)


def read_exactly(numbers, reader) -> int:
    """How many of `numbers` (model.learning.pen_numbers) read exactly as the window reads."""
    return sum("".join(str(r.digit) for r in read_as_the_app(n.strokes, reader)) == n.text
               for n in numbers)


def shape_after(number: PenNumber, shape) -> list[np.ndarray]:
    """`number`'s strokes and, after it, `shape` (strokes in any units) written as tall."""
    boxes = segment.boxes_of_strokes(number.strokes)
    height = segment.line_height(boxes)
    ink = np.concatenate([np.asarray(s, float) for s in shape])
    low, high = ink.min(axis=0), ink.max(axis=0)
    scale = 0.9 * height / max(high[1] - low[1], 1e-6)
    at = np.array([max(b[2] for b in boxes) + 0.4 * height, min(b[1] for b in boxes)])
    return [*number.strokes, *[(np.asarray(s, float) - low) * scale + at for s in shape]]


def weighed_by_hand(monkeypatch) -> None:
    """The number reader's candidates weighed by the hand-set score that the fitted one
    (segment.DRAWING_SCORE) replaced."""
    read = segment.read
    monkeypatch.setattr(segment, "read", lambda *args, **kwargs: read(
        *args, **{**kwargs, "fitted_score": None}))


def exact_shares(numbers, read, what: str, capsys) -> dict[str, float]:
    """The share of each layout's numbers that `read(index, number)` gets exactly, printed."""
    exact = {}
    for k, number in enumerate(numbers):
        digits = "".join(str(r.digit) for r in read(k, number))
        exact.setdefault(number.layout, []).append(digits == number.text)
    shares = {layout: float(np.mean(found)) for layout, found in exact.items()}
    with capsys.disabled():
        print(f"\n{what} read exactly: " +
              ", ".join(f"{layout} {share:.0%}" for layout, share in shares.items()))
    return shares


def test_numbers_by_held_out_writers_are_read_exactly(held_out, reader, capsys):
    numbers = pen_numbers(held_out, 40, seed=5)
    shares = exact_shares(numbers, lambda k, number: read_as_the_app(number.strokes, reader),
                          "real pen numbers", capsys)
    alone = exact_shares(numbers, lambda k, number: read_as_the_app(number.strokes, reader,
                                                                    whole=False),
                         "real pen numbers, the model's confidence alone", capsys)
    # Overlapping and joined digits are where the whole-digit fit earns its place.
    assert shares["overlapping"] + shares["joined"] > alone["overlapping"] + alone["joined"]
    # The reader before this wave: separators 3 %, joined 0-2 % on the validation writers.
    assert shares["apart"] >= 0.9 and shares["separators"] >= 0.85
    assert shares["joined"] >= 0.3 and shares["touching"] >= 0.85  # measured 42 %, 98 %


def test_the_whole_digit_network_reads_overlapping_and_joined_numbers_better(held_out, reader,
                                                                             monkeypatch):
    """The whole-digit fit with a hidden layer of its own against the regression it replaced,
    fitted on the same candidates the same way (standardised, ridge 1) and weighed as it was,
    the number reader otherwise the same."""
    from model.keeping.paths import DEFAULT_MODEL
    from model.keeping.store import load_model
    from model.reading import outliers
    from model.reading.loading import from_keras

    keras_model, metadata = load_model(DEFAULT_MODEL)
    images, whole = outliers.fitting_whole_digits()
    rows = outliers.keras_gate_inputs(keras_model, images[..., None])[0][0].astype(np.float64)
    mean, scale = rows.mean(axis=0), rows.std(axis=0) + 1e-3
    beta = outliers._logistic(np.column_stack([(rows - mean) / scale, np.ones(len(rows))]),
                              whole.astype(float), np.ones(len(rows)))
    weights = beta[:-1] / scale
    gate = dict(metadata["not_a_digit"], whole_digit={
        "weights": weights.tolist(), "bias": float(beta[-1] - mean @ weights)})
    regression = from_keras(DEFAULT_MODEL, keras_model,
                            dict(metadata, not_a_digit=gate)).predictor
    assert regression.whole_digit(images[:1]) is not None
    numbers = pen_numbers(held_out, 60, seed=6, layouts=("overlapping", "joined"))


    weighed_by_hand(monkeypatch)  # as the two fits were compared (the fitted score's
    # weights were fitted on the network's outputs)
    network = read_exactly(numbers, reader)
    monkeypatch.setattr(segment, "WHOLE_WEIGHT", 1.0)  # the regression's weight
    fitted = read_exactly(numbers, regression)
    print(f"\noverlapping and joined, read exactly: {network} of {len(numbers)}, "
          f"with the regression {fitted}")
    assert network >= fitted + 3  # measured 12-06: 66 of 120, with the regression 61


def side_by_side(digits, first: int, then: int, gap: float) -> list[np.ndarray]:
    """Two of `digits` on one line, the second begun `gap` digit heights after the first ends
    (negative: they touch)."""
    left, width = upright(digits.strokes(first))
    right, _ = upright(digits.strokes(then))
    return [s * HEIGHT for s in left] + [(s + (width + gap, 0.0)) * HEIGHT for s in right]


def test_a_thin_one_touching_its_neighbour_is_read_as_its_own_digit(held_out, reader,
                                                                   monkeypatch):
    """A 1 is so thin that touching the digit before it covers much of its width: that alone
    must not make the two one digit ("41" read as "4")."""
    rng = np.random.default_rng(8)
    ones = np.flatnonzero(held_out.labels == 1)
    others = np.flatnonzero(held_out.labels != 1)
    pairs = [(int(rng.choice(others)), int(rng.choice(ones))) for _ in range(40)]
    written = [(f"{held_out.labels[a]}1", side_by_side(held_out, a, b, -0.05)) for a, b in pairs]

    def exact() -> int:
        return sum("".join(str(r.digit) for r in read_as_the_app(strokes, reader)) == text
                   for text, strokes in written)

    now = exact()
    monkeypatch.setattr(segment, "SURE_OVERLAP", 0.35)  # the bar before
    before = exact()
    assert now >= 0.7 * len(written) and now > before  # measured 31 of 40, before 25


def test_a_one_written_inside_its_neighbours_columns_is_its_own_digit(held_out, reader,
                                                                     monkeypatch):
    """Overlapping digits put a thin 1 wholly inside its neighbour's columns, where overlap
    alone makes them one digit for certain ("163" read as "63"): in a number, a few pieces that
    hold a stem are left to the model."""
    numbers = [n for n in pen_numbers(held_out, 200, seed=12, layouts=("overlapping",))
               if "1" in n.text]


    now = read_exactly(numbers, reader)
    monkeypatch.setattr(segment, "STEM_AMONG", 0)  # the rule before
    before = read_exactly(numbers, reader)
    assert len(numbers) >= 50 and now > before  # measured 12-06: 21 of 62, before 19


def test_two_digits_joined_barely_wider_than_one_are_cut_in_a_number(held_out, reader,
                                                                    monkeypatch):
    """Two digits written without lifting the pen are often only 1.0-1.2 digit heights wide;
    in a number (writing wider than one digit for certain) such a stroke is offered cuts at
    the valleys of its projection. (The cuts where the pen turns, 12-07, find most of these
    joins too: with them these numbers read 24 of 42 with or without the valleys.)"""
    numbers = [n for n in pen_numbers(held_out, 120, seed=9, layouts=("joined",))
               if any(1.0 * HEIGHT < np.ptp(s[:, 0]) <= 1.2 * HEIGHT for s in n.strokes)]
    monkeypatch.setattr(segment, "TURN_CUT_WIDTH", np.inf)

    now = read_exactly(numbers, reader)
    monkeypatch.setattr(segment, "IN_NUMBER_CUT_WIDTH", segment.CUT_WIDTH)  # the rule before
    assert len(numbers) >= 20 and now > read_exactly(numbers, reader)  # measured 12 of 42, before 6


def test_two_digits_joined_in_one_column_are_cut_where_the_pen_passes_on(held_out, reader,
                                                                        monkeypatch):
    """Joined digits whose columns overlap (a 1 run into the 8 before it) leave no valley in the
    stroke's projection: the reader cuts where the pen passes from one digit to the next. A 0
    begun at its top is two halves side by side too, and stays whole."""
    turn = np.linspace(0, 2 * np.pi, 60)  # a 0 begun at its top, round to the left
    zero = np.column_stack([100 - 40 * np.sin(turn), 100 - 50 * np.cos(turn)])
    assert segment.time_cuts(zero, 100) == []
    with monkeypatch.context() as patched:
        patched.setattr(segment, "TIME_APART", -1.0)  # where it ends no longer asked
        assert segment.time_cuts(zero, 100) == [30]  # its bottom

    numbers = [n for n in pen_numbers(held_out, 200, seed=9, layouts=("joined",))
               if any(len(set(owner)) > 1 and np.ptp(s[:, 0]) <= segment.IN_NUMBER_CUT_WIDTH
                      * HEIGHT for s, owner in zip(n.strokes, n.owners))]


    now = read_exactly(numbers, reader)
    monkeypatch.setattr(segment, "time_cuts", lambda xy, height: [])
    before = read_exactly(numbers, reader)
    assert len(numbers) >= 40 and now >= before + 6  # measured 12-06: 21 of 56, before 10


def test_digits_run_on_at_a_turn_of_the_pen_are_cut_there(reader, monkeypatch):
    """A digit that ends where the pen turns and runs on to the next digit's top (a 5's bar
    carried up to the 6) leaves no valley and no moment where all before lies left: in a
    number the reader also cuts where the pen turns at the top or bottom of a stroke
    (segment.turn_cuts). The training writers' joined numbers whose join is at such a turn."""
    from model.learning.pen_data import training_digits

    def joined_at_a_turn(number: PenNumber) -> bool:
        boxes = segment.boxes_of_strokes(number.strokes)
        height = segment.line_height(boxes)
        return segment.surely_a_number(boxes, height) and any(
            abs(join - cut) <= 3 for stroke, owner in zip(number.strokes, number.owners)
            for join in np.flatnonzero(np.diff(owner)) + 1
            for cut in segment.turn_cuts(stroke, height))

    numbers = [n for n in pen_numbers(training_digits(), 300, seed=5, layouts=("joined",))
               if joined_at_a_turn(n)]
    now = read_exactly(numbers, reader)
    monkeypatch.setattr(segment, "TURN_CUT_WIDTH", np.inf)
    assert len(numbers) >= 60 and now >= read_exactly(numbers, reader) + 5  # measured 12-07:
    # 65 against 57 of 101


def test_a_zigzag_or_a_crossing_out_after_a_number_is_not_cut_at_its_turns(reader,
                                                                          monkeypatch):
    """Shapes and crossed-out digits written after a number are left out as often as before
    the reader cut strokes at the pen's turns: a stroke that turns more often than digits do
    (an N, a W) or lies over other ink (a crossing-out) is not cut there; cut there, its
    pieces read as 1s and 7s."""
    from model.learning.non_digits import non_digits
    from model.learning.pen_data import validation_digits

    written = pen_numbers(validation_digits(), 100, seed=31, layouts=("apart",))
    after = [(number, shape_after(number, shape)) for kind, seed in
             (("shapes", 1901), ("crossed-out", 1903))
             for number, shape in zip(written, non_digits(kind, 100, seed=seed))]

    def read_into_the_number() -> int:
        return sum("".join(str(r.digit) for r in read_as_the_app(strokes, reader)) != n.text
                   for n, strokes in after)

    now = read_into_the_number()
    with monkeypatch.context() as patched:
        patched.setattr(segment, "TURN_CUT_WIDTH", np.inf)
        uncut = read_into_the_number()
    monkeypatch.setattr(segment, "TURN_OVER", np.inf)
    monkeypatch.setattr(segment, "TURN_EVERY", 1e-9)
    # measured 12-07: 45 of 200, 46 with no cuts at turns, 60 cut at every turn
    assert now <= uncut + 2 and read_into_the_number() >= now + 8


def test_two_joined_digits_narrower_than_a_number_are_cut_in_time(reader, monkeypatch):
    """Two digits joined in one stroke whose columns overlap make writing no wider than a
    digit and a half, not surely a number: they are offered cuts in time too. A letter
    written in one stroke and cut so is no two digits: outside a number the pieces of a cut
    stroke are judged like any digit."""
    from model.learning.non_digits import non_digits
    from model.learning.pen_data import validation_digits

    numbers = [n for n in pen_numbers(validation_digits(), 400, seed=22, layouts=("joined",))
               if not segment.cut_strokes(n.strokes)[2]]  # not surely a number


    letters = [[np.asarray(s, float) * HEIGHT for s in strokes]
               for strokes in non_digits("letters", 150, seed=900)]

    def letters_read_as_digits() -> int:
        return sum(len(read_as_the_app(strokes, reader)) > 0 for strokes in letters)

    now, letters_now = read_exactly(numbers, reader), letters_read_as_digits()
    read = segment.read
    monkeypatch.setattr(segment, "read", lambda *args, **kwargs: read(
        *args, **{**kwargs, "maybe_a_letter": False}))
    unjudged = letters_read_as_digits()
    monkeypatch.setattr(segment, "time_cuts", lambda xy, height: [])  # narrow writing before
    # measured 12-06: 17 of 41 read exactly, 9 before; letters 13 with a digit, 14 before, 15
    # with the cut pieces unjudged
    assert len(numbers) >= 40 and now >= read_exactly(numbers, reader) + 6
    assert letters_now <= letters_read_as_digits() and letters_now < unjudged


def test_a_long_tail_cut_off_a_lone_digit_is_not_a_digit_of_its_own(reader, monkeypatch):
    """Real lone digits whose stroke runs on far to the right (a 2's tail, a 7's bar, a 5's
    bar drawn apart), wide enough to be cut as a number: the pieces of a cut stroke are a
    fraction of a digit tall, and the writing's height is measured from the ink as written,
    so the tail is no digit beside them (the training writers' digits the app bundles: of
    4,000 of them, 23 were read as more than one digit before, 17 now)."""
    from model.learning.pen_data import training_digits

    digits = training_digits()
    found = (190, 9500, 6715, 6136, 6235, 6299)  # a 2, a 2, a 7, three 5s

    def read(i: int) -> str:
        number = read_as_the_app([s * HEIGHT for s in digits.strokes(i)], reader)
        return "".join(str(r.digit) for r in number)

    assert [read(i) for i in found] == [str(digits.labels[i]) for i in found]
    monkeypatch.setattr(segment, "_uncut", lambda boxes, cut_from: list(boxes))  # pieces' own
    monkeypatch.setattr(segment, "_one_sure_digit", lambda *args: None)  # nor read whole
    assert sum(len(read(i)) > 1 for i in found) >= 5  # measured 12-06: all 6


def test_a_digit_the_model_is_sure_of_whole_is_not_cut(reader, monkeypatch):
    """Real lone digits the reader cut although, read whole, the model is sure of one digit:
    fours whose stem stands well apart from the rest (two writers, 13 of them), a 2 with a
    long tail, a 5 and a 0 run on in one stroke, a 7 crossed wider than a number (the
    training writers' digits the app bundles: of all 10,816, 48 were read as more than one
    digit, 24 now, a dozen of them really two digits, "00" recorded as one 0)."""
    from model.learning.pen_data import training_digits

    digits = training_digits()
    found = (1370, 1406, 9659, 9662, 9664, 9670, 9673, 9674, 9679, 9681, 974, 5191, 5923,
             5288)

    def read(i: int) -> str:
        number = read_as_the_app([s * HEIGHT for s in digits.strokes(i)], reader)
        return "".join(str(r.digit) for r in number)

    assert [read(i) for i in found] == [str(digits.labels[i]) for i in found]
    two_zeros = 9385  # recorded as a 0, written as "00"
    assert read(two_zeros) == "00"
    monkeypatch.setattr(segment, "_one_sure_digit", lambda *args: None)
    assert sum(len(read(i)) > 1 for i in found) == len(found)  # measured 12-06: all cut


def test_two_digits_each_read_surely_are_not_made_one(reader, monkeypatch):
    """Two digits written apart but narrower than a number ("77", "41", "66") read as two
    digits each nearly sure stay two, although the model reads the two together as one of
    them just as surely (segment.SURE_APART): the training writers' two-digit numbers."""
    from model.learning.pen_data import training_digits

    numbers = [n for n in pen_numbers(training_digits(), 500, seed=5, layouts=("apart",))
               if len(n.text) == 2 and not segment.cut_strokes(n.strokes)[2]]

    def made_one() -> int:
        return sum(len(read_as_the_app(n.strokes, reader)) == 1 for n in numbers)

    now = made_one()
    monkeypatch.setattr(segment, "SURE_APART", np.inf)
    assert now <= made_one() - 3  # measured 12-07: 1 against 4 of 55


@pytest.mark.heavy(45)
def test_two_digits_written_one_over_the_other_are_read_as_two(reader, monkeypatch):
    """In a number, two digits written deeply overlapping, together no wider than one ("63",
    "71"), were read as one digit (an 8, a 7): pieces that overlap were one digit for certain
    unless wider than a digit. Two of them each as tall as the writing are doubted now
    (segment.TWO_TALL): the training writers' overlapping numbers."""
    from model.learning.pen_data import training_digits

    numbers = pen_numbers(training_digits(), 300, seed=5, layouts=("overlapping",))


    now = read_exactly(numbers, reader)
    monkeypatch.setattr(segment, "TWO_TALL", np.inf)
    assert now >= read_exactly(numbers, reader) + 5  # measured 12-07: 209 against 203 of 300


def test_a_one_written_tight_against_another_digit_is_read_as_two(reader, monkeypatch):
    """Two digits, one of them a 1, written so close that together they are narrower than a
    number ("16" read as a 6 or an 8): a stem beside one other piece is doubted in any writing
    now, not only in a number (segment.doubt_wide_runs): the training writers' two-digit
    numbers with a 1, written touching or overlapping."""
    from model.learning.pen_data import training_digits

    numbers = [n for n in pen_numbers(training_digits(), 600, seed=5,
                                      layouts=("touching", "overlapping"))
               if len(n.text) == 2 and "1" in n.text and not segment.cut_strokes(n.strokes)[2]]
    now = read_exactly(numbers, reader)
    # Not in a number, TWO_NARROW bounds only the stem beside one piece: no such stem doubted.
    monkeypatch.setattr(segment, "TWO_NARROW", np.inf)
    assert len(numbers) >= 30 and now >= read_exactly(numbers, reader) + 3  # measured 12-07:
    # 21 against 17 of 40


def test_a_slashed_zero_in_a_number_is_one_digit(reader, monkeypatch):
    """Some writers slash their 0s, a stroke down the middle. In a number a tall thin stroke
    among overlapping pieces is doubted (a 1 written inside its neighbour's columns), but not
    one through the middle of the rest: every slashed 0 of the writers the app bundles (the
    training and validation writers'), between two other digits of its writer, apart, reads
    as the number (the validation writers' apart numbers 92.5 → 94 %)."""
    from model.learning.pen_data import training_digits, validation_digits
    from model.learning.pen_numbers import _laid_out

    def slashed(strokes) -> bool:
        boxes = segment.boxes_of_strokes(strokes)
        height = segment.line_height(boxes)
        run = tuple(range(len(boxes)))
        return len(boxes) > 1 and any(
            segment.stem_shaped(box, height) and segment._through_the_middle(boxes, run, k)
            for k, box in enumerate(boxes))

    rng = np.random.default_rng(0)
    numbers = []
    for digits in (training_digits(), validation_digits()):
        for i in np.flatnonzero(digits.labels == 0):
            if slashed([s * HEIGHT for s in digits.strokes(int(i))]):
                mates = np.flatnonzero((digits.writers == digits.writers[i]) &
                                       (digits.labels != 0))
                chosen = np.array([rng.choice(mates), i, rng.choice(mates)])
                numbers.append(_laid_out(digits, chosen, "apart", rng)[0])


    now = read_exactly(numbers, reader)
    monkeypatch.setattr(segment, "_through_the_middle", lambda *args: False)
    # measured 12-06: 10 of 11, 7 when a stem through the middle is doubted too
    assert len(numbers) >= 10 and now >= len(numbers) - 1 and \
        now >= read_exactly(numbers, reader) + 2


def test_a_refused_piece_does_not_take_the_rest_of_the_number_with_it(reader, monkeypatch):
    """A piece refused as no digit beside a digit it was one candidate with takes the digit
    with it (a letter's strokes), but only while together they are no wider than a letter:
    in the validation writers' joined numbers a refused "01" no longer takes the 2, the 8 and
    the 9 of "28019" with it, one after another."""
    from model.learning.pen_data import validation_digits

    numbers = pen_numbers(validation_digits(), 100, seed=22, layouts=("joined",))

    def half_lost() -> int:  # numbers read with fewer than half their digits
        return sum(len(read_as_the_app(n.strokes, reader)) < len(n.text) / 2 for n in numbers)

    now = half_lost()
    monkeypatch.setattr(segment, "LETTER_WIDTH", np.inf)
    assert now < half_lost()  # measured 12-07: 3, 4 with no bound (6 before the cuts at turns)


def test_a_digit_the_gate_doubts_alone_is_kept_among_digits(reader, monkeypatch):
    """Alone, the gate refuses some writers' 4s written like a cross and 1s with a bar as
    shapes; among digits a digit is likelier, and one the model reads surely is kept in the
    number (segment.NUMBER_LEEWAY). A shape written after a number is still left out as
    often as before, give or take one in fifty."""
    from model.learning.non_digits import non_digits
    from model.learning.pen_data import training_digits, validation_digits

    def digits_of(strokes) -> str:
        return "".join(str(r.digit) for r in read_as_the_app(strokes, reader))

    apart = pen_numbers(training_digits(), 150, seed=5, layouts=("apart",))
    written = pen_numbers(validation_digits(), 100, seed=31, layouts=("apart",))
    with_shapes = [shape_after(n, shape)
                   for n, shape in zip(written, non_digits("shapes", 100, seed=1901))]

    def shapes_read_as_digits() -> int:
        return sum(digits_of(strokes) != n.text for strokes, n in zip(with_shapes, written))

    now, shapes_now = read_exactly(apart, reader), shapes_read_as_digits()
    monkeypatch.setattr(segment, "NUMBER_LEEWAY", 0.0)
    assert now >= read_exactly(apart, reader) + 3  # measured 12-07: 142 against 138 of 150
    assert shapes_now <= shapes_read_as_digits() + 2  # measured 12-07: 18 and 18 of 100


def test_a_lone_digit_in_several_pieces_stays_one_digit(held_out, reader):
    """Every held-out digit the reader sees in more than one piece (several strokes, or a
    stroke wide enough to be offered cuts), read alone, is one digit. A flat stroke (a 5's
    long bar) holds no two digits side by side, and a piece cut out of a stroke is no comma
    (the foot of an L-shaped 4 was left out as one)."""
    pieces = [[s * HEIGHT for s in held_out.strokes(i)] for i in range(len(held_out))]
    several = [strokes for strokes in pieces if len(segment.cut_strokes(strokes)[0]) > 1]
    numbers = [read_as_the_app(strokes, reader) for strokes in several]
    cut = sum(len(number) + len(number.refused) > 1 for number in numbers)
    # measured 12-06: 2 of 473 since a digit the model is sure of whole stays whole (3 before,
    # 5 before 12-05's rules)
    assert len(several) >= 400 and cut <= 2


def zeros_in_one_stroke(cx, cy, r):
    """'00' without lifting the pen: an oval closed at its right side runs on into the next,
    begun at its left side."""
    return np.concatenate([forms.arc(cx - r * 0.9, cy, r * 0.75, r, 0, 360),
                           forms.arc(cx + r * 0.9, cy, r * 0.75, r, 180, 540)])


def test_two_zeros_in_one_stroke_are_two_digits(reader):
    number = read_as_the_app([zeros_in_one_stroke(150, 100, 50)], reader)
    assert "".join(str(r.digit) for r in number) == "00"
    left, right = (r.ink for r in number)  # (stroke, start, stop) parts of the one stroke
    assert {part[0] for part in left + right} == {0}
    assert max(stop for _, _, stop in left) <= min(start for _, start, _ in right) + 1


def test_a_mark_too_flat_for_a_digit_joins_its_digit_or_is_left_out(reader):
    seven = forms.polyline((0, 0), (60, 0), (20, 100))
    dash = forms.polyline((80, 55), (115, 57))
    number = read_as_the_app([seven, dash], reader)
    assert [r.digit for r in number] == [7] and len(number.marks) == 1


def test_separators_are_left_out_of_the_number_on_the_canvas(make_window, held_out):
    window = make_window()
    numbers = pen_numbers(held_out, 10, seed=8, layouts=("separators",))
    right = 0
    for number in numbers:
        window.canvas.clear()
        draw_fitted(window.canvas, number.strokes)
        if window.panel.number() == number.text:
            right += 1
            assert len(window.canvas.left_out_boxes) == number.marks
    assert right >= 8


def test_one_digit_of_a_joined_stroke_is_saved_with_its_own_ink(make_window):
    window = make_window()
    canvas = window.canvas
    w, h = canvas.width(), canvas.height()
    r = h * 0.25
    draw(canvas, [zeros_in_one_stroke(w / 2, h / 2, r)])
    assert window.panel.number() == "00"
    window.panel.select(1)
    assert window.correct(0)
    saved = window.samples.samples()[-1]
    xs = np.array([p[0] for stroke in saved.strokes for p in stroke])
    assert len(saved.strokes) == 1 and xs.min() >= w * 0.5 - r * 0.2  # the right zero only


def test_photos_of_numbers_on_paper_are_read(held_out, reader, tmp_path, capsys):
    """Held-out writers' numbers photographed on grainy, tinted, ruled paper under uneven
    light or a shadow (tests/pen_numbers.on_paper), opened the way the window opens them."""
    from PIL import Image

    from model.reading.preprocess import load_image
    from model.reading.segment import read_picture
    from tests.pen_numbers import pictures

    numbers = pen_numbers(held_out, 12, seed=9, layouts=PHOTO_LAYOUTS)
    photos = pictures(numbers, seed=9)

    def read(k, number):
        path = tmp_path / f"{k}.jpg"
        Image.fromarray(photos[k]).save(path, quality=85)
        return read_picture(load_image(path), reader.predict_many, reader.refusals,
                            reader.picture_whole_digit)

    shares = exact_shares(numbers, read, "photos of real pen numbers", capsys)
    # The reader before this wave, with a global threshold and no line removal: about 80 %
    # apart, 56 % with separators, 12 % touching on the validation writers.
    assert shares["apart"] >= 0.8 and shares["separators"] >= 0.75


def test_a_photo_with_a_shadow_and_ruled_lines_opens_in_the_window(make_window, qtbot,
                                                                      held_out, tmp_path):
    from PIL import Image

    from tests.gui_helpers import open_image
    from tests.pen_numbers import on_paper

    rng = np.random.default_rng(2)
    window = make_window()
    numbers = pen_numbers(held_out, 6, seed=4, layouts=("separators",))
    right = 0
    for k, number in enumerate(numbers):
        path = tmp_path / f"{k}.png"
        Image.fromarray(on_paper(number, rng)).save(path)
        assert open_image(qtbot, window, path)
        if window.panel.number() == number.text:
            right += 1  # the separators shown left out (and any remnant of a ruled line)
            assert len(window.canvas.left_out_boxes) >= number.marks
            inside = window.canvas.rect()
            assert all(inside.contains(box.center().toPoint())
                       for box in window.canvas.left_out_boxes)
    assert right >= 4


def landscape(rng, width=900, height=600) -> np.ndarray:
    """A photo of a scene: sky fading to the horizon, a dark ridge, a field of grass."""
    y = np.linspace(0, 1, height)[:, None]
    sky = 0.55 + 0.35 * y + rng.normal(0, 0.01, (height, width))
    ridge = height * (0.45 + 0.08 * np.sin(np.linspace(0, 7, width) + rng.uniform(0, 6)))
    rows = np.arange(height)[:, None]
    scene = np.where(rows > ridge[None, :], 0.25 + 0.12 * rng.random((height, width)), sky)
    grass = rows > height * 0.7
    blades = np.clip(rng.normal(0.35, 0.25, (height, width)), 0, 1)
    scene = np.where(grass, blades, scene)
    return (np.stack([scene * 0.7, scene, scene * 0.6], axis=-1) * 255).astype(np.uint8)


def page_of_text(held_out, rng, lines=7, per_line=22) -> np.ndarray:
    """A page of small handwriting: lines of the held-out writers' digits."""
    from model.learning.pen_numbers import upright

    strokes = []
    for line in range(lines):
        x = 0.0
        for i in rng.choice(len(held_out), per_line):
            digit, width = upright(held_out.strokes(int(i)))
            strokes += [np.column_stack([x + s[:, 0], line * 1.8 + s[:, 1]]) for s in digit]
            x += width + rng.uniform(0.2, 0.6)
    from model.learning.pen_numbers import PenNumber
    from tests.pen_numbers import on_paper

    return on_paper(PenNumber("", [s * 40 for s in strokes], "page", "many"), rng)


@pytest.mark.parametrize("scene", ["landscape", "page of text"])
def test_a_picture_with_no_number_says_so_in_words(make_window, qtbot, held_out, tmp_path,
                                                    scene):
    from PIL import Image

    from tests.gui_helpers import open_image

    rng = np.random.default_rng(6)
    picture = landscape(rng) if scene == "landscape" else page_of_text(held_out, rng)
    path = tmp_path / "scene.jpg"
    Image.fromarray(picture).save(path, quality=90)
    window = make_window()
    assert open_image(qtbot, window, path)
    said = window.panel.verdict_label.text()
    assert "more than a number has" in said or "does not look like writing" in said
    assert window.panel.number() == "" and window.canvas.showing_picture()


def test_the_whole_digit_fit_learns_from_the_readers_own_candidates():
    """What every model's whole-digit fit is fitted on: each candidate the reader
    renders, labelled by which digit its ink was written for (the training writers' digits
    the app ships, so no shared data is needed)."""
    from model.learning.pen_data import training_digits
    from model.learning.pen_numbers import _weighed

    digits = training_digits()
    rng = np.random.default_rng(3)
    for number in pen_numbers(digits, 3, seed=3, layouts=("apart",)):
        images, labels = [], []
        _weighed(number, images, labels)
        assert sum(labels) >= len(number.text)  # digits apart: each a candidate, whole
    joined = pen_numbers(digits, 3, seed=4, layouts=("joined",))
    for number in joined:
        images, labels = [], []
        _weighed(number, images, labels)
        assert 0 < sum(labels) < len(labels) and len(images) == len(labels)
    whole_somewhere = 0
    for one in rng.choice(len(digits), 20, replace=False):
        images, labels = [], []
        strokes = [s * 100 for s in digits.strokes(int(one))]
        _weighed(PenNumber(str(digits.labels[one]), strokes, "lone", "",
                           owners=tuple(np.zeros(len(s), int) for s in strokes)), images, labels)
        whole_somewhere += any(labels)
    assert whole_somewhere >= 18  # a lone digit is a candidate whole (but a rare odd one)


def ranked_above(scores: np.ndarray, whole: np.ndarray) -> float:
    """The share of (whole, not whole) pairs of candidates in which the whole one scores
    higher (the area under the ROC curve)."""
    ranks = np.empty(len(scores))
    ranks[np.argsort(scores, kind="stable")] = np.arange(len(scores))
    return float((ranks[whole].mean() - (whole.sum() - 1) / 2) / (~whole).sum())


@pytest.mark.parametrize("kind", ["drawing", "picture"])
def test_the_score_is_fitted_on_the_candidates_the_reader_weighs(held_out, reader, kind):
    """score_weights labels every candidate the reader weighs by whose ink it holds, and its
    fit, like the weights the reader ships, scores whole digits above pieces and pairs of
    held-out writers' numbers it never saw: drawn, and (the picture reader's own weights)
    written on paper."""
    from model.learning import score_weights
    from model.learning.pen_data import training_digits

    weighed, shipped_score, layouts = {
        "drawing": (score_weights.weighed, segment.DRAWING_SCORE, LAYOUTS),
        "picture": (score_weights.weighed_pictures, segment.PICTURE_SCORE, PHOTO_LAYOUTS)}[kind]
    rows, whole = weighed(pen_numbers(training_digits(), 6, seed=3, layouts=layouts), reader)
    assert rows.shape[1] == len(segment.SCORE_FEATURES) == len(shipped_score.weights)
    assert 0.1 < whole.mean() < 0.9
    weights, bias = score_weights.fit(rows, whole)
    held_rows, held_whole = weighed(pen_numbers(held_out, 6, seed=17, layouts=layouts), reader)
    shipped = held_rows @ np.array(shipped_score.weights)
    confidence = held_rows[:, segment.SCORE_FEATURES.index("log confidence")]
    print(f"\n{kind}: held-out candidates ranked: shipped weights "
          f"{ranked_above(shipped, held_whole):.3f}, fitted on {len(rows)} candidates "
          f"{ranked_above(held_rows @ weights, held_whole):.3f}, confidence alone "
          f"{ranked_above(confidence, held_whole):.3f}")
    assert ranked_above(shipped, held_whole) >= 0.9
    assert ranked_above(held_rows @ weights, held_whole) >= 0.85
    assert ranked_above(shipped, held_whole) > ranked_above(confidence, held_whole) + 0.05


@pytest.mark.heavy(15)
def test_the_fitted_score_reads_numbers_and_keeps_letters_whole(held_out, reader, monkeypatch):
    """The fitted score against the hand-set one it replaced, on held-out writers' numbers and
    on letters of a seed no choice saw: numbers read exactly as often or more, and more
    letters left without a digit (kept whole, the gate refuses them; weighed by hand, a
    letter's strokes were often read as digits)."""
    from model.learning.non_digits import non_digits

    numbers = pen_numbers(held_out, 30, seed=16)
    letters = [[np.asarray(s, np.float64) * 100 for s in strokes]
               for strokes in non_digits("letters", 80, seed=2026)]

    def read_and_refused() -> tuple[int, int]:
        exact = sum("".join(str(r.digit) for r in read_as_the_app(n.strokes, reader)) ==
                    n.text for n in numbers)
        return exact, sum(len(read_as_the_app(strokes, reader)) == 0 for strokes in letters)

    fitted = read_and_refused()
    weighed_by_hand(monkeypatch)
    hand = read_and_refused()
    print(f"\nof {len(numbers)} numbers read exactly and {len(letters)} letters left out: "
          f"fitted {fitted}, by hand {hand}")
    # measured 12-06: (130, 75), (130, 73); (129, 75), (128, 71) before the pieces of a cut
    # stroke outside a number were judged (which keeps letters whole by either score)
    assert fitted[0] >= hand[0] and fitted[1] >= hand[1] + 2


@pytest.mark.heavy(15)
def test_pictures_are_weighed_by_a_whole_digit_fit_of_their_own(held_out, reader, tmp_path):
    """A picture's candidates (cut out of ink regions, thick, with anti-aliased edges) are
    another kind than the canvas's: the model's fit learnt on numbers written on paper reads
    photos of touching and joined held-out numbers no worse than the drawings' fit (on 1,000
    validation writers' photos of all layouts 75.9 % against 72.4 %; the pictures' score is
    fitted with it)."""
    from PIL import Image

    from model.reading.preprocess import load_image
    from tests.pen_numbers import pictures

    numbers = pen_numbers(held_out, 30, seed=15, layouts=("touching", "joined"))
    photos = []
    for k, photo in enumerate(pictures(numbers, seed=15)):
        Image.fromarray(photo).save(tmp_path / f"{k}.jpg", quality=85)
        photos.append(load_image(tmp_path / f"{k}.jpg"))

    def exact(whole_digit) -> int:
        return sum("".join(str(r.digit) for r in segment.read_picture(
            photo, reader.predict_many, reader.refusals, whole_digit)) == number.text
            for number, photo in zip(numbers, photos))

    own, drawings = exact(reader.picture_whole_digit), exact(reader.whole_digit)
    print(f"\ntouching and joined photos read exactly: {own} of {len(numbers)} with the "
          f"pictures' fit, {drawings} with the drawings'")
    assert own >= drawings  # measured 12-06: 35 of 60, 30; with the pictures' score 33, 32


def test_each_piece_of_touching_ink_in_a_picture_has_its_own_box(monkeypatch):
    """Three blots of ink joined by thin strokes are one region in a photo; cut twice at its
    valleys, each piece's box holds its own ink only (the middle one once stretched to the end
    of the region, and was read as a far too wide digit); with the cuts offered between the
    valleys too, so does every piece's."""
    from PIL import Image, ImageDraw

    picture = Image.new("L", (360, 160), 0)
    pen = ImageDraw.Draw(picture)
    pen.line((60, 80, 300, 80), fill=255, width=6)
    for left in (40, 130, 220):  # each 70 wide, 20 px of thin stroke to the next
        pen.ellipse((left, 30, left + 70, 130), fill=255)
    ink = np.asarray(picture, np.float32) / 255
    clean, labels, boxes = segment.ink_regions(ink)
    assert len(boxes) == 1
    pieces, every_piece, _ = segment.cut_regions(labels, boxes)
    assert len(every_piece) > 3
    for k, box in enumerate(every_piece):
        ys, xs = np.nonzero(pieces == k + 1)
        assert box == (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)
    monkeypatch.setattr(segment, "PICTURE_CUT_EVERY", None)  # at the valleys alone
    _, boxes, cut_from = segment.cut_regions(labels, boxes)
    widths = sorted(round(x1 - x0) for x0, _, x1, _ in boxes)
    assert len(boxes) == 3 and cut_from == [(0, 1), (1, 2)]
    assert all(70 <= w <= 92 for w in widths), widths


@pytest.mark.heavy(10)
def test_the_edge_of_a_shadow_is_not_read_as_a_digit(held_out, reader, tmp_path, monkeypatch):
    """Photos of one digit with the sharp shadow of a phone across them, its edge running out
    at the border: the digit is read alone. (The paper's level, found on a half-size copy,
    blurred the shadow's edge into a line of ink; where it met the border the shadow was
    narrower than the paper's window: both were read as a 1 beside the digit.)"""
    from PIL import Image

    from model.reading.preprocess import load_image
    from tests.pen_numbers import on_paper

    rng = np.random.default_rng(9)
    photos = []
    for k in rng.choice(len(held_out), 40, replace=False):
        photo = on_paper(lone_number(held_out, int(k)), rng)
        height, width = photo.shape[:2]
        yy, xx = np.mgrid[0:height, 0:width] / np.array([height, width])[:, None, None]
        angle = rng.uniform(0, 2 * np.pi)
        edge = np.cos(angle) * xx + np.sin(angle) * yy
        shade = np.where(edge > np.quantile(edge, rng.uniform(0.6, 0.85)),
                         rng.uniform(0.55, 0.8), 1.0)
        Image.fromarray((photo * shade[..., None]).astype(np.uint8)).save(tmp_path / f"{k}.jpg",
                                                                         quality=85)
        photos.append(load_image(tmp_path / f"{k}.jpg"))

    def more_than_one() -> int:
        return sum(len(segment.read_picture(photo, reader.predict_many, reader.refusals,
                                            reader.picture_whole_digit)) > 1 for photo in photos)

    now = more_than_one()
    monkeypatch.setattr(segment, "SHADOW_EDGE", 1)  # the paper's level as found
    monkeypatch.setattr(segment, "FAINT_AT_BORDER", 0.0)  # every mark at the border kept
    before = more_than_one()
    print(f"\nlone digits in shadow read as more than one: {now} of {len(photos)}, "
          f"{before} before")
    assert now <= 1 and before >= now + 3  # measured 12-06: 1 of 40, 5 before


@pytest.mark.heavy(15)
def test_touching_digits_in_photos_are_cut_where_one_region_would_be_too_wide(
        held_out, reader, tmp_path, monkeypatch):
    """In a photo, touching digits are one region of ink: every region from 0.8 digit heights
    is offered cuts, at its valleys and between them, each along the path through the least
    ink (digits lean into each other)."""
    from PIL import Image

    from model.reading.preprocess import load_image
    from tests.pen_numbers import pictures

    numbers = pen_numbers(held_out, 25, seed=14, layouts=("touching", "joined"))
    photos = []
    for k, photo in enumerate(pictures(numbers, seed=14)):
        Image.fromarray(photo).save(tmp_path / f"{k}.jpg", quality=85)
        photos.append(load_image(tmp_path / f"{k}.jpg"))

    def exact() -> int:
        return sum("".join(str(r.digit) for r in segment.read_picture(
            photo, reader.predict_many, reader.refusals, reader.picture_whole_digit))
            == number.text for number, photo in zip(numbers, photos))

    now = exact()
    with monkeypatch.context() as before:  # straight cuts at valleys, from a digit's width
        before.setattr(segment, "PICTURE_CUT_WIDTH", segment.CUT_WIDTH)
        before.setattr(segment, "PICTURE_CUT_EVERY", None)
        before.setattr(segment, "seam", lambda member, at, height: np.full(
            len(member), int(np.ceil(at))))
        straight = exact()
    print(f"\ntouching and joined photos read exactly: {now} of {len(numbers)}, {straight} "
          f"with straight cuts at valleys")
    assert now >= straight + 4  # measured 12-06: 25 of 50, 18 (by the hand-set score 23, 17)
