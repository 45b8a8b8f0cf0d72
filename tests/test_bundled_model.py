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
