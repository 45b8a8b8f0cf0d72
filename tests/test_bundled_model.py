"""The model DigitPad ships with."""

import numpy as np

from model.paths import DEFAULT_MODEL
from model.predictor import Predictor
from model.preprocess import to_mnist
from model.store import load_metadata
from model.train import evaluate


def test_bundled_model_accuracy_on_the_mnist_test_set(bundled_model, mnist):
    result = evaluate(bundled_model, mnist.x_test, mnist.y_test)
    assert result.accuracy >= 0.993


def test_bundled_metadata_belongs_to_the_file():
    metadata = load_metadata(DEFAULT_MODEL)
    assert metadata["architecture"] == "cnn" and metadata["test_accuracy"] >= 0.993
    assert metadata["data_source"].endswith("mnist.npz") and metadata["epochs"] >= 1


def test_fast_predictor_agrees_with_keras_on_preprocessed_digits(bundled_model, mnist):
    predictor = Predictor(bundled_model)
    images = np.stack([to_mnist(image / 255) for image in mnist.x_test[:300]])
    fast = np.array([predictor.predict(image) for image in images])
    keras_out = bundled_model.predict(images[..., None], verbose=0)
    np.testing.assert_allclose(fast, keras_out, atol=1e-4)
    assert (fast.argmax(axis=1) == mnist.y_test[:300]).mean() >= 0.98


# ---- the world-handwriting model (File → Use the World-Handwriting Model) --------------------

def test_the_world_model_reads_unseen_forms_with_far_fewer_mistakes(bundled_model, mnist,
                                                                    capsys):
    from model.forms import held_out_sets
    from model.paths import WORLD_FORMS_MODEL
    from model.store import load_model

    world, metadata = load_model(WORLD_FORMS_MODEL)
    assert metadata["generated_forms"] == 10000 and "world's handwriting" in metadata["recipe"]
    figures = {}
    for name, generated in held_out_sets(1000).items():
        figures[name] = [evaluate(model, generated.images, generated.labels).accuracy
                         for model in (bundled_model, world)]
    figures["MNIST test"] = [evaluate(model, mnist.x_test, mnist.y_test).accuracy
                             for model in (bundled_model, world)]
    with capsys.disabled():
        print("\ndefault → world-handwriting model: " + "; ".join(
            f"{name} {old:.2%} → {new:.2%}" for name, (old, new) in figures.items()))
    old, new = figures["held-out forms"]
    assert 1 - new < 0.5 * (1 - old)  # constructions neither model was trained on
    assert figures["trained forms, held-out seed"][1] > figures["trained forms, held-out seed"][0]
    assert figures["MNIST test"][1] >= 0.994


def test_switching_to_the_world_model_reads_a_long_flagged_one(make_window, qtbot,
                                                                bundled_model):
    from PySide6.QtGui import QAction

    from model import forms
    from model.paths import WORLD_FORMS_MODEL
    from model.preprocess import render_strokes
    from tests.gui_helpers import draw

    window = make_window()
    canvas = window.canvas
    # The continental 1 with a long flag, a construction no model was trained on: the default
    # model (MNIST's US hands) reads 31 % of them as 7, the world model 17 % (measured). One
    # that the two read differently, checked headless; the window must show the same.
    flagged = next(f for f in forms.FORMS if (f.digit, f.name) == (1, "long-flag"))
    default, world = Predictor(bundled_model), Predictor.from_file(WORLD_FORMS_MODEL)[0]
    rng = np.random.default_rng(11)
    for _ in range(300):
        strokes = forms.perturb(flagged.build(rng), rng)
        image = to_mnist(render_strokes(strokes))
        if default.predict(image).argmax() != 1 and world.predict(image).argmax() == 1:
            break
    side = min(canvas.width(), canvas.height()) * 0.7
    draw(canvas, [s * side + 40 for s in strokes])
    assert window.panel.probabilities() is not None and window.panel.number() != "1"
    with qtbot.waitSignal(window.session.modelChanged, timeout=60_000):
        window.findChild(QAction, "worldFormsAction").trigger()
    assert window.session.active.path == WORLD_FORMS_MODEL
    assert "world handwriting" in window.model_label.text()
    assert window.panel.number() == "1"
