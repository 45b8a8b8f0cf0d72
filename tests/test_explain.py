"""Looking inside: the numbers behind the explanations, not just that they draw."""

import time

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QToolTip

from model.reading.explain import evidence, what_would_make
from model.reading.predictor import Predictor
from model.reading.preprocess import render_strokes, to_mnist


@pytest.fixture(scope="module")
def predictor(bundled_model):
    return Predictor(bundled_model)


def seven_with_bar():
    """A 7 with a crossbar; the bar is the stroke the test hides and finds again."""
    top_and_stem = np.array([[20, 20], [80, 20], [45, 100]], dtype=float)
    top_and_stem = np.concatenate([np.linspace(a, b, 30) for a, b in
                                   zip(top_and_stem[:-1], top_and_stem[1:])])
    bar = np.linspace((40, 60), (78, 60), 20)
    return [top_and_stem, bar]


def test_the_evidence_for_a_7_lies_on_its_strokes(predictor, mnist):
    seven = mnist.x_test[0] / 255  # a 7
    heat = evidence(predictor.predict_many, seven, 7)
    on_ink, off_ink = heat[seven > 0.5].mean(), heat[seven == 0].mean()
    assert on_ink > 5 * max(abs(off_ink), 1e-4)
    assert heat.max() > 1.0  # hiding part of it divides the odds by e at least


def test_the_stroke_that_decides_shows_in_the_map(predictor):
    """A 1 with a long flag (read as 1, with some 7 in it): the flag is the stroke that argues
    for 7 and against 1, and the maps say so."""
    stem = np.linspace((50, 10), (50, 110), 40)
    flag = np.linspace((22, 40), (50, 10), 20)
    flagged = to_mnist(render_strokes([stem, flag]))
    plain = to_mnist(render_strokes([stem, flag[:1]]))
    assert int(np.argmax(predictor.predict(flagged))) == 1
    flag_pixels = (flagged > 0.4) & (plain < 0.1)
    stem_pixels = (flagged > 0.4) & ~flag_pixels
    for_seven = evidence(predictor.predict_many, flagged, 7)
    for_one = evidence(predictor.predict_many, flagged, 1)
    assert for_seven[flag_pixels].mean() > for_seven[stem_pixels].mean()
    assert for_one[flag_pixels].mean() < for_one[stem_pixels].mean()


def test_what_would_make_it_another_digit(predictor):
    one = to_mnist(render_strokes([np.linspace((50, 10), (50, 110), 40)]))
    add, remove = what_would_make(predictor.predict_many, one, 7)
    assert add.min() >= 0 and remove.min() >= 0
    # To turn a 1 into a 7, ink belongs at the top (a bar), not at the bottom.
    assert add[:10].max() > add[18:].max()
    assert add.max() > 1.0


def test_why_in_the_draw_tab_is_computed_off_the_gui_thread(make_window, qtbot):
    from PySide6.QtCore import Qt

    from tests.gui_helpers import draw, seven

    window = make_window()
    panel = window.panel
    draw(window.canvas, seven(window.canvas))
    assert panel.explanation() is None  # off until asked for
    qtbot.mouseClick(panel.why_toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.explanation() is not None, timeout=10_000)
    kind, (heat,) = panel.explanation()
    assert kind == "why" and heat.shape == (28, 28) and heat.max() > 0
    panel.make_combo.setCurrentIndex(panel.make_combo.findData(1))
    qtbot.waitUntil(lambda: panel.explanation()[0] == "make", timeout=10_000)
    add, remove = panel.explanation()[1]
    assert remove.max() > 0  # to make this 7 a 1, its top bar must go
    window.canvas.clear()
    assert panel.explanation() is None


# ---- inside the network --------------------------------------------------------------------

def test_feature_maps_are_keras_own_intermediate_outputs(bundled_model, predictor, mnist):
    import keras

    image = mnist.x_test[3] / 255
    traced = predictor.trace(image)
    layers = [layer for layer in bundled_model.layers
              if type(layer).__name__ not in ("InputLayer", "Dropout")]
    assert [kind for kind, _, _ in traced] == [type(layer).__name__ for layer in layers]
    probe = keras.Model(bundled_model.inputs, [layer.output for layer in layers])
    expected = probe([image.reshape(1, 28, 28, 1).astype("float32")], training=False)
    for (_, name, ours), theirs in zip(traced, expected):
        assert np.allclose(ours, np.asarray(theirs)[0], atol=1e-4), name


def test_nearest_training_digits_share_the_label(predictor, mnist, capsys):
    from model.reading.explain import feature_index, nearest

    index = feature_index(predictor.features, mnist.x_train[:10000])
    queries = predictor.features(mnist.x_test[:300] / 255)
    same = [np.mean(mnist.y_train[nearest(index, q)] == label)
            for q, label in zip(queries, mnist.y_test[:300])]
    majority = np.mean([s > 0.5 for s in same])
    with capsys.disabled():
        print(f"\nnearest 5 of 10,000 training digits: {np.mean(same):.1%} share the test "
              f"digit's label; the majority does for {majority:.1%} of 300 test digits")
    assert majority > 0.95


