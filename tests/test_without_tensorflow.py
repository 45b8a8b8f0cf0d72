"""Prediction needs no TensorFlow: a .keras file is read with h5py into the NumPy path."""

import json
import subprocess
import sys
import textwrap

import keras
import numpy as np
import pytest
from keras import layers

from model.keeping.store import metadata_path, save_model
from model.learning import networks
from model.reading import loading
from model.reading.keras_file import layer_specs
from model.reading.predictor import Predictor
from tests.conftest import ROOT

TOLERANCE = 1e-5  # on probabilities: the same float32 arithmetic, in another order


def random_models():
    """One small random network per layer type the NumPy path runs, and both of ours."""
    image = keras.Input((28, 28, 1))
    flat = keras.Input((784,))
    yield "book", networks.build("book")
    yield "cnn", networks.build("cnn")
    yield "conv-valid-strided", keras.Sequential([
        image, layers.Conv2D(8, 5, strides=2, padding="valid", activation="relu"),
        layers.Conv2D(4, 3, padding="same", activation="tanh"), layers.Flatten(),
        layers.Dense(10, activation="softmax")])
    yield "pooling", keras.Sequential([
        image, layers.Conv2D(6, 3, padding="same", activation="sigmoid"),
        layers.AveragePooling2D(2), layers.MaxPooling2D(3, strides=2),  # 28 → 14 → 6
        layers.MaxPooling2D((2, 1)), layers.AveragePooling2D(2),  # → 3×6 → 1×3: odd sizes
        layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax")])
    yield "batchnorm-activation", keras.Sequential([
        flat, layers.Dense(32), layers.BatchNormalization(), layers.Activation("relu"),
        layers.Dropout(0.5), layers.Dense(10), layers.Activation("softmax")])
    # Folded into the layer before for speed only when that layer has no activation of its own.
    yield "batchnorm-folded-or-not", keras.Sequential([
        image, layers.Conv2D(4, 3, use_bias=False), layers.BatchNormalization(center=False),
        layers.Activation("relu"), layers.Conv2D(4, 3, activation="relu"),
        layers.BatchNormalization(scale=False), layers.Flatten(),
        layers.Dense(10, activation="softmax")])
    yield "reshape-rescaling", keras.Sequential([
        flat, layers.Rescaling(2.0, offset=-1.0), layers.Reshape((28, 28, 1)),
        layers.Conv2D(4, 3, use_bias=False), layers.Flatten(),
        layers.Dense(10, activation="softmax")])


@pytest.mark.parametrize(("name", "net"), list(random_models()), ids=lambda v: v
                         if isinstance(v, str) else "")
def test_every_supported_layer_matches_keras(tmp_path, name, net):
    keras.utils.set_random_seed(7)
    for layer in net.layers:  # random, not freshly initialised, batch-norm statistics
        if isinstance(layer, layers.BatchNormalization):
            layer.set_weights([np.random.uniform(0.5, 2, w.shape) for w in layer.get_weights()])
    path = save_model(net, tmp_path / f"{name}.keras", {})
    predictor, trusted = Predictor.from_file(path, json.loads(
        metadata_path(path).read_text())["probe_output"])
    assert trusted and predictor.backend == "numpy"
    images = np.random.default_rng(1).random((16, 28, 28), dtype=np.float32)
    expected = net.predict(images.reshape((16, *net.input_shape[1:])), verbose=0)
    assert np.allclose(predictor.predict_many(images), expected, atol=TOLERANCE)


def test_a_foreign_model_with_an_unsupported_layer_still_loads(tmp_path, mnist):
    net = keras.Sequential([keras.Input((28, 28)), layers.Flatten(),
                            layers.LayerNormalization(), layers.Dense(10, activation="softmax")])
    path = tmp_path / "foreign.keras"
    net.save(path)
    assert loading.load_without_tensorflow(path) is None  # NumPy cannot: Keras can
    loaded = loading.load(path)
    assert loaded.trusted and loaded.predictor.backend == "tf.function"
    expected = net.predict(mnist.x_test[:4] / 255, verbose=0)
    assert np.allclose(loaded.predictor.predict_many(mnist.x_test[:4] / 255), expected,
                       atol=1e-5)


def test_a_doctored_probe_sends_the_load_to_keras(tmp_path, monkeypatch):
    path = save_model(networks.build("book"), tmp_path / "m.keras", {})
    sidecar = metadata_path(path)
    record = json.loads(sidecar.read_text())
    record["probe_output"] = (np.array(record["probe_output"]) * 0.5).tolist()
    sidecar.write_text(json.dumps(record))
    took_keras = []
    real = loading.load_with_keras
    monkeypatch.setattr(loading, "load_with_keras",
                        lambda p: took_keras.append(p) or real(p))
    loaded = loading.load(path)
    assert took_keras == [path] and loaded.trusted


def test_a_foreign_model_runs_on_numpy_and_is_checked_once_tensorflow_is_there(
        tmp_path, qtbot, settings):
    from gui.session import ModelSession

    net = networks.build("book")
    path = tmp_path / "plain.keras"
    net.save(path)  # saved by Keras, not DigitPad: no sidecar, no recorded probe
    session = ModelSession(settings, tmp_path / "models")
    with qtbot.waitSignal(session.modelChanged, timeout=60_000):
        session.load(path)
    assert session.active.predictor.backend == "numpy" and not session.active.trusted
    with qtbot.waitSignal(session.modelChanged, timeout=60_000) as checked:
        session.prepare_tensorflow()
    assert checked.args[0].trusted and session.active.predictor.backend == "numpy"
    session.shutdown()
    qtbot.wait(50)


def test_layer_specs_name_the_input(tmp_path):
    specs, shape = layer_specs(save_model(networks.build("cnn"), tmp_path / "c.keras", {}))
    assert shape == (28, 28, 1) and [kind for kind, _, _ in specs][:4] == \
        ["InputLayer", "Conv2D", "BatchNormalization", "Activation"]


APP_WITHOUT_TENSORFLOW = textwrap.dedent("""
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from gui.main_window import MainWindow
    from tests.gui_helpers import draw, seven
    window = MainWindow(settings=QSettings(sys.argv[1], QSettings.Format.IniFormat))
    window.show()
    deadline = time.monotonic() + 60
    while window.session.active is None and time.monotonic() < deadline:
        app.processEvents(); time.sleep(0.01)
    draw(window.canvas, seven(window.canvas))
    digit = max(range(10), key=window.panel.probabilities().__getitem__)
    print("predicted", digit, "tensorflow" in sys.modules, "keras" in sys.modules, flush=True)
    window.tabs.setCurrentWidget(window.training_tab)  # now TensorFlow may come
    while not window.session.tensorflow_ready and time.monotonic() < deadline + 60:
        app.processEvents(); time.sleep(0.01)
    print("after the Train tab", "tensorflow" in sys.modules, flush=True)
    window.close()
""")


def test_the_window_predicts_without_importing_tensorflow(tmp_path):
    done = subprocess.run([sys.executable, "-c", APP_WITHOUT_TENSORFLOW,
                           str(tmp_path / "s.ini")], cwd=ROOT, capture_output=True, text=True,
                          timeout=180)
    lines = done.stdout.splitlines()
    assert "predicted 7 False False" in lines, done.stdout + done.stderr[-2000:]
    assert "after the Train tab True" in lines
