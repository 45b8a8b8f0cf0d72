"""Accuracy: the book's run and the bundled convnet on the MNIST test set; the bundled model
on the programmatic drawn-digit set, replayed with mouse events through the real canvas."""

from __future__ import annotations

import numpy as np

from benchmarks.common import mnist_path, open_window, row

BOOK_TEST_ACCURACY = 0.9789  # the book's listing


def run(smoke: bool = False) -> list[dict]:
    import model as core

    core.import_tensorflow_quietly()
    from model.data import load_npz
    from model.paths import DEFAULT_MODEL
    from model.store import load_model
    from model.train import TrainConfig, evaluate, fit
    from tests.drawn_digits import drawn_digits
    from tests.gui_helpers import draw

    data = load_npz(mnist_path())
    if smoke:
        data = data.subset(train=2000, test=500)
    book = fit(data, TrainConfig("book", epochs=1 if smoke else 5, batch_size=128))
    bundled = evaluate(load_model(DEFAULT_MODEL)[0], data.x_test, data.y_test)

    app, window = open_window()
    digits = drawn_digits(window.canvas.width(), window.canvas.height())[::10 if smoke else 1]
    right = 0
    for digit in digits:
        window.canvas.clear()
        draw(window.canvas, digit.strokes)
        right += int(np.argmax(window.panel.probabilities())) == digit.label
    window.close()
    return [
        row("accuracy: book network, book settings, MNIST test", book.test_accuracy * 100,
            BOOK_TEST_ACCURACY * 100, "%", higher_is_better=True),
        row("accuracy: bundled convnet, MNIST test (vs book run)", bundled.accuracy * 100,
            book.test_accuracy * 100, "%", higher_is_better=True),
        row(f"accuracy: bundled convnet, {len(digits)} drawn digits via the canvas",
            right / len(digits) * 100, None, "%"),
    ]
