"""DigitPad without a mouse or without sight: every control named for a screen reader, the
answer said in words and announced, the whole window usable from the keyboard, and every text
readable in a high-contrast palette."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAccessible, QAction, QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFileDialog,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QToolTip,
    QWidget,
)

from gui.style import GRAPHIC_CONTRAST, TEXT_CONTRAST, colours, contrast
from tests.gui_helpers import dark_palette, draw, seven
from tests.test_languages import switch

CONTROLS = (QAbstractButton, QComboBox, QAbstractSpinBox, QAbstractSlider, QLineEdit,
            QAbstractItemView, QPlainTextEdit)


def spoken_name(widget: QWidget) -> str:
    """What a screen reader says for the widget: Qt's accessible name (a button's text, a
    field's label, or the name set for it)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def is_qt_internal(widget: QWidget) -> bool:
    """Parts Qt builds inside its own widgets (a spin box's line edit, a combo's list): a
    screen reader meets their owner, which has the name."""
    if widget.objectName().startswith("qt_") or isinstance(widget, QScrollBar):
        return True
    owner = widget.parentWidget()
    while owner is not None:
        if isinstance(owner, (QComboBox, QAbstractSpinBox)):
            return True
        owner = owner.parentWidget()
    return False


@pytest.mark.parametrize("code", ["en", "ko"])
def test_every_control_has_a_name_a_screen_reader_can_say(make_window, settings, qtbot, code):
    settings.setValue("window/language", code)
    window = make_window()
    try:
        draw(window.canvas, seven(window.canvas))
        custom = [window.canvas, window.panel.number_view, window.panel.chart_view,
                  window.panel.preview, window.training_tab.chart,
                  window.training_tab.confusion_view, window.network_view.column]
        controls = [w for w in window.findChildren(QWidget)
                    if isinstance(w, CONTROLS) and not is_qt_internal(w)]
        assert len(controls) > 40
        unnamed = [f"{type(w).__name__} {w.objectName()}" for w in controls + custom
                   if not spoken_name(w).strip()]
        assert unnamed == []
    finally:
        switch(window, qtbot, "en")


def test_the_bars_and_the_number_are_said_in_words(make_window):
    window = make_window()
    draw(window.canvas, seven(window.canvas))
    bars = window.panel.chart_view.accessibleDescription().split(", ")
    assert len(bars) == 10 and bars[0] == f"7: {round(max(window.panel.bar_values()))}%"
    window.canvas.clear()
    draw(window.canvas, seven(window.canvas, scale=0.4, dx=-0.25))
    draw(window.canvas, seven(window.canvas, scale=0.4, dx=0.25))
    assert window.panel.number() == "77"
    assert window.panel.number_view.accessibleName() == "Number read: 7, 7"
    assert window.panel.number_view.accessibleDescription().startswith(
        "Digit 2 of 2 selected: 7")


def test_each_bar_is_a_part_a_screen_reader_steps_through_and_the_mouse_can_hover(make_window,
                                                                                   qtbot):
    window = make_window()
    window.show()
    draw(window.canvas, seven(window.canvas))
    view = window.panel.chart_view

    def parts(interface) -> list[str]:  # every name under the chart, depth first
        children = [interface.child(i) for i in range(interface.childCount())]
        return [n for c in children for n in [c.text(QAccessible.Text.Name), *parts(c)]]

    heights = window.panel.bar_values()
    assert [p for p in parts(QAccessible.queryAccessibleInterface(view)) if ": " in p] == \
        [f"{d}: {round(h)}%" for d, h in enumerate(heights)]
    # The 7's part sits over the 7's bar: hovering it there says the same.
    seven_bar = window.panel.bar_items[7].geometry()
    categories = window.panel.chart.plotArea()
    assert seven_bar.contains(view.mapFromScene(window.panel.chart.mapToScene(
        categories.left() + 7.5 * categories.width() / 10, categories.bottom() - 2)))
    qtbot.mouseMove(view.viewport(), seven_bar.center())
    qtbot.waitUntil(QToolTip.isVisible, timeout=5000)
    assert QToolTip.text() == f"7: {round(heights[7])}%"


