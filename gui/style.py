"""Colours from the application palette (light or dark desktop alike), one accent, and the one
array → QImage conversion.

Widgets ask `colours()` when they paint, and restyle when the palette changes (`FollowsPalette`), so
every view follows the desktop's look; nothing else in gui/ names a colour.
"""

from __future__ import annotations

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


def colours(palette: QPalette | None = None) -> Colours:
    palette = palette or QApplication.palette()
    window = palette.color(QPalette.ColorRole.Window)
    dark = window.lightness() < 128
    text = palette.color(QPalette.ColorRole.WindowText)
    base = palette.color(QPalette.ColorRole.Base)
    muted = mix(text, window, 0.45)
    return Colours(
        dark=dark, text=text, muted=muted, background=base, grid=mix(text, base, 0.85),
        paper=QColor("#14171c") if dark else QColor("#fdfdfb"),
        ink=QColor("#f4f6fa") if dark else QColor("#1d2433"),
        accent=QColor("#6ea2ff") if dark else QColor("#2f6fdf"),
        unsure=QColor("#f0b04a") if dark else QColor("#c07a10"),
        error=QColor("#ff8a80") if dark else QColor("#b3261e"),
        good=QColor("#8fd18f") if dark else QColor("#2d6b2d"),
        loss=QColor("#f0a05a") if dark else QColor("#d9822b"),
    )


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
