"""Model files from elsewhere are data, not code: refused in words, or read safely."""

import json
import zipfile

import keras
import numpy as np
import pytest

from model.keeping.paths import DEFAULT_MODEL
from model.keeping.store import ModelError, load_model, save_model
from model.reading import predictor as predictor_module
from model.reading.predictor import Predictor


def rewrite_config(tmp_path, name, edit):
    """The bundled model with its config.json changed by `edit(config)`."""
    path = tmp_path / name
    with zipfile.ZipFile(DEFAULT_MODEL) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "config.json":
                config = json.loads(data)
                edit(config)
                data = json.dumps(config).encode()
            target.writestr(item, data)
    return path


def first_dense(config):
    return next(layer for layer in config["config"]["layers"]
                if layer["class_name"] == "Dense")


def test_a_legacy_hdf5_model_is_refused_even_renamed(tmp_path):
    net = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10, activation="softmax")])
    h5 = tmp_path / "old.h5"
    net.save(h5)
    renamed = tmp_path / "old.keras"
    renamed.write_bytes(h5.read_bytes())
    with pytest.raises(ModelError, match="legacy HDF5"):
        load_model(renamed)


def test_a_zip_bomb_is_refused_before_extraction(tmp_path):
    bomb = tmp_path / "bomb.keras"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("config.json", "{}")
        archive.writestr("model.weights.h5", b"\0" * (600 * 2**20))  # ~600 KB packed
    assert bomb.stat().st_size < 2 * 2**20
    with pytest.raises(ModelError, match="far too large"):
        load_model(bomb)
    many = tmp_path / "many.keras"
    with zipfile.ZipFile(many, "w") as archive:
        for i in range(500):
            archive.writestr(f"f{i}", b"x")
    with pytest.raises(ModelError, match="500 files"):
        load_model(many)


def test_a_lambda_layer_is_refused(tmp_path):
    def add_lambda(config):
        config["config"]["layers"].insert(1, {
            "module": "keras.layers", "class_name": "Lambda",
            "config": {"name": "evil", "function": {"class_name": "__lambda__",
                                                    "config": {"code": "payload"}}}})

    with pytest.raises(ModelError, match="Lambda"):
        load_model(rewrite_config(tmp_path, "lambda.keras", add_lambda))


def test_an_absurd_config_is_refused_before_it_is_built(tmp_path):
    def huge(config):
        first_dense(config)["config"]["units"] = 2_000_000_000

    with pytest.raises(ModelError, match="parameters"):
        load_model(rewrite_config(tmp_path, "huge.keras", huge))


def test_raw_scores_are_turned_into_probabilities(tmp_path, mnist):
    """TensorFlow's beginner tutorial ends in Dense(10) without softmax."""
    keras.utils.set_random_seed(0)
    net = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                            keras.layers.Dense(64, activation="relu"), keras.layers.Dense(10)])
    net.compile(optimizer="adam",
                loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    net.fit(mnist.x_train[:2000] / 255, mnist.y_train[:2000], epochs=2, verbose=0)
    path = save_model(net, tmp_path / "logits.keras", {})
    model, _ = load_model(path)
    predictor = Predictor(model)
    probabilities = predictor.predict_many(mnist.x_test[:50] / 255)
    assert probabilities.min() >= 0 and probabilities.max() <= 1
    assert np.allclose(probabilities.sum(axis=1), 1)
    logits = net.predict(mnist.x_test[:50] / 255, verbose=0)
    assert (probabilities.argmax(axis=1) == logits.argmax(axis=1)).all()
    assert np.allclose(probabilities, keras.ops.softmax(logits).numpy(), atol=1e-4)


def test_a_model_that_rescales_0_to_255_itself_is_given_0_to_255(mnist):
    keras.utils.set_random_seed(1)
    net = keras.Sequential([keras.Input((28, 28)), keras.layers.Rescaling(1 / 255),
                            keras.layers.Flatten(), keras.layers.Dense(32, activation="relu"),
                            keras.layers.Dense(10, activation="softmax")])
    net.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    net.fit(mnist.x_train[:3000].astype("float32"), mnist.y_train[:3000], epochs=2, verbose=0)
    predictor = Predictor(net)
    raw = mnist.x_test[:100].astype("float32")
    ours = predictor.predict_many(raw / 255)  # DigitPad's [0, 1] pixels
    keras_on_raw = net.predict(raw, verbose=0)
    assert np.allclose(ours, keras_on_raw, atol=1e-4)
    # The Network view's layer maps and look-alikes see the same scaled input as the bars.
    layers = predictor.trace(raw[0] / 255)
    assert np.allclose(layers[-1][2], keras_on_raw[0], atol=1e-4)
    hidden = keras.Model(net.inputs, net.layers[-2].output).predict(raw[:20], verbose=0)
    assert np.allclose(predictor.features(raw[:20] / 255), hidden, atol=1e-3)


def test_when_numpy_disagrees_the_traced_path_is_used(monkeypatch, bundled_model, mnist):
    def wrong(model):
        return lambda x: np.full((len(x), 10), 0.1, np.float32)

    monkeypatch.setattr(predictor_module, "numpy_forward", wrong)
    predictor = Predictor(bundled_model)
    assert predictor.backend == "tf.function"
    assert predictor.predict(mnist.x_test[0] / 255).argmax() == mnist.y_test[0]

    def broken(model):
        raise ZeroDivisionError("conversion failed")

    monkeypatch.setattr(predictor_module, "numpy_forward", broken)
    assert Predictor(bundled_model).backend == "tf.function"
