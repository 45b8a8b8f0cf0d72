""""That's not a digit": the bundled model's gate (model.reading.outliers) against its threshold on
the top probability alone, side by side on sets nothing was fitted or chosen on: generated
non-digits of another seed, letters of another source (Hershey fonts), and real digits (the
test writers' pen digits, MNIST test). tests/test_not_a_digit.py asserts on the same."""

from __future__ import annotations

import numpy as np

from benchmarks.common import mnist_path, row
from model.reading.outliers import FIT_SEED

TEST_SEED = FIT_SEED + 1000  # generated non-digits no gate was fitted or chosen on


def images_of(drawings) -> np.ndarray:
    from model.reading.preprocess import render_strokes, to_mnist

    return np.array([to_mnist(render_strokes(d)) for d in drawings])


def readers(keras_model) -> dict:
    """The bundled model as the app reads it: with its gate, and with the threshold alone."""
    from model.keeping.paths import DEFAULT_MODEL
    from model.keeping.store import load_metadata
    from model.reading.outliers import Refusal
    from model.reading.predictor import Predictor
    from model.reading.views import views_of

    metadata = load_metadata(DEFAULT_MODEL)
    refusal = Refusal.of(metadata)
    temperature, views = metadata["temperature"], views_of(metadata)
    return {"gate": Predictor(keras_model, temperature, views, refusal),
            "threshold": Predictor(keras_model, temperature, views,
                                   Refusal(None, refusal.refuse_below))}


def refused_shares(readers: dict, images) -> dict[str, float]:
    """The share of `images` each reader refuses. The readers share the network, its
    temperature and its views (only the refusal differs), so one reading serves them all."""
    probabilities = next(iter(readers.values())).predict_many(images)
    return {name: float(np.mean([bool(why) for why in predictor.refusals(images, probabilities)]))
            for name, predictor in readers.items()}


def run(smoke: bool = False) -> list[dict]:
    import model as core

    core.import_tensorflow_quietly()
    from model.keeping.paths import DEFAULT_MODEL
    from model.keeping.store import load_model
    from model.learning.data import load_npz
    from model.learning.non_digits import KINDS, non_digits
    from model.learning.pen_data import TEST, read_unipen, rendered, shared_file
    from tests.hershey_letters import TEST_FONTS, hershey_letters

    both = readers(load_model(DEFAULT_MODEL)[0])
    count = 20 if smoke else 300
    rows = []
    for k, kind in enumerate(KINDS):
        shares = refused_shares(both, images_of(non_digits(kind, count, TEST_SEED + k)))
        rows.append(row(f"not a digit: generated {kind} refused, gate vs threshold",
                        100 * shares["gate"], 100 * shares["threshold"], "%",
                        higher_is_better=True))
    letters = images_of([d for font in TEST_FONTS
                         for d in hershey_letters(font, 1 if smoke else 3, 1)])
    shares = refused_shares(both, letters)
    rows.append(row(f"not a digit: Hershey letters ({', '.join(TEST_FONTS)}) refused, gate vs "
                    "threshold", 100 * shares["gate"], 100 * shares["threshold"], "%",
                    higher_is_better=True))
    path = shared_file()
    digits = {"MNIST test": load_npz(mnist_path()).x_test / 255}
    if path is not None:
        digits["the test writers' real pen digits"] = rendered(read_unipen(path).part(TEST)) / 255
    for name, images in digits.items():
        shares = refused_shares(both, images[:200] if smoke else images)
        rows.append(row(f"not a digit: {name} refused (lower is better), gate vs threshold",
                        100 * shares["gate"], 100 * shares["threshold"], "%"))
    return rows
