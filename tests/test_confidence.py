"""Honest confidence: temperature scaling fitted on held-out digits, judged on others."""

import numpy as np
import pytest

from model.reading.confidence import (
    VALIDATION,
    fit_temperature,
    reliability,
    temperature_of,
    with_temperature,
)


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_the_fit_finds_the_temperature_that_made_the_labels():
    rng = np.random.default_rng(0)
    scores = rng.normal(size=(6000, 10)) * 4
    # Labels drawn from the scores softened by 2.5: the raw softmax is overconfident by that.
    truth = softmax(scores / 2.5)
    labels = np.array([rng.choice(10, p=p) for p in truth])
    assert fit_temperature(softmax(scores), labels) == pytest.approx(2.5, rel=0.08)
    # Scaling keeps every answer and its ranking.
    scaled = with_temperature(softmax(scores), 2.5)
    assert np.array_equal(scaled.argmax(axis=1), scores.argmax(axis=1))
    assert np.allclose(scaled.sum(axis=1), 1)


def test_reliability_counts_each_band():
    probabilities = np.array([[0.95, 0.05], [0.92, 0.08], [0.55, 0.45], [0.1, 0.9]])
    labels = np.array([0, 1, 0, 1])
    bands = reliability(np.pad(probabilities, ((0, 0), (0, 8))), labels)
    assert bands.count[9] == 3 and bands.count[5] == 1 and bands.count.sum() == 4
    assert bands.accuracy[9] == pytest.approx(2 / 3)
    assert bands.confidence[9] == pytest.approx((0.95 + 0.92 + 0.9) / 3)
    # The gap of each band, weighted by its share of the digits.
    expected = 3 / 4 * abs(2 / 3 - 0.9233333) + 1 / 4 * abs(1 - 0.55)
    assert bands.calibration_error == pytest.approx(expected, abs=1e-6)


def pen_test_error(predictor, unipen, temperature: float = 1.0) -> float:
    """Expected calibration error on the real pen digits of the test writers (nothing was
    fitted on them), read with `temperature`."""
    from model.learning.pen_data import TEST, rendered

    held_out = unipen.part(TEST)
    p = predictor.predict_many(rendered(held_out) / 255)
    return reliability(with_temperature(p, temperature), held_out.labels).calibration_error


def test_calibration_lowers_the_error_of_an_overconfident_network(mnist, unipen, capsys):
    """The book's network, trained long on few digits, claims more than it delivers: a
    temperature fitted on the validation writers' pen digits shrinks the calibration error on
    the test writers' digits, which that fit never saw."""
    from model.learning.train import TrainConfig, fit
    from model.reading.predictor import Predictor

    result = fit(mnist.subset(train=1000), TrainConfig("book", epochs=40, seed=3))
    calibration = result.calibration
    assert calibration.fitted_on == VALIDATION
    raw = Predictor(result.model)
    before, after = (pen_test_error(raw, unipen, t) for t in (1.0, calibration.temperature))
    with capsys.disabled():
        print(f"\noverconfident network: T {calibration.temperature:.2f}, ECE on the test "
              f"writers {before:.2%} → {after:.2%}")
    assert calibration.temperature > 1.2  # it was overconfident: calibration softens
    assert after < 0.6 * before


def test_the_bundled_model_is_calibrated_as_its_sidecar_says(bundled_reads_test_sets, unipen,
                                                             capsys):
    from model.keeping.paths import DEFAULT_MODEL
    from model.keeping.store import load_metadata

    metadata = load_metadata(DEFAULT_MODEL)
    calibration = bundled_reads_test_sets["MNIST test"]["evaluation"].calibration
    pen = bundled_reads_test_sets["pen test writers"]
    before, after = (reliability(with_temperature(pen["probabilities"], t),
                                 pen["labels"]).calibration_error
                     for t in (1.0, calibration.temperature))
    with capsys.disabled():
        print(f"\nbundled model: T {calibration.temperature:.3f} (validation writers); ECE on "
              f"the test writers {before:.2%} → {after:.2%}, on MNIST test "
              f"{calibration.before.calibration_error:.2%} → "
              f"{calibration.after.calibration_error:.2%}")
    # Fitted on drawings, for drawings: within about a percent on writers it never saw.
    assert calibration.fitted_on == VALIDATION and after < 0.015
    assert metadata["temperature"] == pytest.approx(calibration.temperature, abs=1e-3)
    assert metadata["refuse_below"] == pytest.approx(calibration.refuse_below, abs=1e-3)


def test_the_app_shows_calibrated_probabilities(bundled_model, mnist):
    from model.keeping.paths import DEFAULT_MODEL
    from model.keeping.store import load_metadata
    from model.reading.loading import load, load_with_keras
    from model.reading.predictor import Predictor
    from model.reading.views import views_of

    images = mnist.x_test[:200] / 255
    raw = Predictor(bundled_model,
                    rotations=views_of(load_metadata(DEFAULT_MODEL))).predict_many(images)
    for loaded in (load(DEFAULT_MODEL), load_with_keras(DEFAULT_MODEL)):
        temperature = loaded.metadata["temperature"]
        assert loaded.predictor.temperature == temperature != 1
        shown = loaded.predictor.predict_many(images)
        assert np.allclose(shown, with_temperature(raw, temperature), atol=1e-6)
        assert np.array_equal(shown.argmax(axis=1), raw.argmax(axis=1))


@pytest.mark.parametrize("value", [-1.0, 0, 1e9, "hot", True, None, [2.0]])
def test_an_absurd_temperature_in_a_sidecar_is_ignored(value):
    assert temperature_of({"temperature": value}) == 1.0


@pytest.mark.heavy(16)
def test_a_learnt_model_is_calibrated_and_gated_too(bundled_model, mnist):
    from model.keeping.store import finetuned_metadata
    from model.learning.finetune import FinetuneConfig, finetune

    rng = np.random.default_rng(0)
    picked = rng.choice(len(mnist.x_test), 40, replace=False)
    result = finetune(bundled_model, mnist.x_test[picked] / 255, mnist.y_test[picked], mnist,
                      FinetuneConfig(epochs=1, replay=200))
    metadata = finetuned_metadata({"architecture": "cnn"}, "base.keras", result, "test")
    assert 0.5 < metadata["temperature"] < 3 and 0 < metadata["refuse_below"] < 1
    # judged on the spread of MNIST test the learning reads (a person is waiting)
    assert result.calibration.after.count.sum() == result.test_digits == 2000
    # and its own "not a digit" gate, which the app then reads it with
    from model.reading.outliers import Refusal

    assert Refusal.of(metadata).gate is not None
