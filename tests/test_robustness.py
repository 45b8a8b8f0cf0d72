"""Hostile inputs through the real window: each gets a clear message, and nothing is lost."""

import numpy as np
import pytest
from PIL import Image

from model.keeping.store import save_model
from model.learning import networks
from tests.conftest import write_npz
from tests.gui_helpers import open_image


def model_file(tmp_path, kind):
    path = tmp_path / f"{kind}.keras"
    if kind == "zero-byte":
        path.write_bytes(b"")
    elif kind == "random-bytes":
        path.write_bytes(np.random.default_rng(0).bytes(50_000))
    elif kind == "truncated":
        good = save_model(networks.build("book"), tmp_path / "good.keras", {})
        path.write_bytes(good.read_bytes()[:100_000])
    elif kind == "wrong-architecture":
        import keras

        other = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Flatten(),
                                  keras.layers.Dense(10)])
        save_model(other, path, {})
    return path


@pytest.mark.parametrize(
    ("kind", "says"),
    [("zero-byte", "empty"), ("random-bytes", "not a Keras model file"),
     ("truncated", "damaged or incomplete"), ("wrong-architecture", "28×28")],
)
def test_hostile_model_files(make_window, qtbot, tmp_path, kind, says):
    window = make_window()
    active = window.session.active
    with qtbot.waitSignal(window.session.loadFailed, timeout=60_000) as failed:
        window.session.load(model_file(tmp_path, kind))
    assert says in failed.args[0] and says in window.last_message
    assert window.session.active is active


def npz_variant(mnist, kind):
    arrays = {"x_train": mnist.x_train[:300], "y_train": mnist.y_train[:300],
              "x_test": mnist.x_test[:100], "y_test": mnist.y_test[:100]}
    if kind == "missing-keys":
        del arrays["y_test"]
    elif kind == "wrong-dtype":
        arrays["x_train"] = arrays["x_train"].astype(np.float32)
    elif kind == "wrong-shape":
        arrays["x_test"] = np.zeros((100, 32, 32), np.uint8)
    elif kind == "labels-out-of-range":
        arrays["y_train"] = arrays["y_train"] + 10
    elif kind == "nan-pixels":
        arrays["x_train"] = np.full((300, 28, 28), np.nan)
    return arrays


@pytest.mark.parametrize(
    ("kind", "says"),
    [("missing-keys", "missing y_test"), ("wrong-dtype", "float32 pixels"),
     ("wrong-shape", "expected (N, 28, 28)"), ("labels-out-of-range", "expected 0-9"),
     ("nan-pixels", "float64 pixels")],
)
def test_hostile_datasets(make_window, qtbot, tmp_path, mnist, kind, says):
    window = make_window()
    tab = window.training_tab
    active = window.session.active
    tab.settings.local_radio.setChecked(True)
    tab.settings.data_path_edit.setText(str(write_npz(tmp_path / f"{kind}.npz", **npz_variant(mnist,
                                                                                       kind))))
    with qtbot.waitSignal(tab.trainingFinished, timeout=60_000) as finished:
        tab.start()
    assert finished.args == [False] and says in tab.message_label.text()
    assert tab.train_button.isEnabled() and window.session.active is active


def image_file(tmp_path, kind, digit):
    path = tmp_path / f"{kind}.png"
    ink = (digit * 255).astype(np.uint8)
    if kind == "not-an-image":
        path.write_text("GIF89a? no, just text")
    elif kind == "1x1":
        Image.new("L", (1, 1), 0).save(path)
    elif kind == "20000x20000":
        Image.new("1", (20000, 20000)).save(path, optimize=True)
    elif kind == "animated":
        path = tmp_path / "animated.gif"
        Image.fromarray(ink).save(path, save_all=True, append_images=[Image.new("L", (28, 28))])
    elif kind == "16-bit":
        Image.fromarray(ink.astype(np.uint16) * 257).save(path)
    elif kind == "cmyk":
        path = tmp_path / "cmyk.jpg"
        Image.fromarray(255 - ink).convert("CMYK").save(path, quality=95)
    return path


@pytest.mark.parametrize(
    ("kind", "outcome"),
    [("not-an-image", "not an image"), ("1x1", "blank"), ("20000x20000", "too large"),
     ("animated", 7), ("16-bit", 7), ("cmyk", 7)],
)
def test_hostile_images(make_window, qtbot, tmp_path, mnist, kind, outcome):
    window = make_window()
    digit = mnist.x_test[0] / 255  # a 7
    opened = open_image(qtbot, window, image_file(tmp_path, kind, digit))
    if isinstance(outcome, int):
        assert opened and int(np.argmax(window.panel.probabilities())) == outcome
    else:
        assert not opened and outcome in window.last_message
        assert window.canvas.is_empty()


def test_full_disk_while_saving_a_trained_model(make_window, qtbot, small_npz, monkeypatch):
    window = make_window()
    tab = window.training_tab
    active = window.session.active

    class DiskFull:
        def save(self, path):
            with open(path, "wb") as handle:
                handle.write(b"PK partial")
            raise OSError(28, "No space left on device")

    monkeypatch.setattr("model.keeping.store.inference_copy", lambda model: DiskFull())
    tab.settings.local_radio.setChecked(True)
    tab.settings.data_path_edit.setText(str(small_npz))
    tab.settings.epochs_spin.setValue(1)
    with qtbot.waitSignal(tab.trainingFinished, timeout=120_000) as finished:
        tab.start()
    assert finished.args == [False] and "No space left on device" in tab.message_label.text()
    assert window.session.active is active and not any(tab.session.models_dir.glob("*.keras"))
