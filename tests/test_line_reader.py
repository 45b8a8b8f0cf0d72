"""The line reader: a network that reads a whole written number at once gives a second opinion
on each digit the number reader chose (model/reading/line.py)."""

import numpy as np
import pytest

from model.reading import line
from model.reading.line import (
    COLUMN,
    IMPOSSIBLE,
    LINE_HEIGHT,
    LINE_WIDTH,
    LineReading,
    Placement,
    combined,
    greedy_text,
    render_line,
)
from model.reading.segment import read_strokes


@pytest.fixture(scope="module")
def line_reader():
    reader = line.bundled_line_reader()
    if reader is None:
        pytest.fail("assets/line_reader.keras is missing or damaged (make line-reader)")
    return reader


@pytest.fixture(scope="module")
def reader():
    from model.keeping.paths import DEFAULT_MODEL
    from model.reading.loading import load_without_tensorflow

    return load_without_tensorflow(DEFAULT_MODEL).predictor


def read(strokes, reader, line_reader=None) -> str:
    """The digits the window reads in `strokes`, with or without the line reader."""
    return "".join(str(r.digit) for r in read_strokes(
        strokes, reader.predict_many, refuse=reader.refusals, whole_digit=reader.whole_digit,
        line_reader=line_reader))


def test_a_line_is_rendered_left_aligned_with_its_digits_under_their_columns():
    one = np.array([[0.0, 0.0], [0.0, 100.0]])  # two upright bars, 300 apart
    image, placement = render_line([one, one + [300, 0]])
    assert image.shape == (LINE_HEIGHT, LINE_WIDTH)
    inked = np.flatnonzero(image.max(axis=0) > 0.5)
    assert inked.min() < 6 and 80 < inked.max() < 90  # 26 px tall: 300 wide is 78 px
    first, second = placement.columns(-10, 10), placement.columns(290, 310)
    assert first.start == 0 and second.start * COLUMN <= inked.max() < second.stop * COLUMN


def test_the_column_reading_decodes_as_ctc_does():
    blank, seven, two = np.eye(11)[0], np.eye(11)[8], np.eye(11)[3]
    assert greedy_text([blank, seven, seven, blank, seven, two, two, blank]) == "772"


def test_it_hears_each_digit_end_midway_to_the_next_in_the_drawings_coordinates():
    blank, seven, two = np.eye(11)[0], np.eye(11)[8], np.eye(11)[3]
    reading = LineReading(np.array([blank, blank, seven, seven, blank, blank, two, two, two]),
                          Placement(scale=0.5, shift=2.0, rise=0.0))
    # The 7 ends with column 4, the 2 begins at column 6: column 5's edge, 20 px of the line,
    # is x = 36 where the line is drawn at half scale, 2 px from its edge.
    assert reading.boundaries() == [36.0]
    assert LineReading(np.array([blank, seven, two, two]), reading.placement
                       ).boundaries() == [(2 * COLUMN - 2.0) / 0.5]  # no blank between


def test_the_likelihood_of_a_text_sums_every_way_the_columns_spell_it():
    """CTC's forward sum, checked against every path through five columns written out."""
    from itertools import product

    columns = np.random.default_rng(3).dirichlet(np.full(11, 0.5), size=5)
    spelt: dict[str, float] = {}
    for path in product(range(11), repeat=len(columns)):
        text = "".join(str(v - 1) for k, v in enumerate(path) if v and (k == 0 or v != path[k - 1]))
        spelt[text] = spelt.get(text, 0.0) + float(np.prod(columns[np.arange(5), path]))
    texts = ["", "4", "44", "47", "474", "4747", "4444", "123456"]  # the last two: more than
    heard = LineReading(columns, Placement(1.0, 0.0, 0.0)).log_likelihoods(texts)  # 5 columns
    assert heard[:-2] == pytest.approx([np.log(spelt[t]) for t in texts[:-2]], abs=1e-9)
    assert list(heard[-2:]) == [IMPOSSIBLE, IMPOSSIBLE] and "4444" not in spelt


def test_the_geometric_mean_leans_to_the_surer_opinion():
    own = np.full(10, 0.02)
    own[1], own[7] = 0.45, 0.37
    line_says = np.full(10, 0.01)
    line_says[7] = 0.91
    mixed = combined(own, line_says, weight=0.3)
    assert mixed.argmax() == 7 and mixed.sum() == pytest.approx(1.0)
    assert combined(own, line_says, weight=0.0).argmax() == 1


