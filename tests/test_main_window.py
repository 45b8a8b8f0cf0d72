"""The main window, driven with real mouse and keyboard events on real widgets."""

from collections import Counter

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from model.keeping.paths import DEFAULT_MODEL
from model.reading.preprocess import to_mnist
from tests.drawn_digits import drawn_digits
from tests.gui_helpers import draw, open_image, seven, vertical_line


def top(window):
    probabilities = window.panel.probabilities()
    return None if probabilities is None else int(np.argmax(probabilities))


def model_input(window):
    return to_mnist(window.canvas.ink())


def similarity(a, b):
    a, b = a.ravel() - a.mean(), b.ravel() - b.mean()
    return float(a @ b / np.sqrt((a @ a) * (b @ b)))


def test_window_is_usable_before_the_model_has_loaded(make_window, qtbot):
    window = make_window(ready=False)
    assert window.session.active is None and window.windowTitle() == "DigitPad"
    assert window.model_label.text() == "Loading model…"
    draw(window.canvas, seven(window.canvas))
    assert not window.canvas.is_empty()
    assert window.panel.probabilities() is None
    assert "Loading" in window.panel.verdict_label.text()
    with qtbot.waitSignal(window.panel.predictionChanged, timeout=60_000):
        pass  # the drawing is read as soon as the model arrives
    assert top(window) == 7
    assert "Model:" in window.model_label.text()


def test_a_drawn_stroke_is_predicted_and_clear_empties(make_window, qtbot):
    window = make_window()
    assert window.panel.probabilities() is None
    with qtbot.waitSignal(window.panel.predictionChanged):
        draw(window.canvas, seven(window.canvas))
    probabilities = window.panel.probabilities()
    assert len(probabilities) == 10 and sum(probabilities) == pytest.approx(1.0)
    assert top(window) == 7 and window.panel.digit_label.text().startswith("7")
    qtbot.mouseClick(window.clear_button, Qt.MouseButton.LeftButton)
    assert window.panel.probabilities() is None and window.canvas.is_empty()
    draw(window.canvas, seven(window.canvas))
    assert top(window) == 7
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    assert window.panel.probabilities() is None


def test_prediction_updates_live_while_drawing(make_window, qtbot):
    window = make_window()
    updates = []
    window.panel.predictionChanged.connect(lambda: updates.append(window.canvas.is_empty()))
    stroke = seven(window.canvas)[0]
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    QTest.mousePress(window.canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(*map(round, stroke[0])))
    for x, y in stroke[1:]:
        QTest.mouseMove(window.canvas, QPoint(round(x), round(y)))
        qtbot.wait(8)
    during = len(updates)
    QTest.mouseRelease(window.canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       QPoint(*map(round, stroke[-1])))
    assert during >= 2  # updates arrived while the button was still down
    assert len(updates) == during + 1  # and once more for the finished stroke
    assert top(window) == 7


