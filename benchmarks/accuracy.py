"""Accuracy: the book's run; and the bundled convnet beside the one it replaced (trained on
MNIST alone) on the MNIST test set, on handwriting forms it never saw (model/forms.py's
held-out forms and held-out seed), and on the drawn-digit set and drawn numbers replayed with
mouse events through the real canvas."""

from __future__ import annotations

import numpy as np

from benchmarks.common import ROOT, mnist_path, open_window, row

BOOK_TEST_ACCURACY = 0.9789  # the book's listing
PREVIOUS_MODEL = ROOT / "benchmarks" / "previous_model.keras"  # MNIST only, 99.52 %


def run(smoke: bool = False) -> list[dict]:
    import model as core

    core.import_tensorflow_quietly()
    from model.data import load_npz
    from model.forms import held_out_sets
    from model.paths import DEFAULT_MODEL
    from model.store import load_model
    from model.train import TrainConfig, evaluate, fit

    data = load_npz(mnist_path())
    if smoke:
        data = data.subset(train=2000, test=500)
    book = fit(data, TrainConfig("book", epochs=1 if smoke else 5, batch_size=128))
    models = {"bundled": DEFAULT_MODEL, "previous": PREVIOUS_MODEL}
    rows = [row("accuracy: book network, book settings, MNIST test", book.test_accuracy * 100,
                BOOK_TEST_ACCURACY * 100, "%", higher_is_better=True)]
    mnist, forms = {}, {}
    held = held_out_sets(100 if smoke else 3000)
    for name, path in models.items():
        net = load_model(path)[0]
        mnist[name] = evaluate(net, data.x_test, data.y_test).accuracy * 100
        forms[name] = {set_name: evaluate(net, generated.images, generated.labels).accuracy
                       * 100 for set_name, generated in held.items()}
    rows.append(row("accuracy: bundled convnet vs previous (MNIST only), MNIST test",
                    mnist["bundled"], mnist["previous"], "%", higher_is_better=True))
    for set_name in held:
        rows.append(row(f"accuracy: bundled vs previous, {set_name} (never trained on)",
                        forms["bundled"][set_name], forms["previous"][set_name], "%",
                        higher_is_better=True))
    for name, path in models.items():
        drawn, numbers = canvas_accuracy(path, smoke)
        rows.append(row(f"accuracy: {name} convnet, drawn digits via the canvas", drawn, None,
                        "%"))
        rows.append(row(f"accuracy: {name} convnet, drawn numbers read exactly", numbers,
                        None, "%"))
    return rows


def canvas_accuracy(model_path, smoke: bool) -> tuple[float, float]:
    """(% of the drawn-digit set read right, % of drawn numbers read exactly)."""
    from tests.drawn_digits import drawn_digits
    from tests.drawn_numbers import numbers
    from tests.gui_helpers import draw

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
    window.close()
    return right / len(digits) * 100, exact / len(written) * 100
