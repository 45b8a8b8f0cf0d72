"""A minute of scribbling (issue 26, case 4): thousands of strokes, or one stroke of 100,000
points, through real mouse events. Reading stays bounded (a scribble is said to be one, not
segmented), the canvas keeps painting only what changed, memory stays bounded, Undo works.
`make test` scribbles 260 strokes; `make soak` the full 5,000."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from model.reading.segment import MAX_POINTS, MAX_STROKES
from tests.gui_helpers import draw, seven
from tests.test_soak import rss_mb

SCRIBBLE = "more ink than any number"


def scribble(canvas, rng, count: int) -> None:
    w, h = canvas.width(), canvas.height()
    for _ in range(count):
        start = rng.uniform((10, 10), (w - 10, h - 10))
        points = np.clip(start + np.cumsum(rng.normal(0, 8, (10, 2)), axis=0), 2,
                         (w - 2, h - 2))
        draw(canvas, [points])


def painted(canvas) -> QImage:
    return canvas.grab().toImage()


@pytest.mark.parametrize("strokes", [
    pytest.param(MAX_STROKES + 60, id="smoke"),
    pytest.param(5000, id="soak", marks=pytest.mark.slow)])
def test_thousands_of_scribbled_strokes_stay_bounded_and_undo_still_works(
        make_window, qtbot, strokes):
    window = make_window()
    canvas = window.canvas
    predictor = window.session.active.predictor
    reads = []
    real = predictor.predict_many
    predictor.predict_many = lambda images: (reads.append(len(images)), real(images))[1]
    rng = np.random.default_rng(26)
    scribble(canvas, rng, MAX_STROKES - 20)
    qtbot.wait(1)
    assert SCRIBBLE not in window.panel.verdict_label.text()  # still read as writing
    reads.clear()
    memory = rss_mb()
    scribble(canvas, rng, strokes - (MAX_STROKES - 20))
    qtbot.wait(1)
    assert SCRIBBLE in window.panel.verdict_label.text()
    assert len(window.readings) == 0  # no digits, no boxes: not a number
    # Past the bound nothing is segmented or read any more, however long the scribbling goes.
    assert sum(reads) <= 40 * 3  # the strokes up to the bound, read as they came
    assert rss_mb() - memory < 60  # undo keeps whole drawings, but shares their strokes

    # Undo: the stroke is gone, and the canvas shows exactly what painting afresh shows.
    before_last = painted(canvas)
    draw(canvas, seven(canvas, 0.3))
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(canvas.drawing.strokes) == strokes
    assert painted(canvas) == before_last
    canvas.set_strokes(canvas.stroke_points())  # the same strokes, painted from scratch
    assert painted(canvas) == before_last
    # Undo enough and the writing is read again.
    for _ in range(strokes - MAX_STROKES + 20):
        canvas.undo()
    qtbot.wait(1)
    assert SCRIBBLE not in window.panel.verdict_label.text()


def test_one_stroke_of_a_hundred_thousand_points(make_window, qtbot):
    window = make_window()
    canvas = window.canvas
    w, h = canvas.width(), canvas.height()
    corners = [QPoint(4, 4), QPoint(w - 4, h - 4), QPoint(w - 4, 4), QPoint(4, h - 4)]
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     corners[0])
    moves = 0
    while len(canvas.strokes_xy()[-1]) < 100_000:  # back and forth across the canvas
        moves += 1
        QTest.mouseMove(canvas, corners[moves % 4])
        if moves % 50 == 0:
            qtbot.wait(1)  # the live reading and painting run as the stroke grows
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       corners[moves % 4])
    qtbot.wait(1)
    assert len(canvas.drawing.strokes) == 1 and len(canvas.stroke_points()[0]) > MAX_POINTS
    assert SCRIBBLE in window.panel.verdict_label.text()
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert canvas.is_empty()
    draw(canvas, seven(canvas))
    qtbot.wait(1)
    assert int(np.argmax(window.panel.probabilities())) == 7  # and on it goes