def test_undo_and_redo_restore_predictions(make_window, qtbot):
    window = make_window()
    canvas = window.canvas
    draw(canvas, vertical_line(canvas, 0.55))
    first = window.panel.probabilities()
    assert top(window) == 1
    w, h = canvas.width(), canvas.height()
    bar = [np.linspace((w * 0.25, h * 0.5), (w * 0.55, h * 0.15), 20),
           np.linspace((w * 0.2, h * 0.5), (w * 0.75, h * 0.5), 20)]
    draw(canvas, bar)  # now a 4
    second = window.panel.probabilities()
    assert top(window) == 4
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.panel.probabilities() == first
    qtbot.mouseClick(window.redo_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.panel.probabilities() == second
    qtbot.keyClick(window, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.panel.probabilities() == second  # nothing left to redo
    assert not window.redo_button.isEnabled()


def test_right_button_erases_and_is_undoable(make_window, qtbot):
    window = make_window()
    canvas = window.canvas
    draw(canvas, vertical_line(canvas, 0.5))
    w, h = canvas.width(), canvas.height()
    # Erase the lower half of the line: what remains is a shorter stroke.
    eraser = [np.stack([np.full(30, w * 0.5), np.linspace(h * 0.5, h * 0.9, 30)], axis=1)]
    draw(canvas, eraser, button=Qt.MouseButton.RightButton)
    remaining = np.concatenate([s.xy() for s in canvas.drawing.strokes])
    assert remaining[:, 1].max() < h * 0.5
    draw(canvas, [np.stack([np.full(40, w * 0.5), np.linspace(h * 0.05, h * 0.95, 40)],
                           axis=1)], button=Qt.MouseButton.RightButton)
    assert canvas.is_empty() and window.panel.probabilities() is None
    canvas.undo()
    assert len(canvas.drawing.strokes) == 1 and top(window) is not None


def test_size_and_position_barely_change_the_tensor(make_window):
    window = make_window()
    canvas = window.canvas
    draw(canvas, seven(canvas, 0.8))
    reference_tensor, reference = model_input(window), window.panel.probabilities()
    for scale, dx, dy in [(0.25, -0.3, -0.3), (0.35, 0.3, 0.25), (0.9, 0.0, 0.0)]:
        canvas.clear()
        draw(canvas, seven(canvas, scale, dx, dy))
        assert similarity(model_input(window), reference_tensor) > 0.97
        assert np.abs(np.subtract(window.panel.probabilities(), reference)).max() < 0.1
        assert top(window) == 7


def test_the_brush_width_changes_the_screen_not_the_model_input(make_window):
    window = make_window()
    canvas = window.canvas
    shown, tensors = [], []
    for brush in (6, 40):
        canvas.clear()
        window.brush_slider.setValue(brush)
        draw(canvas, seven(canvas, 0.6))
        shown.append(canvas.render_image())
        tensors.append(model_input(window))
    assert shown[0] != shown[1]  # a wider brush paints more ink on screen…
    assert np.array_equal(tensors[0], tensors[1])  # …and the model sees the very same digit


def test_opened_mnist_images_are_classified(make_window, qtbot, mnist, tmp_path):
    window = make_window()
    right = 0
    for index in range(10):
        path = tmp_path / f"mnist{index}.png"
        Image.fromarray(255 - mnist.x_test[index]).save(path)  # dark on light, like a scan
        assert open_image(qtbot, window, path)
        right += top(window) == mnist.y_test[index]
    assert right >= 9
    window.canvas.undo()  # back to the previous picture, read again off the GUI thread
    qtbot.waitUntil(lambda: top(window) == mnist.y_test[8], timeout=10_000)


def test_non_image_gets_a_message_and_loses_nothing(make_window, qtbot, tmp_path):
    window = make_window()
    draw(window.canvas, seven(window.canvas))
    before = window.panel.probabilities()
    bogus = tmp_path / "notes.png"
    bogus.write_text("these are not pixels")
    assert not open_image(qtbot, window, bogus)
    assert "not an image" in window.last_message
    assert window.panel.probabilities() == before and not window.canvas.is_empty()


def test_broken_model_falls_back_to_the_bundled_one(make_window, tmp_path, qtbot):
    broken = tmp_path / "broken.keras"
    broken.write_bytes(b"\x00" * 1000)
    window = make_window(model_path=broken)
    assert window.session.active.path == DEFAULT_MODEL
    assert "broken.keras" in window.last_message and "bundled model" in window.last_message
    box = window.findChild(QMessageBox, "messageBox")
    assert box is not None and box.isVisible()
    draw(window.canvas, seven(window.canvas))
    assert top(window) == 7


def test_loading_a_broken_model_later_keeps_the_current_one(make_window, tmp_path, qtbot):
    window = make_window()
    active = window.session.active
    broken = tmp_path / "later.keras"
    broken.write_bytes(b"PK\x03\x04junk")
    with qtbot.waitSignal(window.session.loadFailed, timeout=60_000):
        window.session.load(broken)
    assert window.session.active is active and "current model stays active" in window.last_message


def test_settings_are_remembered(make_window, settings, qtbot):
    window = make_window()
    window.brush_slider.setValue(31)
    window.resize(760, 580)  # within the offscreen screen (800×600)
    window.close()
    again = make_window(ready=False)
    assert again.brush_slider.value() == 31 and again.canvas.brush_width == 31
    assert (again.width(), again.height()) == (760, 580)


def test_save_drawing_as_png(make_window, qtbot, tmp_path):
    window = make_window()
    draw(window.canvas, seven(window.canvas))
    path = tmp_path / "mine.png"
    assert window.save_drawing(path)
    again = make_window()
    assert open_image(qtbot, again, path) and top(again) == 7
    assert not window.save_drawing(tmp_path / "missing-folder" / "x.png")
    assert "missing-folder" in window.last_message and not window.canvas.is_empty()


def test_drawn_digit_set_through_the_real_canvas(make_window, capsys):
    """Digits drawn as strokes in several styles, replayed with mouse events."""
    window = make_window()
    canvas = window.canvas
    confusions, right = Counter(), 0
    digits = drawn_digits(canvas.width(), canvas.height())
    for digit in digits:
        canvas.clear()
        draw(canvas, digit.strokes)
        predicted = top(window)
        right += predicted == digit.label
        if predicted != digit.label:
            confusions[(digit.label, predicted, digit.style)] += 1
    accuracy = right / len(digits)
    with capsys.disabled():
        print(f"\ndrawn digits: {right}/{len(digits)} right ({accuracy:.0%}); "
              f"confused: {sorted(confusions)}")
    assert accuracy >= 0.85


def tablet_stroke(canvas, points, pressures, pointer="Pen"):
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
    from PySide6.QtWidgets import QApplication

    device = QPointingDevice(
        "test pen", 7, QInputDevice.DeviceType.Stylus,
        getattr(QPointingDevice.PointerType, pointer),
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure, 1, 2)
    kinds = [QEvent.Type.TabletPress] + [QEvent.Type.TabletMove] * (len(points) - 2) + \
        [QEvent.Type.TabletRelease]
    for kind, (x, y), pressure in zip(kinds, points, pressures):
        position = QPointF(x, y)
        event = QTabletEvent(kind, device, position, canvas.mapToGlobal(position), pressure,
                             0, 0, 0, 0, 0, Qt.KeyboardModifier.NoModifier,
                             Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton)
        QApplication.sendEvent(canvas, event)


def test_pen_pressure_sets_the_width_and_the_eraser_erases(make_window):
    window = make_window()
    canvas = window.canvas
    line = vertical_line(canvas)[0]
    tablet_stroke(canvas, line, np.linspace(0.1, 1.0, len(line)))
    (stroke,) = canvas.drawing.strokes
    pressures = [p for _, _, p in stroke.points]
    assert min(pressures) < 0.2 and max(pressures) > 0.9
    assert top(window) == 1  # the model sees a plain 1 whatever the pressure
    tablet_stroke(canvas, line, np.ones(len(line)), pointer="Eraser")
    assert canvas.is_empty() and window.panel.probabilities() is None


def test_a_new_stroke_discards_the_redo_history(make_window):
    window = make_window()
    canvas = window.canvas
    draw(canvas, vertical_line(canvas, 0.4))
    draw(canvas, vertical_line(canvas, 0.6))
    canvas.undo()
    assert canvas.can_redo() and window.redo_button.isEnabled()
    draw(canvas, seven(canvas, 0.3))
    assert not canvas.can_redo() and not window.redo_button.isEnabled()
    canvas.redo()  # nothing to redo: the drawing stays as it is
    assert len(canvas.drawing.strokes) == 2


def test_the_bars_show_the_models_probabilities(make_window):
    window = make_window()
    draw(window.canvas, seven(window.canvas))
    probabilities = np.array(window.panel.probabilities())
    assert np.allclose(window.panel.bar_values(), probabilities * 100)
    assert max(window.panel.bar_values()) > 50


def test_pictures_are_decoded_off_the_gui_thread(make_window, qtbot, mnist, tmp_path,
                                                 monkeypatch):
    import threading

    import gui.main_window

    window = make_window()
    path = tmp_path / "seven.png"
    Image.fromarray(255 - mnist.x_test[0]).save(path)
    threads = []
    real_load = gui.main_window.load_image

    def load(p):
        threads.append(threading.current_thread())
        return real_load(p)

    monkeypatch.setattr(gui.main_window, "load_image", load)
    assert open_image(qtbot, window, path) and top(window) == 7
    assert threads and threads[0] is not threading.main_thread()
