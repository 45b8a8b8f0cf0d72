"""Learning from corrections: 100 digits of an odd hand (tests/odd_handwriting.py), fine-tuned
from the bundled model with MNIST replay, as the My digits tab does; against the 30 s target.
Also the honest figures: held-out samples and MNIST test, before → after."""

from __future__ import annotations

import numpy as np

from benchmarks.common import mnist_path, row

TARGET_SECONDS = 30.0


def run(smoke: bool = False) -> list[dict]:
    import model as core

    core.import_tensorflow_quietly()
    from model.data import load_npz
    from model.finetune import FinetuneConfig, finetune
    from model.paths import DEFAULT_MODEL
    from model.preprocess import render_strokes, to_mnist
    from model.store import load_model
    from model.views import views_of
    from tests.odd_handwriting import odd_digits

    base, metadata = load_model(DEFAULT_MODEL)
    data = load_npz(mnist_path())
    per_digit = 2 if smoke else 10
    drawn = odd_digits(per_digit, seed=11, width=500, height=500)
    images = np.array([to_mnist(render_strokes(strokes)) for _, strokes in drawn])
    labels = np.array([label for label, _ in drawn])
    config = FinetuneConfig(epochs=1, replay=200) if smoke else FinetuneConfig()
    if smoke:
        data = data.subset(test=500)
    # Read with the bundled model's views, as the app reads it.
    result = finetune(base, images, labels, data, config, rotations=views_of(metadata))
    n = len(labels)
    return [
        row(f"learning: {n} corrections, seconds (vs the 30 s target)", result.seconds,
            TARGET_SECONDS, "s"),
        row(f"learning: held-out corrections ({result.held}), after vs before",
            result.held_after * 100, result.held_before * 100, "%", higher_is_better=True),
        row("learning: MNIST test after vs before", result.mnist_after * 100,
            result.mnist_before * 100, "%", higher_is_better=True),
    ]
