"""Accuracy: the book's run beside the book's figure; the bundled convnet (taught the world's
handwriting forms, read with test-time views) beside the MNIST-only one it replaced, each read as
its sidecar says, on the MNIST test set, on generated handwriting forms neither saw
(model/forms.py's held-out forms and held-out seed), and on the drawn-digit set, drawn numbers
and the odd hand (tests/odd_handwriting.py: forms no training set teaches, the data for
learning from corrections) replayed with mouse events through the real canvas."""

from __future__ import annotations

import numpy as np

from benchmarks.common import mnist_path, open_window, row

BOOK_TEST_ACCURACY = 0.9789  # the book's listing


def run(smoke: bool = False) -> list[dict]:
    import model as core

    core.import_tensorflow_quietly()
    from model.data import load_npz
    from model.forms import held_out_sets
    from model.paths import DEFAULT_MODEL, MNIST_ONLY_MODEL
    from model.store import load_model
    from model.train import TrainConfig, evaluate, fit
    from model.views import views_of

    data = load_npz(mnist_path())
    if smoke:
        data = data.subset(train=2000, test=500)
    book = fit(data, TrainConfig("book", epochs=1 if smoke else 5, batch_size=128))
    rows = [row("accuracy: book network, book settings, MNIST test", book.test_accuracy * 100,
                BOOK_TEST_ACCURACY * 100, "%", higher_is_better=True)]
    # The bundled convnet beside the one it replaced: same network, same seed; the new one
    # also learnt the world's handwriting forms and is read with its test-time views.
    new, old = load_model(DEFAULT_MODEL), load_model(MNIST_ONLY_MODEL)
    sets = {"MNIST test": (data.x_test, data.y_test)}
    for set_name, generated in held_out_sets(100 if smoke else 3000).items():
        sets[f"{set_name} (never trained on)"] = (generated.images, generated.labels)
    for set_name, (images, labels) in sets.items():
        new_accuracy, old_accuracy = (
            evaluate(keras_model, images, labels, rotations=views_of(metadata)).accuracy * 100
            for keras_model, metadata in (new, old))
        rows.append(row(f"accuracy: bundled vs MNIST-only convnet, {set_name}",
                        new_accuracy, old_accuracy, "%", higher_is_better=True))
    new_canvas, old_canvas = canvas_accuracy(DEFAULT_MODEL, smoke), \
        canvas_accuracy(MNIST_ONLY_MODEL, smoke)
    for set_name, new_accuracy, old_accuracy in zip(
            ("drawn digits via the canvas", "drawn numbers read exactly",
             "the odd hand via the canvas (forms no model was taught)"), new_canvas, old_canvas):
        rows.append(row(f"accuracy: bundled vs MNIST-only convnet, {set_name}",
                        new_accuracy, old_accuracy, "%", higher_is_better=True))
    return rows


def canvas_accuracy(model_path, smoke: bool) -> tuple[float, float, float]:
    """(% of the drawn-digit set read right, % of drawn numbers read exactly, % of the odd
    hand's digits read right)."""
    from tests.drawn_digits import drawn_digits
    from tests.drawn_numbers import numbers
    from tests.gui_helpers import draw
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
    window.close()
    return (right / len(digits) * 100, exact / len(written) * 100,
            odd_right / len(odd) * 100)
