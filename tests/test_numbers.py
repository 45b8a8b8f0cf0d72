"""Reading whole numbers: written through the real canvas, opened as pictures, and headless."""

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from model.learning import forms
from model.reading.preprocess import render_strokes
from model.reading.segment import links, read_strokes
from tests.drawn_numbers import drawn_number, numbers
from tests.gui_helpers import draw, open_image


def number_accuracy(window, drawn):
    canvas, exact, right, total = window.canvas, 0, 0, 0
    wrong = []
    for number in drawn:
        canvas.clear()
        draw(canvas, number.strokes)
        read = window.panel.number()
        exact += read == number.text
        total += len(number.text)
        if len(read) == len(number.text):
            right += sum(a == b for a, b in zip(read, number.text))
        if read != number.text:
            wrong.append((number.text, read))
    return exact / len(drawn), right / total, wrong


@pytest.mark.parametrize("style", ["templates", "forms"])
def test_numbers_drawn_through_the_canvas_are_read(make_window, capsys, style):
    window = make_window()
    canvas = window.canvas
    drawn = numbers(40, seed=21, width=canvas.width(), height=canvas.height(), style=style)
    exact, per_digit, wrong = number_accuracy(window, drawn)
    with capsys.disabled():
        print(f"\nnumbers ({style}): exact {exact:.0%}, per digit {per_digit:.1%}; "
              f"wrong: {wrong[:6]}")
    assert exact >= 0.85 and per_digit >= 0.93


def test_spacing_from_touching_to_wide(make_window):
    window = make_window()
    canvas = window.canvas
    rng = np.random.default_rng(4)
    for spacing in (-0.02, 0.05, 0.3, 1.2):
        canvas.clear()
        draw(canvas, drawn_number("2026", rng, canvas.width(), canvas.height(),
                                  spacing=spacing).strokes)
        assert window.panel.number() == "2026", spacing


def unit_digit(digit, name, rng):
    form = next(f for f in forms.FORMS if (f.digit, f.name) == (digit, name))
    return form.build(rng)


@pytest.mark.parametrize(("digit", "name"), [(4, "open"), (4, "closed"), (5, "two-strokes"),
                                             (7, "crossbar"), (7, "hooked-crossbar"),
                                             (1, "flag-base")])
def test_two_stroke_digits_stay_together(digit, name):
    rng = np.random.default_rng(digit)
    for _ in range(10):
        strokes = [s * 300 for s in forms.perturb(unit_digit(digit, name, rng), rng)]
        order, kinds = links([(s[:, 0].min(), s[:, 1].min(), s[:, 0].max(), s[:, 1].max())
                              for s in strokes])
        assert "split" not in kinds, (digit, name)


def test_a_dotted_zero_is_one_digit(bundled_model):
    from model.reading.predictor import Predictor

    ring = forms.arc(200, 200, 60, 90, -90, 275)
    dot = np.array([[200.0, 200.0], [201.0, 201.0]])
    readings = read_strokes([ring, dot], Predictor(bundled_model).predict_many)
    assert len(readings) == 1 and readings[0].digit == 0


def test_one_digit_is_exactly_as_before(make_window):
    """A lone digit is not split, and the model sees the very same tensor as before."""
    from model.reading.preprocess import to_mnist
    from tests.drawn_digits import drawn_digits

    window = make_window()
    canvas = window.canvas
    for digit in drawn_digits(canvas.width(), canvas.height())[::7]:
        canvas.clear()
        draw(canvas, digit.strokes)
        assert len(window.panel.number()) == 1 and not window.panel.number_view.isVisible()
        assert np.array_equal(window.readings[0].tensor, to_mnist(canvas.ink()))