def test_the_network_view_shows_the_layers_and_the_look_alikes(make_window, qtbot, small_npz):
    from tests.gui_helpers import draw, seven

    window = make_window()
    window.training_tab.settings.local_radio.setChecked(True)
    window.training_tab.settings.data_path_edit.setText(str(small_npz))
    view = window.network_view
    window.tabs.setCurrentWidget(view)
    draw(window.canvas, seven(window.canvas))
    layers = view.column.layers
    assert [kind for kind, _, _ in layers][:3] == ["Conv2D", "BatchNormalization",
                                                   "Activation"]
    assert layers[0][2].shape == (28, 28, 32) and layers[-1][2].shape == (10,)
    # The last layer is the network's own softmax on the digit as drawn; the bars combine it
    # with the turned views, calibrate, and weigh in the line reader (compared in log space: a
    # sure 7 leaves the others near 0, where a difference in probability would not show).
    from model.reading.confidence import with_temperature
    from model.reading.line import bundled_line_reader, combined
    from model.reading.predictor import Predictor
    from model.reading.views import read_with_views

    active = window.session.active.predictor
    assert active.rotations and "turned views" in view.column.last_note()
    network = Predictor.from_file(window.session.active.path)[0]  # no views, no temperature
    assert np.allclose(layers[-1][2], network.predict(view._input), atol=1e-6)
    shown = with_temperature(read_with_views(network.predict_many, view._input[None],
                                             active.rotations), active.temperature)[0]
    assert "line reader" in view.column.last_note()
    shown = combined(shown, bundled_line_reader().reading(window.canvas.strokes_xy()).under(
        [window.readings[0].box])[0])
    assert np.allclose(np.log(shown), np.log(window.panel.probabilities()), atol=1e-4)
    assert not np.allclose(np.log(layers[-1][2]), np.log(shown), atol=1e-2)
    view.column.resize(600, view.column.minimumHeight())
    view.column.grab()  # lays out the maps for hovering
    qtbot.mouseMove(view.column, QPoint(12, 30))  # the first map: its name in a tooltip
    qtbot.waitUntil(lambda: QToolTip.isVisible(), timeout=5000)
    assert QToolTip.text().startswith(f"{layers[0][1]} · channel 1 of 32")
    qtbot.waitUntil(lambda: len(view.neighbours) == 5, timeout=60_000)
    assert sum(label == 7 for _, label in view.neighbours) >= 3
    cached = list((window.session.models_dir.parent / "cache").glob("features-*.npz"))
    assert len(cached) == 1  # built once, kept for next time


def test_offline_the_network_view_tries_once_and_offers_to_try_again(make_window, qtbot,
                                                                      monkeypatch):
    """No MNIST at hand and no network: one failed build, said in words, not one per drawing."""
    import model.learning.data
    from tests.gui_helpers import draw, seven

    attempts = []

    def unreachable(path=None):
        attempts.append(path)
        raise model.learning.data.DatasetError("Could not download MNIST through Keras: offline.")

    monkeypatch.setattr(model.learning.data, "load_mnist", unreachable)
    window = make_window()
    view = window.network_view
    window.tabs.setCurrentWidget(view)
    for shift in (0.0, 0.1, -0.1):
        window.canvas.clear()
        draw(window.canvas, seven(window.canvas, dx=shift))
        qtbot.waitUntil(lambda: view.retry_button.isVisible(), timeout=30_000)
    assert len(attempts) == 1
    assert "Could not download MNIST through Keras: offline." in view.index_status.text()
    assert view.column.layers  # the layers are shown all the same
    qtbot.mouseClick(view.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(attempts) == 2 and view.retry_button.isVisible(),
                    timeout=30_000)


def test_closing_stops_an_index_build_at_once(make_window, qtbot, monkeypatch, small_npz):
    import gui.network.network_view
    from tests.gui_helpers import draw, seven

    started = []

    def slow_index(features_of, images, chunk=2000, cancel=None):
        started.append(True)
        deadline = time.monotonic() + 60
        while not (cancel is not None and cancel.cancelled) and time.monotonic() < deadline:
            time.sleep(0.01)
        raise InterruptedError("stopped")

    monkeypatch.setattr(gui.network.network_view, "feature_index", slow_index)
    window = make_window()
    window.training_tab.settings.local_radio.setChecked(True)
    window.training_tab.settings.data_path_edit.setText(str(small_npz))
    window.tabs.setCurrentWidget(window.network_view)
    draw(window.canvas, seven(window.canvas))
    qtbot.waitUntil(lambda: bool(started), timeout=30_000)
    began = time.monotonic()
    window.close()
    assert time.monotonic() - began < 10  # not the minute the build would have taken
    assert window.last_message is None  # closing is not an error
