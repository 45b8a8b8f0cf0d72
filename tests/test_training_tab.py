"""The Train tab, driven through its buttons, with the fit running in its worker thread."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from model.keeping.paths import DEFAULT_MODEL
from tests.gui_helpers import draw, seven


def prepare(tab, data_path, epochs=2, batch_size=64, limit=0, arch="book", seed=1):
    tab.settings.local_radio.setChecked(True)
    tab.settings.data_path_edit.setText(str(data_path))
    tab.settings.architecture_combo.setCurrentIndex(tab.settings.architecture_combo.findData(arch))
    tab.settings.epochs_spin.setValue(epochs)
    tab.settings.batch_size_spin.setValue(batch_size)
    tab.settings.limit_spin.setValue(limit)
    tab.settings.seed_spin.setValue(seed)  # the same run every time: no flaky thresholds


def test_defaults_reproduce_the_book(make_window):
    tab = make_window(ready=False).training_tab
    assert tab.settings.architecture_combo.currentData() == "book"
    assert (tab.settings.epochs_spin.value(), tab.settings.batch_size_spin.value()) == (5, 128)
    assert tab.settings.validation_spin.value() == 0.0 and tab.stop_button.isEnabled() is False
    # Each network comes with its recipe: the fast convnet is the convnet's default, the
    # bundled model's 20 epochs one choice away.
    combo = tab.settings.architecture_combo
    assert [combo.itemText(i) for i in range(combo.count())] == \
        ["Dense (the book's)", "Convnet, fast", "Convnet, thorough"]
    combo.setCurrentIndex(combo.findData("fast"))
    assert (tab.settings.epochs_spin.value(), tab.settings.batch_size_spin.value()) == (5, 256)
    combo.setCurrentIndex(combo.findData("cnn"))
    assert (tab.settings.epochs_spin.value(), tab.settings.batch_size_spin.value()) == (20, 128)
    assert tab.chart.epoch_axis.max() == 20  # the chart's axis follows


def test_environment_variable_preselects_local_data(make_window, monkeypatch):
    monkeypatch.setenv("DIGITPAD_MNIST", "/data/mnist.npz")
    tab = make_window(ready=False).training_tab
    settings = tab.settings
    assert settings.local_radio.isChecked() and settings.data_path_edit.text() == "/data/mnist.npz"


@pytest.mark.heavy(45)
def test_a_short_run_trains_shows_results_and_activates_the_model(make_window, qtbot,
                                                                   small_npz):
    window = make_window()
    tab = window.training_tab
    bundled = window.session.active
    prepare(tab, small_npz)
    tab.settings.validation_spin.setValue(0.1)
    values = []
    tab.progress_bar.valueChanged.connect(values.append)
    with qtbot.waitSignal(tab.trainingStarted):
        qtbot.mouseClick(tab.train_button, Qt.MouseButton.LeftButton)
    assert not tab.train_button.isEnabled() and tab.stop_button.isEnabled()
    with qtbot.waitSignal(tab.trainingFinished, timeout=120_000) as finished:
        pass
    assert finished.args == [True]
    assert values == sorted(values) and values[-1] == tab.progress_bar.maximum() > 1
    log = tab.log.toPlainText()
    assert "Epoch 1/2" in log and "Epoch 2/2" in log and "test_acc:" in log
    assert tab.chart.loss_series.count() > 2 and tab.chart.val_accuracy_series.count() == 2
    assert tab.last_test_accuracy() > 0.8  # seeded; chance is 0.1
    result = tab.result.label.text()
    assert "Test accuracy" in result and "now in use" in result
    # Two epochs of the book's network on 4,000 images are worse than the bundled convnet.
    assert "worse on MNIST test than the model it replaced" in result
    assert tab.result.revert_button.isEnabled()
    assert tab.confusion_view.matrix.sum() == 500 and tab.mistakes_view.mistakes
    # Every test digit judged by a temperature fitted on the other half; the active model (and
    # so the bars) use the temperature the Confidence tab reports.
    calibration = tab.calibration_view.diagram.calibration
    assert calibration.after.count.sum() == calibration.before.count.sum() == 500
    summary = tab.calibration_view.label.text()
    assert f"Temperature {calibration.temperature:.2f}" in summary and summary in log
    active = window.session.active
    assert active.predictor.temperature == pytest.approx(calibration.temperature, abs=1e-4)
    assert active is not bundled and active.path.parent == tab.session.models_dir
    assert f"{tab.last_test_accuracy():.2%}".replace("%", "") in window.model_label.text()
    assert tab.history.list.count() == 1 and tab.train_button.isEnabled()
    draw(window.canvas, seven(window.canvas))
    assert window.panel.probabilities() is not None
    with qtbot.waitSignal(window.session.modelChanged, timeout=60_000):
        qtbot.mouseClick(tab.result.revert_button, Qt.MouseButton.LeftButton)
    assert window.session.active.path == DEFAULT_MODEL


@pytest.mark.heavy(22)
def test_a_convnet_run_learns_real_pen_digits_and_meets_the_world_forms_in_its_last_epochs(
        make_window, qtbot, small_npz):
    window = make_window()
    tab = window.training_tab
    prepare(tab, small_npz, epochs=3, limit=1200, arch="fast")  # the convnet's default
    assert tab.settings.forms_check.isEnabled() and tab.settings.forms_check.isChecked()
    assert tab.settings.pen_check.isEnabled() and tab.settings.pen_check.isChecked()
    with qtbot.waitSignal(tab.trainingFinished, timeout=180_000) as finished:
        qtbot.mouseClick(tab.train_button, Qt.MouseButton.LeftButton)
    assert finished.args == [True]
    # A sixth of the training images again as generated forms, counted once MNIST is learnt.
    assert "Plus 200 generated handwriting forms, counted from epoch 2" in tab.log.toPlainText()
    assert "Plus 10,816 real pen digits by 142 writers (UNIPEN)" in tab.log.toPlainText()
    # The curve runs forward across the epoch where the forms join (a longer epoch) to the end.
    xs = [point.x() for point in tab.chart.accuracy_series.points()]
    assert xs == sorted(xs) and 2.9 < xs[-1] <= 3.0
    metadata = window.session.active.metadata
    # Beside 1,200 MNIST images, a fiftieth of the pen digits each epoch (a new choice each).
    assert metadata["training_samples"] == 1200 + 200 + 216
    assert metadata["pen_digits"] == 10816 and "real pen digits" in metadata["recipe"]
    window.show_about()
    assert "learnt from 10,816 real pen digits by 142 writers" in window.last_message
    assert "UNIPEN" in window.last_message and "CC BY 4.0" in window.last_message
    assert metadata["generated_forms"] == 200
    assert "200 generated digits of the world's handwriting forms (model.forms) in the last 2 " \
        "epochs" in metadata["recipe"]
    # It is read, and its test accuracy measured, with the convnet's test-time views.
    assert window.session.active.predictor.rotations == (-3.0, 3.0)
    assert metadata["test_time_rotations"] == [-3.0, 3.0]
    assert f"test_acc_as_drawn: {metadata['test_accuracy_as_drawn']:.4f}" in tab.log.toPlainText()
    assert "turned -3°, +3°" in tab.log.toPlainText()
    # The fast network runs on the app's own NumPy pass, and carries its "not a digit" gate.
    assert metadata["architecture"] == "fast" and "whole_digit" in metadata["not_a_digit"]
    assert window.session.active.predictor.backend == "numpy"
    draw(window.canvas, seven(window.canvas))
    assert window.panel.probabilities() is not None
    # The book's network stays exactly the book's.
    prepare(tab, small_npz, arch="book")
    assert not tab.settings.forms_check.isEnabled() and not tab.settings.pen_check.isEnabled()
    request = tab.settings.request(tab.session.models_dir)
    assert request.forms == 0 and not request.pen


def test_stop_ends_the_run_quickly_and_keeps_the_model(make_window, qtbot, mnist_path):
    window = make_window()
    tab = window.training_tab
    active = window.session.active
    prepare(tab, mnist_path, epochs=5, batch_size=32)
    qtbot.mouseClick(tab.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.progress_bar.value() > 20, timeout=60_000)
    # The Draw tab keeps working with the current model while training runs.
    draw(window.canvas, seven(window.canvas))
    assert np.argmax(window.panel.probabilities()) == 7
    with qtbot.waitSignal(tab.trainingFinished, timeout=10_000) as finished:
        qtbot.mouseClick(tab.stop_button, Qt.MouseButton.LeftButton)
        assert tab.progress_label.text() == "Stopping…"
    assert finished.args == [False]
    assert tab.progress_bar.value() < tab.progress_bar.maximum()
    assert window.session.active is active and "unchanged" in tab.message_label.text()
    assert not any(tab.session.models_dir.glob("*.keras"))
    assert tab.train_button.isEnabled()


def test_closing_the_window_mid_run_stops_cleanly(make_window, qtbot, mnist_path):
    window = make_window()
    tab = window.training_tab
    prepare(tab, mnist_path, epochs=5, batch_size=32)
    qtbot.mouseClick(tab.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.progress_bar.value() > 5, timeout=60_000)
    run = tab.run
    window.close()
    assert run.isFinished()


@pytest.mark.parametrize(
    ("content", "says"),
    [(b"not an npz at all", "not a readable .npz"), (None, "no such file")],
)
def test_bad_data_gives_a_message_and_a_usable_tab(make_window, qtbot, tmp_path, content, says):
    window = make_window()
    tab = window.training_tab
    active = window.session.active
    path = tmp_path / "mnist.npz"
    if content is not None:
        path.write_bytes(content)
    prepare(tab, path)
    with qtbot.waitSignal(tab.trainingFinished, timeout=60_000) as finished:
        qtbot.mouseClick(tab.train_button, Qt.MouseButton.LeftButton)
    assert finished.args == [False]
    assert says in tab.message_label.text() and not tab.message_label.isHidden()
    assert tab.train_button.isEnabled() and window.session.active is active


def test_offline_keras_download_explains_itself(make_window, qtbot, tmp_path, monkeypatch):

    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    window = make_window()
    tab = window.training_tab
    tab.settings.keras_radio.setChecked(True)
    with qtbot.waitSignal(tab.trainingFinished, timeout=60_000):
        qtbot.mouseClick(tab.train_button, Qt.MouseButton.LeftButton)
    assert "DIGITPAD_MNIST" in tab.message_label.text()


def test_unwritable_model_folder_loses_nothing(make_window, qtbot, small_npz):
    window = make_window()
    tab = window.training_tab
    active = window.session.active
    tab.session.models_dir.parent.mkdir(parents=True, exist_ok=True)
    tab.session.models_dir.write_text("a file where the folder should be")
    prepare(tab, small_npz, epochs=1)
    with qtbot.waitSignal(tab.trainingFinished, timeout=120_000) as finished:
        qtbot.mouseClick(tab.train_button, Qt.MouseButton.LeftButton)
    assert finished.args == [False]
    assert "Could not save" in tab.message_label.text() and window.session.active is active
