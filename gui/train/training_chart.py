"""Live training curves: loss and accuracy per batch (lines), validation per epoch (points)."""

from __future__ import annotations

from PySide6.QtCharts import QChart, QChartView, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from gui.i18n import Retranslates, tr
from gui.style import FollowsPalette, colours, style_chart

INITIAL_LOSS_RANGE = (0.0, 0.4)  # five ticks at 0.1 steps, lined up with the accuracy grid
INITIAL_ACCURACY_RANGE = (80.0, 100.0)
# Per-batch points kept per line. A 100-epoch run sends ~10 points a second for an hour; past
# this, every other point is dropped, so repaints stay cheap and the curve keeps its shape.
MAX_POINTS = 800


class TrainingChart(FollowsPalette, Retranslates, QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        chart = QChart()
        super().__init__(chart, parent)
        self.setObjectName("trainingChart")
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.loss_series = QLineSeries()
        self.accuracy_series = QLineSeries()
        self.val_loss_series = QScatterSeries()
        self.val_accuracy_series = QScatterSeries()
        for series in (self.val_loss_series, self.val_accuracy_series):
            series.setMarkerSize(9)
        self.epoch_axis = QValueAxis()
        self.epoch_axis.setLabelFormat("%.0f")
        self.loss_axis = QValueAxis()
        self.loss_axis.setLabelFormat("%.2f")
        self.accuracy_axis = QValueAxis()
        chart.addAxis(self.epoch_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.loss_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(self.accuracy_axis, Qt.AlignmentFlag.AlignRight)
        for series, axis in ((self.loss_series, self.loss_axis),
                             (self.val_loss_series, self.loss_axis),
                             (self.accuracy_series, self.accuracy_axis),
                             (self.val_accuracy_series, self.accuracy_axis)):
            chart.addSeries(series)
            series.attachAxis(self.epoch_axis)
            series.attachAxis(axis)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.retranslate()
        self.reset(5)
        self.restyle()

    def retranslate(self) -> None:
        self.chart().setTitle(tr("Training curves"))
        for series, name in ((self.loss_series, tr("loss (training)")),
                             (self.accuracy_series, tr("accuracy (training)")),
                             (self.val_loss_series, tr("loss (validation)")),
                             (self.val_accuracy_series, tr("accuracy (validation)"))):
            series.setName(name)
        self.epoch_axis.setTitleText(tr("epoch"))
        self.loss_axis.setTitleText(tr("loss"))
        self.accuracy_axis.setTitleText(tr("accuracy"))
        self.accuracy_axis.setLabelFormat(tr("%d%%", "axis labels: a whole percentage"))
        self.setAccessibleName(tr("Training curves"))

    def reset(self, epochs: int) -> None:
        """Empty curves and axes for a run of `epochs` epochs."""
        for series in (self.loss_series, self.accuracy_series, self.val_loss_series,
                       self.val_accuracy_series):
            series.clear()
        self.show_epochs(epochs)
        self.loss_axis.setRange(*INITIAL_LOSS_RANGE)
        self.accuracy_axis.setRange(*INITIAL_ACCURACY_RANGE)

    def show_epochs(self, epochs: int) -> None:
        # A tick per whole epoch (up to 10): fractional ticks would print rounded labels.
        self.epoch_axis.setRange(0, epochs)
        self.epoch_axis.setTickCount(epochs + 1 if epochs <= 10 else 11)

    def add_batch(self, epochs_done: float, loss: float, accuracy: float) -> None:
        """A training point at `epochs_done` (fractional epochs); accuracy in [0, 1]."""
        for series, value in ((self.loss_series, loss), (self.accuracy_series, accuracy * 100)):
            series.append(epochs_done, value)
            if series.count() > MAX_POINTS:
                points = series.points()
                series.replace(points[:-1:2] + points[-1:])
        self._fit_axes(loss, accuracy)

    def add_epoch(self, epoch: int, val_loss: float, val_accuracy: float) -> None:
        self.val_loss_series.append(epoch, val_loss)
        self.val_accuracy_series.append(epoch, val_accuracy * 100)
        self._fit_axes(val_loss, val_accuracy)

    def _fit_axes(self, loss: float, accuracy: float) -> None:
        if loss > self.loss_axis.max():
            self.loss_axis.setMax(min(3.0, loss * 1.1))
            self.loss_axis.applyNiceNumbers()
        if accuracy * 100 < self.accuracy_axis.min():
            self.accuracy_axis.setMin(max(0.0, (accuracy * 100 // 10) * 10))
            self.accuracy_axis.applyNiceNumbers()

    def restyle(self) -> None:
        c = colours(self.palette())
        style_chart(self.chart(), c)
        for line, points, colour in ((self.loss_series, self.val_loss_series, c.loss),
                                     (self.accuracy_series, self.val_accuracy_series, c.accent)):
            pen = QPen(colour)
            pen.setWidthF(2.0)
            line.setPen(pen)
            points.setColor(QColor(colour).lighter(115))
            points.setBorderColor(QColor(colour).darker(120))