def test_a_new_answer_is_announced_once_when_the_stroke_ends(make_window, monkeypatch):
    window = make_window()
    said = []
    original = QAccessible.updateAccessibility

    def record(event):
        if event.type() == QAccessible.Event.Announcement:
            said.append(event.message())
        original(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", record)
    draw(window.canvas, seven(window.canvas))  # many live readings while the ink flows
    assert len(said) == 1 and said[0].startswith("It's a 7")
    window.canvas.clear()
    draw(window.canvas, seven(window.canvas, scale=0.4, dx=-0.25))
    draw(window.canvas, seven(window.canvas, scale=0.4, dx=0.25))
    assert said[-1].startswith("Number read: 7, 7. Digit 2 of 2: It's a 7")


def test_the_focus_is_visible_on_the_canvas(make_window, qtbot):
    window = make_window()
    window.activateWindow()
    window.canvas.setFocus()
    qtbot.waitUntil(window.canvas.hasFocus)
    focused = window.canvas.grab().toImage()
    window.corrections.buttons[0].setFocus()
    qtbot.waitUntil(lambda: not window.canvas.hasFocus())
    assert window.canvas.grab().toImage() != focused


def tab_walk(window, start: QWidget, steps: int = 60) -> list[str]:
    """Press Tab from `start` until the focus comes back: the object names met."""
    start.setFocus()
    met = []
    for _ in range(steps):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is start:
            return met
        met.append(widget.objectName())
    raise AssertionError(f"Tab never came back to {start.objectName()}: {met}")


def test_tab_walks_the_draw_tab_in_reading_order(make_window, qtbot):
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(window.canvas.hasFocus)  # where a person starts: a digit key saves
    draw(window.canvas, seven(window.canvas))  # Undo and Clear become reachable
    met = tab_walk(window, window.canvas)
    expected = ["undoButton", "clearButton", "brushSlider", "whyToggle", "probabilityChart",
                *[f"correctAs{d}" for d in range(10)]]
    assert [name for name in met if name in expected] == expected


def test_every_menu_and_command_is_reachable_from_the_keyboard(make_window):
    window = make_window(ready=False)
    for menu_action in window.menuBar().actions():
        assert "&" in menu_action.text(), menu_action.text()  # Alt+letter opens it
        commands = [a for a in menu_action.menu().actions() if not a.isSeparator()]
        assert commands
        for command in commands:
            assert command.text().strip()  # then the arrow keys and Enter reach each one
    shortcuts = {a.shortcut().toString() for a in window.findChildren(QAction)}
    # Each tab (View), open a picture, train, learn: a key of their own.
    assert {"Alt+1", "Alt+2", "Alt+3", "Alt+4", "Ctrl+O", "Ctrl+T", "Ctrl+L"} <= shortcuts


def choose_file_when_asked(path, qtbot) -> list[bool]:
    """Answer the next file dialog from the keyboard: type the path, press Enter."""
    answered = []

    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, answer)
            return
        QTest.keyClicks(QApplication.focusWidget(), str(path))
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        answered.append(True)

    QTimer.singleShot(50, answer)
    return answered


def test_the_keyboard_alone_opens_a_picture_corrects_it_and_trains(
        make_window, qtbot, mnist, small_npz, tmp_path, monkeypatch):
    monkeypatch.setenv("DIGITPAD_MNIST", str(small_npz))  # the Train tab's data, preset
    seven_index = int(np.flatnonzero(mnist.y_test == 7)[0])
    picture = tmp_path / "seven.png"
    Image.fromarray(255 - mnist.x_test[seven_index]).save(picture)  # ink on paper
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(window.canvas.hasFocus)

    answered = choose_file_when_asked(picture, qtbot)
    with qtbot.waitSignal(window.imageOpened, timeout=30_000) as opened:
        QTest.keyClick(window.canvas, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert answered and opened.args == [True]
    qtbot.waitUntil(lambda: window.panel.probabilities() is not None)
    assert window.panel.number() == "7"

    window.activateWindow()  # the desktop's window manager does this when a dialog closes
    qtbot.waitUntil(window.isActiveWindow)
    assert window.focusWidget() is window.canvas  # back where the keys say what it is
    QTest.keyClick(window.canvas, Qt.Key.Key_7)  # "this was a 7"
    assert [s.label for s in window.samples.samples()] == [7]

    QTest.keyClick(window.canvas, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentWidget() is window.training_tab
    tab = window.training_tab
    with qtbot.waitSignal(tab.trainingStarted, timeout=5_000):
        QTest.keyClick(window.focusWidget(), Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(tab.trainingFinished, timeout=120_000) as finished:
        pass
    assert finished.args == [True]
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentWidget() is window.draw_tab
    assert window.focusWidget() is window.canvas


def palette(window: str, text: str, base: str, highlight: str) -> QPalette:
    result = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, window), (QPalette.ColorRole.Base, base),
                         (QPalette.ColorRole.WindowText, text), (QPalette.ColorRole.Text, text),
                         (QPalette.ColorRole.Button, window),
                         (QPalette.ColorRole.ButtonText, text),
                         (QPalette.ColorRole.Highlight, highlight),
                         (QPalette.ColorRole.HighlightedText, base)):
        result.setColor(role, QColor(colour))
    return result


PALETTES = {
    "light": palette("#efefef", "#000000", "#ffffff", "#308cc6"),
    "dark": dark_palette(),
    "high contrast, dark": palette("#000000", "#ffffff", "#000000", "#ffff00"),
    "high contrast, light": palette("#ffffff", "#000000", "#ffffff", "#0000c0"),
}


@pytest.mark.parametrize("name", PALETTES)
def test_text_and_bars_stay_readable_in_every_palette(name, make_window, qapp):
    window = make_window(ready=False)
    before = qapp.palette()
    qapp.setPalette(PALETTES[name])
    try:
        c = colours(window.panel.palette())  # what the panel paints with, under this palette
        grounds = (c.background, window.panel.palette().color(QPalette.ColorRole.Window))
        for role in ("text", "muted", "accent", "unsure", "error", "good"):
            for ground in grounds:
                assert contrast(getattr(c, role), ground) >= TEXT_CONTRAST, (role, ground.name())
        for ground in grounds:  # the bars, the curves and the confusion matrix's marks
            for role in ("accent", "loss", "unsure"):
                assert contrast(getattr(c, role), ground) >= GRAPHIC_CONTRAST, role
        assert contrast(c.ink, c.paper) >= TEXT_CONTRAST  # the drawing itself
    finally:
        qapp.setPalette(before)