def test_the_line_reader_runs_without_tensorflow_as_keras_does(line_reader):
    keras = pytest.importorskip("keras")
    from model.keeping.paths import ASSETS

    image, _ = render_line([np.array([[0.0, 0.0], [30.0, 100.0], [60.0, 0.0]])])
    ours = line_reader.columns(image)
    theirs = keras.ops.convert_to_numpy(keras.ops.softmax(keras.saving.load_model(
        ASSETS / line.LINE_READER_FILE, compile=False)(image[None, :, :, None])))[0]
    assert np.abs(ours - theirs).max() < 1e-4


def test_only_the_written_part_is_read_and_its_columns_are_the_whole_lines(line_reader):
    """The line reader reads the inked columns and what they see (SEEN): under the ink, the
    same answer as the whole line; cut closer, it would not be."""
    digit = np.array([[0.0, 0.0], [40.0, 0.0], [10.0, 100.0]])  # a 7, alone: a fifth of the line
    image, _ = render_line([digit])
    right = np.flatnonzero(image.max(axis=0))[-1]
    under = right // COLUMN + 1
    whole = line_reader.columns(image)[:under]
    seen = (right + line.SEEN + COLUMN) // COLUMN * COLUMN
    assert seen < LINE_WIDTH / 2
    assert np.abs(line_reader.columns(image[:, :seen])[:under] - whole).max() < 1e-6
    closer = (right + 8) // COLUMN * COLUMN
    assert np.abs(line_reader.columns(image[:, :closer])[:under] - whole).max() > 1e-3


def test_a_number_written_on_reads_as_if_read_whole_each_time(unipen, line_reader):
    """Each release reads the drawing again; where the new stroke leaves the line where it was,
    only its ink is drawn and only the columns that see it are read again. Stroke by stroke
    through validation writers' numbers (and a fresh start after each, and after undo), every
    reading is what reading the whole drawing afresh gives."""
    from model.learning.pen_data import VALIDATION
    from model.learning.pen_numbers import pen_numbers

    written_on = line.LineReader(line_reader.forward)
    drawings = []
    for number in pen_numbers(unipen.part(VALIDATION), 12, seed=5):
        drawings += [number.strokes[:k] for k in range(1, len(number.strokes) + 1)]
        drawings += [number.strokes[:-1]] if len(number.strokes) > 1 else []  # undo
    went_on, before = 0, None
    for strokes in drawings:
        ours = written_on.reading(strokes)
        whole = line.LineReader(line_reader.forward).reading(strokes)  # nothing read before
        went_on += before is not None and before[1] == whole.placement and \
            len(before[0]) < len(strokes) and all(a is b for a, b in zip(before[0], strokes))
        before = strokes, whole.placement
        assert ours.placement == whole.placement
        assert ours.columns.shape == whole.columns.shape
        assert np.abs(ours.columns - whole.columns).max() < 1e-6
    assert went_on > len(drawings) / 4  # the numbers were written on, not all read afresh


def test_joined_numbers_of_writers_it_never_learnt_from_read_better_with_it(
        unipen, reader, line_reader):
    """The validation writers' numbers joined in one stroke (the line reader learnt from the
    training writers only): 82 of 100 read exactly with its second opinion, 72 without."""
    from model.learning.pen_data import VALIDATION
    from model.learning.pen_numbers import pen_numbers

    numbers = pen_numbers(unipen.part(VALIDATION), 100, seed=31, layouts=("joined",))
    without = sum(read(n.strokes, reader) == n.text for n in numbers)
    with_it = sum(read(n.strokes, reader, line_reader) == n.text for n in numbers)
    assert with_it >= without + 5, (with_it, without)


@pytest.fixture(scope="module")
def tangled(unipen, reader, line_reader):
    """The validation writers' overlapping and joined numbers (100 of each), and how many the
    window reads exactly."""
    from model.learning.pen_data import VALIDATION
    from model.learning.pen_numbers import pen_numbers

    numbers = pen_numbers(unipen.part(VALIDATION), 100, seed=33,
                          layouts=("overlapping", "joined"))
    return numbers, sum(read(n.strokes, reader, line_reader) == n.text for n in numbers)


def test_overlapping_and_joined_numbers_read_better_where_it_weighs_the_best_readings(
        tangled, reader, line_reader, monkeypatch):
    """Where the number reader's best reading merges two digits (a 1 written inside a 6, a
    joined pair read as one 8), one of its next best often splits them: the line reader,
    which never cuts, finds that one's digits far likelier (segment.LINE_PATHS)."""
    from model.reading import segment

    numbers, weighed = tangled
    monkeypatch.setattr(segment, "LINE_PATHS", 1)
    best_only = sum(read(n.strokes, reader, line_reader) == n.text for n in numbers)
    assert weighed >= best_only + 8, (weighed, best_only)  # measured 12-07: 173 against 160


