import json
import zipfile

import keras
import numpy as np
import pytest

from model.keeping.store import (
    ModelError,
    describe,
    load_metadata,
    load_model,
    metadata_path,
    save_model,
)
from model.learning import networks


@pytest.fixture(scope="module")
def book():
    return networks.build("book")


def test_round_trip_keeps_weights_and_metadata(tmp_path, book):
    path = save_model(book, tmp_path / "m.keras", {"architecture": "book", "test_accuracy": 0.98})
    loaded, metadata = load_model(path)
    x = np.random.default_rng(1).random((3, 784), dtype=np.float32)
    np.testing.assert_allclose(loaded(x), book(x), atol=1e-6)
    assert metadata["architecture"] == "book" and metadata["test_accuracy"] == 0.98
    assert describe(metadata) == "book · 98.00% on MNIST test"


@pytest.mark.parametrize(
    ("content", "says"),
    [(b"", "empty"), (b"garbage" * 100, "not a Keras model file")],
)
def test_broken_files(tmp_path, content, says):
    path = tmp_path / "broken.keras"
    path.write_bytes(content)
    with pytest.raises(ModelError, match=says):
        load_model(path)


def test_missing_file(tmp_path):
    with pytest.raises(ModelError, match="no such model file"):
        load_model(tmp_path / "absent.keras")


def test_truncated_and_tampered_archives(tmp_path, book):
    good = save_model(book, tmp_path / "good.keras", {})
    truncated = tmp_path / "truncated.keras"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size * 2 // 3])
    with pytest.raises(ModelError, match="truncated.keras: the model file is damaged"):
        load_model(truncated)
    tampered = tmp_path / "tampered.keras"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, b"{not json" if item.filename == "config.json" else data)
    with pytest.raises(ModelError, match="could not be read"):
        load_model(tampered)


@pytest.mark.parametrize(
    ("shape", "units", "says"),
    [((32, 32, 3), 10, "inputs of shape"), ((784,), 5, "needs 10")],
)
def test_wrong_architecture(tmp_path, shape, units, says):
    other = keras.Sequential(
        [keras.Input(shape), keras.layers.Flatten(), keras.layers.Dense(units)]
    )
    path = save_model(other, tmp_path / "other.keras", {})
    with pytest.raises(ModelError, match=says):
        load_model(path)


def test_failed_save_leaves_previous_model_intact(tmp_path, book, monkeypatch):
    path = save_model(book, tmp_path / "active.keras", {"architecture": "book"})
    before = path.read_bytes()
    fresh = networks.build("book")

    def crash_half_way(filepath, *args, **kwargs):
        with open(filepath, "wb") as handle:
            handle.write(b"PK\x03\x04 half a model")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fresh, "save", crash_half_way)
    monkeypatch.setattr("model.keeping.store.inference_copy", lambda model: model)
    with pytest.raises(ModelError, match="No space left on device"):
        save_model(fresh, path, {"architecture": "new"})
    assert path.read_bytes() == before
    assert load_metadata(path)["architecture"] == "book"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["active.json", "active.keras"]
    load_model(path)


def test_saved_models_carry_no_optimizer_state(tmp_path, mnist_slice):
    from model.learning.train import TrainConfig, fit

    trained = fit(mnist_slice.subset(train=500), TrainConfig("book", epochs=1)).model
    path = save_model(trained, tmp_path / "trained.keras", {})
    loaded, _ = load_model(path)
    x = np.random.default_rng(2).random((2, 784), dtype=np.float32)
    np.testing.assert_allclose(loaded(x), trained(x), atol=1e-6)
    assert path.stat().st_size < 2.5e6  # 407k weights × 4 bytes, without Adam/RMSprop slots


def test_metadata_of_another_model_is_not_trusted(tmp_path, book):
    path = save_model(book, tmp_path / "a.keras", {"architecture": "book"})
    record = json.loads(metadata_path(path).read_text())
    record["model_sha256"] = "0" * 64
    metadata_path(path).write_text(json.dumps(record))
    assert load_metadata(path) == {}
