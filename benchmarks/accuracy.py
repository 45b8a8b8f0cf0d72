"""Accuracy: the book's run beside the book's figure; the bundled convnet (taught real pen
digits and the world's handwriting forms, read with test-time views) beside the one it replaced
(MNIST and the forms only), each read as its sidecar says, on the MNIST test set, on generated
handwriting forms neither saw (model/learning/forms.py's held-out forms and held-out seed), on the
real pen digits of the held-out writers (model/learning/pen_data.py), and on the drawn-digit set,
drawn numbers, the odd hand (tests/odd_handwriting.py: forms no training set teaches) and the
held-out writers' pen digits replayed with mouse events through the real canvas."""

from __future__ import annotations

import numpy as np

from benchmarks.common import ROOT, mnist_path, open_window, row

BOOK_TEST_ACCURACY = 0.9789  # the book's listing
# The bundled model before it learnt real pens (MNIST and the world's forms), kept beside the
# benchmarks so that every figure has it as its baseline.
PREVIOUS_MODEL = ROOT / "benchmarks" / "models" / "world_forms_model.keras"


def run(smoke: bool = False) -> list[dict]:
    import model as core

    core.import_tensorflow_quietly()
    from model.keeping.paths import DEFAULT_MODEL
    from model.keeping.store import load_model
    from model.learning.data import load_npz
    from model.learning.forms import held_out_sets
    from model.learning.pen_data import TEST, read_unipen, rendered, shared_file
    from model.learning.train import TrainConfig, evaluate, fit
    from model.reading.views import views_of

    data = load_npz(mnist_path())
    if smoke:
        data = data.subset(train=2000, test=500)
    book = fit(data, TrainConfig("book", epochs=1 if smoke else 5, batch_size=128))
    rows = [row("accuracy: book network, book settings, MNIST test", book.test_accuracy * 100,
                BOOK_TEST_ACCURACY * 100, "%", higher_is_better=True)]
    # The bundled convnet beside the one it replaced (taught MNIST and the world's forms, not
    # real pens): each read as its sidecar says.
    new, old = load_model(DEFAULT_MODEL), load_model(PREVIOUS_MODEL)
    sets = {"MNIST test": (data.x_test, data.y_test)}
    for set_name, generated in held_out_sets(100 if smoke else 3000).items():
        sets[f"{set_name} (never trained on)"] = (generated.images, generated.labels)
    unipen = shared_file()
    held_out = read_unipen(unipen).part(TEST) if unipen else None
    if held_out is not None:
        if smoke:
            held_out = held_out.select(np.arange(0, len(held_out), 20))
        sets[f"real pen digits, {len(held_out.writer_names)} held-out writers"] = (
            rendered(held_out), held_out.labels)
    for set_name, (images, labels) in sets.items():
        new_accuracy, old_accuracy = (
            evaluate(keras_model, images, labels, rotations=views_of(metadata)).accuracy * 100
            for keras_model, metadata in (new, old))
        rows.append(row(f"accuracy: bundled vs previous convnet, {set_name}",
                        new_accuracy, old_accuracy, "%", higher_is_better=True))
    names = ["drawn digits via the canvas", "drawn numbers read exactly",
             "the odd hand via the canvas (forms no model was taught)"]
    if held_out is not None:
        names.append(f"real pen digits of {len(held_out.writer_names)} held-out writers via "
                     "the canvas")
    new_canvas, old_canvas = canvas_accuracy(DEFAULT_MODEL, smoke, held_out), \
        canvas_accuracy(PREVIOUS_MODEL, smoke, held_out)
    for set_name, new_accuracy, old_accuracy in zip(names, new_canvas, old_canvas):
        rows.append(row(f"accuracy: bundled vs previous convnet, {set_name}",
                        new_accuracy, old_accuracy, "%", higher_is_better=True))
    return rows


def canvas_accuracy(model_path, smoke: bool, pen=None) -> list[float]:
    """[% of the drawn-digit set read right, % of drawn numbers read exactly, % of the odd
    hand's digits read right, and with `pen` (model.learning.pen_data digits) % of them read right];
    the weakest five writers of `pen` are printed."""
    from tests.drawn_digits import drawn_digits
    from tests.drawn_numbers import numbers
    from tests.gui_helpers import draw, read_through_canvas
    from tests.odd_handwriting import odd_digits

    app, window = open_window(model_path=model_path)
    canvas = window.canvas
    digits = drawn_digits(canvas.width(), canvas.height())[::10 if smoke else 1]
    right = 0
    for digit in digits:
        canvas.clear()
        draw(canvas, digit.strokes)
        right += int(np.argmax(window.panel.probabilities())) == digit.label
    written = numbers(5 if smoke else 100, seed=77, width=canvas.width(),
                      height=canvas.height(), style="forms")
    exact = 0
    for number in written:
        canvas.clear()
        draw(canvas, number.strokes)
        exact += window.panel.number() == number.text
    odd = odd_digits(1 if smoke else 30, seed=23, width=canvas.width(), height=canvas.height())
    odd_right = 0
    for label, strokes in odd:
        canvas.clear()
        draw(canvas, strokes)
        odd_right += int(np.argmax(window.panel.probabilities())) == label
    figures = [right / len(digits) * 100, exact / len(written) * 100,
               odd_right / len(odd) * 100]
    if pen is not None:
        read, _ = read_through_canvas(window, pen)
        figures.append(float(np.mean(read == pen.labels)) * 100)
        print(f"{model_path.name}: weakest writers via the canvas: {weakest_writers(pen, read)}")
    window.close()
    return figures


def weakest_writers(digits, read, count: int = 5) -> str:
    """'site/writer 91.2 % (34 digits); …' for the `count` writers read worst."""
    from model.learning.pen_data import accuracy_by_writer

    return "; ".join(f"{writer} {accuracy:.1%} ({n} digits)"
                     for accuracy, writer, n in accuracy_by_writer(digits, read)[:count])