def test_selecting_a_digit_in_the_panel_and_on_the_canvas(make_window, qtbot):
    window = make_window()
    canvas, panel = window.canvas, window.panel
    assert panel.number() == ""
    draw(canvas, drawn_number("471", np.random.default_rng(2), canvas.width(),
                              canvas.height(), spacing=0.5).strokes)
    assert panel.number() == "471" and panel.number_view.isVisible()
    assert np.argmax(panel.probabilities()) == 1  # the last digit written is shown
    view = panel.number_view
    left = (view.width() - view.cell_width() * 3) / 2
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton,
                     pos=QPoint(round(left + view.cell_width() * 0.5), view.height() // 2))
    assert panel.selected_index() == 0 and np.argmax(panel.probabilities()) == 4
    assert "Digit 1 of 3" in panel.verdict_label.text()
    tag = canvas.digit_tag(1).center().toPoint()
    strokes_before = len(canvas.drawing.strokes)
    QTest.mouseClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, tag)
    assert panel.selected_index() == 1 and np.argmax(panel.probabilities()) == 7
    assert len(canvas.drawing.strokes) == strokes_before  # the click selected, drew nothing


def test_a_correction_applies_to_the_selected_digit(make_window, tmp_path):
    window = make_window()
    canvas = window.canvas
    draw(canvas, drawn_number("38", np.random.default_rng(3), canvas.width(), canvas.height(),
                              spacing=0.5).strokes)
    window.panel.select(0)
    assert window.correct(3)
    sample = window.samples.samples()[-1]
    assert sample.label == 3 and np.array_equal(sample.tensor, window.readings[0].tensor)
    assert len(sample.strokes) == len(window.readings[0].pieces)
    assert window.panel.selected_index() == 1 and not canvas.is_empty()


def write_number_picture(path, text, rng, noise=0.08):
    """A number on paper: dark ink on a light, noisy background, like a phone photo."""
    tiles = []
    for char in text:
        strokes = drawn_number(char, rng, 200, 200, spacing=0).strokes
        tiles.append(render_strokes(strokes, size=120))
    ink = np.concatenate([np.pad(t, ((20, 20), (10, 10))) for t in tiles], axis=1)
    paper = 0.92 - 0.75 * ink + rng.normal(0, noise, ink.shape)
    Image.fromarray((np.clip(paper, 0, 1) * 255).astype(np.uint8)).save(path)
    return path


def test_a_photo_of_a_number_is_read(make_window, qtbot, tmp_path):
    window = make_window()
    path = write_number_picture(tmp_path / "1984.png", "1984", np.random.default_rng(8))
    assert open_image(qtbot, window, path)
    assert window.panel.number() == "1984"
    assert len(window.canvas._digit_boxes) == 4


def test_cli_reads_numbers_in_pictures(tmp_path, capsys):
    from model.cli import main
    from model.keeping.paths import DEFAULT_MODEL

    path = write_number_picture(tmp_path / "2026.png", "2026", np.random.default_rng(9))
    assert main(["predict", "--model", str(DEFAULT_MODEL), str(path)]) == 0
    assert capsys.readouterr().out.startswith(f"{path}: 2026  [")


def test_a_long_closely_written_number_decides_every_ambiguous_link():
    """Twelve pieces, each a clear digit alone, each a hair's gap from the next (neither
    surely apart nor surely together). All twelve are read, not only the first six links
    decided and the rest glued; and the work grows with the length, not 2^links."""
    from model.reading.segment import read

    boxes = [(i * 0.55, 0.0, i * 0.55 + 0.5, 1.0) for i in range(12)]
    assert links(boxes)[1] == ["ambiguous"] * 11
    rendered = []

    def render(group):
        rendered.append(group)
        return np.full((28, 28), len(group), np.float32)

    def predict_many(tensors):  # one piece reads as a confident digit, a merger does not
        sure = np.array([t[0, 0] == 1 for t in tensors])
        out = np.full((len(tensors), 10), 0.02)
        out[:, 7] = np.where(sure, 0.98, 0.2)
        return out

    readings = read(boxes, render, predict_many)
    assert [r.pieces for r in readings] == [(i,) for i in range(12)]
    assert len(rendered) <= 12 * 6  # each piece starts at most MAX_RUNS candidate digits
