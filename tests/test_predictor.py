import threading
import time

import keras
import numpy as np
import pytest

from model.learning import networks
from model.learning.data import prepare_images
from model.reading.predictor import Predictor


@pytest.mark.parametrize("arch", ["book", "cnn"])
def test_numpy_path_matches_keras(arch, mnist):
    net = networks.build(arch)
    predictor = Predictor(net)
    assert predictor.backend == "numpy"
    images = mnist.x_test[:8].astype(np.float32) / 255
    expected = net.predict(prepare_images(images, net.input_shape[1:]), verbose=0)
    for image, row in zip(images, expected):
        got = predictor.predict(image)
        assert got.shape == (10,) and got.sum() == pytest.approx(1.0)
        np.testing.assert_allclose(got, row, atol=1e-5)


def test_other_models_use_a_traced_function():
    inputs = keras.Input((28, 28, 1))
    x = keras.layers.Flatten()(inputs)
    outputs = keras.layers.Dense(10, activation="softmax")(keras.layers.Dense(32)(x) + x[:, :32])
    functional = keras.Model(inputs, outputs)
    predictor = Predictor(functional)
    assert predictor.backend == "tf.function"
    image = np.random.default_rng(0).random((28, 28), dtype=np.float32)
    np.testing.assert_allclose(
        predictor.predict(image), functional(image[None, ..., None]).numpy()[0], atol=1e-5
    )


def test_no_model_yet():
    with pytest.raises(RuntimeError, match="no model"):
        Predictor().predict(np.zeros((28, 28)))


def test_swapping_models_while_threads_predict(mnist):
    """Every prediction made during a swap comes wholly from one of the two models."""
    first, second = networks.build("book"), networks.build("cnn")
    image = mnist.x_test[0].astype(np.float32) / 255
    answers = {Predictor(m).predict(image).round(5).tobytes() for m in (first, second)}
    assert len(answers) == 2  # two different models: a mix would show
    predictor = Predictor(first)
    seen, errors, stop = [], [], threading.Event()

    def hammer():
        try:
            while not stop.is_set():
                seen.append(predictor.predict(image).round(5).tobytes())
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=hammer) for _ in range(3)]
    for thread in threads:
        thread.start()
    for model in (second, first, second):
        while len(seen) < 50:  # each model answers some predictions before the next swap
            time.sleep(0.001)
        predictor.set_model(model)
        seen_before = len(seen)
        while len(seen) < seen_before + 50:
            time.sleep(0.001)
    stop.set()
    for thread in threads:
        thread.join()
    assert not errors and set(seen) == answers  # both models answered, nothing else did
    assert predictor.predict(image).round(5).tobytes() == \
        Predictor(second).predict(image).round(5).tobytes()
