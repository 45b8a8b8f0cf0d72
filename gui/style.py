"""Colours from the application palette (light or dark desktop alike), one accent, and the one
array → QImage conversion.

Widgets ask `colours()` when they paint, and restyle when the palette changes (`FollowsPalette`), so
every view follows the desktop's look; nothing else in gui/ names a colour.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from PySide6.QtCharts import QChart
from PySide6.QtCore import QEvent
from PySide6.QtGui import QBrush, QColor, QImage, QPalette, QPen
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Colours:
    dark: bool
    text: QColor
    muted: QColor  # secondary text, empty-state hints
    background: QColor  # a view's own background (charts, matrices)
    grid: QColor
    paper: QColor  # the canvas: paper and ink, MNIST-like (light ink on dark paper) in dark mode
    ink: QColor
    accent: QColor  # the prediction, accuracy, the diagonal of the confusion matrix
    unsure: QColor
    error: QColor
    good: QColor
    loss: QColor


TEXT_CONTRAST = 4.5  # WCAG 2 AA for text
GRAPHIC_CONTRAST = 3.0  # WCAG 2 AA for bars, lines and marks


def colours(palette: QPalette | None = None) -> Colours:
    """The palette's colours, and DigitPad's own, each kept readable on the palette's
    backgrounds (a high-contrast palette gets stronger muted text and accents)."""
    palette = palette or QApplication.palette()
    return _colours(*(palette.color(role).rgba() for role in (
        QPalette.ColorRole.Window, QPalette.ColorRole.WindowText, QPalette.ColorRole.Base)))


@functools.lru_cache(maxsize=16)
def _colours(window_rgba: int, text_rgba: int, base_rgba: int) -> Colours:
    # Worked out once per palette: every paint asks, and the contrast search is ~0.3 ms.
    window, text, base = (QColor.fromRgba(rgba) for rgba in (window_rgba, text_rgba, base_rgba))
    dark = window.lightness() < 128
    grounds = (window, base)

    def text_colour(colour: QColor) -> QColor:
        return legible(colour, grounds, TEXT_CONTRAST)

    return Colours(
        dark=dark, text=text, muted=text_colour(mix(text, window, 0.45)), background=base,
        grid=mix(text, base, 0.85),
        paper=QColor("#14171c") if dark else QColor("#fdfdfb"),
        ink=QColor("#f4f6fa") if dark else QColor("#1d2433"),
        accent=text_colour(QColor("#6ea2ff") if dark else QColor("#2f6fdf")),
        unsure=text_colour(QColor("#f0b04a") if dark else QColor("#c07a10")),
        error=text_colour(QColor("#ff8a80") if dark else QColor("#b3261e")),
        good=text_colour(QColor("#8fd18f") if dark else QColor("#2d6b2d")),
        loss=legible(QColor("#f0a05a") if dark else QColor("#d9822b"), grounds,
                     GRAPHIC_CONTRAST),
    )


def luminance(colour: QColor) -> float:
    """WCAG 2's relative luminance."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(x) for x in colour.getRgbF()[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2's contrast ratio, 1 (none) to 21 (black on white)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def legible(colour: QColor, grounds, ratio: float) -> QColor:
    """`colour`, or the nearest shade of it (towards black on light grounds, white on dark)
    with at least `ratio` contrast against every ground."""
    darker = sum(luminance(g) for g in grounds) / len(grounds) > 0.18
    target = QColor("black") if darker else QColor("white")
    for step in range(21):
        shade = mix(colour, target, step / 20)
        if all(contrast(shade, g) >= ratio for g in grounds):
            return shade
    return target


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """a, blended t of the way towards b."""
    return QColor.fromRgbF(*(x + (y - x) * t for x, y in zip(a.getRgbF()[:3], b.getRgbF()[:3])))


def readable_on(background: QColor) -> QColor:
    """Text colour for a label on `background`, whatever the palette."""
    return QColor("white") if background.lightness() < 140 else QColor("#1d2433")


class FollowsPalette:
    """Widget mixin: `restyle()` runs whenever the palette changes (the desktop goes dark)."""

    def restyle(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.restyle()
        super().changeEvent(event)


def gray_image(array: np.ndarray, invert: bool = False) -> QImage:
    """A 2-D array (floats in [0, 1], or uint8) as an 8-bit grayscale QImage of its own."""
    values = np.asarray(array)
    if values.dtype != np.uint8:
        values = (np.clip(values, 0.0, 1.0) * 255).round().astype(np.uint8)
    if invert:
        values = 255 - values
    values = np.ascontiguousarray(values)
    height, width = values.shape
    return QImage(values.data, width, height, width, QImage.Format.Format_Grayscale8).copy()


def style_chart(chart: QChart, c: Colours) -> None:
    """Background, titles, legend, axes and grid lines of a Qt chart from the palette."""
    chart.setBackgroundBrush(QBrush(c.background))
    chart.setBackgroundPen(QPen(c.grid))
    chart.setPlotAreaBackgroundVisible(False)
    chart.setTitleBrush(QBrush(c.text))
    chart.legend().setLabelColor(c.text)
    for axis in chart.axes():
        axis.setLabelsColor(c.text)
        axis.setTitleBrush(QBrush(c.text))
        axis.setLinePenColor(c.muted)
        axis.setGridLineColor(c.grid)