def test_numbers_read_better_where_it_hears_digits_part_and_no_cut_was_offered(
        tangled, reader, line_reader, monkeypatch):
    """Where the line reader hears more digits in a number than the number reader found, the
    places it hears them part are offered as cuts (a join with no valley, no turn) and as
    doubts (digits written over each other)."""
    numbers, offered = tangled
    monkeypatch.setattr(LineReading, "boundaries", lambda self: [])
    not_offered = sum(read(n.strokes, reader, line_reader) == n.text for n in numbers)
    assert offered >= not_offered + 3, (offered, not_offered)  # measured 12-08: 177 against 173


def test_lone_digits_are_never_cut_by_it_and_read_no_worse(unipen, reader, line_reader):
    """Its opinion changes what each digit is read as, never where the digits are: outside a
    number another reading than the number reader's best needs its sure word
    (segment.LINE_SURE), and no lone digit here is cut on its word."""
    from model.learning.pen_data import VALIDATION
    from model.learning.pen_numbers import lone_number

    digits = unipen.part(VALIDATION)
    right = {False: 0, True: 0}
    for i in range(0, len(digits), 3):
        number = lone_number(digits, i)
        without = read_strokes(number.strokes, reader.predict_many, refuse=reader.refusals,
                               whole_digit=reader.whole_digit)
        with_it = read_strokes(number.strokes, reader.predict_many, refuse=reader.refusals,
                               whole_digit=reader.whole_digit, line_reader=line_reader)
        assert [r.box for r in with_it] == [r.box for r in without]
        right[False] += "".join(str(r.digit) for r in without) == number.text
        right[True] += "".join(str(r.digit) for r in with_it) == number.text
    assert right[True] >= right[False], right


def test_a_digit_the_line_reader_sees_alone_is_not_cut_in_two(unipen, reader, line_reader):
    """Real digits the number reader alone cuts in two, each part read surely (a 5 whose bar
    floats right read "55", a 2 with a long flag "21"), while the whole reads surely as the
    digit but looks unlike the whole digits it knows (or reads it 0.85, surely only with the
    line reader's opinion): the line reader, reading the drawing without cuts, sees that one
    digit, and it stays one. (Training writers' digits: the
    validation and test writers have no such digit; the line reader learnt from these.)"""
    from model.learning.pen_data import TRAINING

    digits = unipen.part(TRAINING)
    cut_alone = [598, 5391, 6072, 6247, 6267, 9361, 9499, 6321]  # 6321: whole 0.85, seconded
    written = [([s * 100 for s in digits.strokes(i)], str(int(digits.labels[i])))
               for i in cut_alone]
    assert sum(len(read(strokes, reader)) > 1 for strokes, _ in written) >= 5
    assert [read(strokes, reader, line_reader) for strokes, _ in written] == \
        [label for _, label in written]


def test_a_slashed_zero_cut_where_the_pen_came_back_is_one_zero_again(unipen, reader,
                                                                     line_reader):
    """A validation writer's zeros, begun at the top and slashed: the number reader cuts the
    0's stroke where the pen comes back and reads its slash as a second 0 ("80" as "800");
    the line reader sees one 0 under both, and the two are one again."""
    from model.learning.pen_data import VALIDATION
    from model.learning.pen_numbers import pen_numbers

    numbers = pen_numbers(unipen.part(VALIDATION), 200, seed=11, layouts=("apart",))
    for number in (numbers[146], numbers[13]):
        assert number.text in ("80", "776030")
        assert read(number.strokes, reader) != number.text
        assert read(number.strokes, reader, line_reader) == number.text


def test_a_damaged_line_reader_is_left_out_and_numbers_are_read_all_the_same(
        tmp_path, monkeypatch, reader, caplog):
    monkeypatch.setattr("model.keeping.paths.ASSETS", tmp_path)
    (tmp_path / line.LINE_READER_FILE).write_bytes(b"not a keras file")
    line.bundled_line_reader.cache_clear()
    try:
        assert line.bundled_line_reader() is None
        assert "line reader not used" in caplog.text
    finally:
        line.bundled_line_reader.cache_clear()
    one = np.array([[0.0, 0.0], [0.0, 100.0]])
    assert read([one], reader, None) == "1"
