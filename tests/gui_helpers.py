"""Driving the real canvas with real mouse events, as a person would."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest


def draw(canvas, strokes, button=Qt.MouseButton.LeftButton, qtbot=None, pause_ms=0) -> None:
    """Press, move through every point, release: one stroke per point list."""
    for stroke in strokes:
        points = [QPoint(round(x), round(y)) for x, y in np.asarray(stroke)]
        QTest.mousePress(canvas, button, Qt.KeyboardModifier.NoModifier, points[0])
        for point in points[1:]:
            QTest.mouseMove(canvas, point)
            if qtbot is not None and pause_ms:
                qtbot.wait(pause_ms)
        QTest.mouseRelease(canvas, button, Qt.KeyboardModifier.NoModifier, points[-1])


def seven(canvas, scale=1.0, dx=0.0, dy=0.0):
    """A '7' drawn as one stroke, `scale` of the canvas, shifted by (dx, dy) canvas widths."""
    w, h = canvas.width(), canvas.height()
    side = min(w, h) * scale
    cx, cy = w * (0.5 + dx), h * (0.5 + dy)
    unit = np.concatenate([
        np.linspace((-0.3, -0.4), (0.3, -0.4), 15),
        np.linspace((0.3, -0.4), (-0.1, 0.45), 25),
    ])
    return [np.stack([cx + unit[:, 0] * side, cy + unit[:, 1] * side], axis=1)]


def vertical_line(canvas, x=0.5):
    w, h = canvas.width(), canvas.height()
    return [np.stack([np.full(25, w * x), np.linspace(h * 0.15, h * 0.85, 25)], axis=1)]


def open_image(qtbot, window, path) -> bool:
    """File → Open Image, waiting for the picture to be decoded (off the GUI thread)."""
    with qtbot.waitSignal(window.imageOpened, timeout=30_000) as opened:
        window.open_image(path)
    return opened.args[0]


def draw_in_unit_box(canvas, strokes, fill: float = 0.8) -> None:
    """Strokes given in a unit box (model.learning.pen_data, model.learning.forms) drawn across
    `fill` of the canvas's shorter side, centred."""
    side = min(canvas.width(), canvas.height()) * fill
    offset = np.array([canvas.width() - side, canvas.height() - side]) / 2
    draw(canvas, [np.asarray(s) * side + offset for s in strokes])


def read_through_canvas(window, digits) -> tuple[np.ndarray, list[str]]:
    """Replay model.learning.pen_data digits on the window's canvas with mouse events, one at a
    time: (the digit each reads as, the number the panel shows for each)."""
    read, numbers = [], []
    for i in range(len(digits)):
        window.canvas.clear()
        draw_in_unit_box(window.canvas, digits.strokes(i))
        read.append(int(np.argmax(window.panel.probabilities())))
        numbers.append(window.panel.number())
    return np.array(read), numbers


def draw_fitted(canvas, strokes, fill: float = 0.9) -> np.ndarray:
    """Strokes in any coordinates (a whole number) scaled to fit `fill` of the canvas, centred
    and drawn; returns the strokes as drawn, in canvas pixels."""
    points = np.concatenate([np.asarray(s, float) for s in strokes])
    low, high = points.min(axis=0), points.max(axis=0)
    size = np.array([canvas.width(), canvas.height()], float)
    scale = float(np.min(size * fill / np.maximum(high - low, 1e-9)))
    offset = (size - (high - low) * scale) / 2 - low * scale
    drawn = [np.asarray(s, float) * scale + offset for s in strokes]
    draw(canvas, drawn)
    return drawn


def dark_palette() -> QPalette:
    """A dark desktop's palette (the tests' and the README screenshots')."""
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#202328"),
                         (QPalette.ColorRole.WindowText, "#e8eaed"),
                         (QPalette.ColorRole.Base, "#16181c"),
                         (QPalette.ColorRole.AlternateBase, "#202328"),
                         (QPalette.ColorRole.Text, "#e8eaed"),
                         (QPalette.ColorRole.Button, "#2a2d33"),
                         (QPalette.ColorRole.ButtonText, "#e8eaed"),
                         (QPalette.ColorRole.Highlight, "#3d6fd6"),
                         (QPalette.ColorRole.HighlightedText, "#ffffff")):
        palette.setColor(role, QColor(colour))
    # As dark desktops do: a disabled button's words dimmed, or it looks clickable.
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7d828a"))
    return palette
