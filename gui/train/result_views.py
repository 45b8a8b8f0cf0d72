"""Views of a finished run: the result in words, the confusion matrix as a heat map, and the
test digits it got wrong."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from gui.i18n import Retranslates, number, percent, tr
from gui.style import Colours, colours, gray_image, mix, readable_on
from model.reading.confidence import VALIDATION


def result_text(new_accuracy: float, previous: dict | None, in_use: bool,
                active_name: str | None) -> tuple[str, bool]:
    """(the result in words, as rich text; worse than the model it replaced?).

    `previous` is the metadata of the model that was active when the run finished; `in_use`
    says whether the new model is the active one now, else `active_name` is.
    """
    accuracy = percent(new_accuracy, 2)
    lines = ["<b>" + (tr("Test accuracy: {accuracy} (new model, now in use)") if in_use else
                      tr("Test accuracy: {accuracy} (new model, saved)")).format(
        accuracy=accuracy) + "</b>"]
    old = (previous or {}).get("test_accuracy")
    worse = isinstance(old, (int, float)) and new_accuracy < old
    if isinstance(old, (int, float)):
        lines.append(tr("Previous model: {accuracy}").format(accuracy=percent(old, 2)))
    if not in_use:
        lines.append(tr("Not in use: {name} is in use, chosen after this run started. Pick "
                         "the new model in the list below to use it.").format(name=active_name)
                      if active_name else
                      tr("Not in use: another model is in use, chosen after this run started. "
                         "Pick the new model in the list below to use it."))
    elif worse:
        lines.append("<b>" + tr("It is worse on MNIST test than the model it replaced ({new} vs "
                                "{old}).").format(new=accuracy, old=percent(old, 2)) + "</b> " +
                     tr("Revert to the previous model to go back."))
    return "<br>".join(lines), worse and in_use


class RunResult(Retranslates, QGroupBox):
    """The last run's result in words, and the one-click way back."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setObjectName("resultLabel")
        self.label.setWordWrap(True)
        self.revert_button = QPushButton()
        self.revert_button.setObjectName("revertButton")
        self.revert_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.revert_button)
        self.shown = False  # a result is shown (the training tab retranslates it)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(tr("Result"))
        if not self.shown:
            self.label.setText(tr("No run yet."))
        self.revert_button.setText(tr("Revert to previous model"))

    def show_result(self, text: str, warn: bool) -> None:
        """The result; with `warn`, its last sentence (the warning) in the error colour."""
        if warn:
            head, _, warning = text.rpartition("<br>")
            text = f"{head}<br><span style='color: {colours(self.palette()).error.name()}'>" \
                f"{warning}</span>"
        self.shown = True
        self.label.setText(text)


MIN_POINT_SIZE = 6.5  # smaller numbers are not read, only squinted at


class PaintedResult(Retranslates, QWidget):
    """A result view painted by hand: a hint until there is a result, and a tooltip for the
    place under the pointer (`tip_at`)."""

    def empty_hint(self) -> str:
        return ""

    def title(self) -> str:
        """The view's name for a screen reader."""
        raise NotImplementedError

    def retranslate(self) -> None:
        self.setAccessibleName(self.title())
        self.update()  # its words are painted

    def has_result(self) -> bool:
        raise NotImplementedError

    def tip_at(self, position: QPointF) -> str | None:
        """The tooltip for a point of the view, or None for none."""
        return None

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.has_result():
            tip = self.tip_at(event.position())
            if tip:
                QToolTip.showText(event.globalPosition().toPoint(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def begin_painting(self) -> tuple[QPainter, Colours] | None:
        """A painter on the cleared view, or None once the hint is drawn (no result yet)."""
        c = colours(self.palette())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), c.background)
        if not self.has_result():
            painter.setPen(c.muted)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.empty_hint())
            return None
        return painter, c


class ConfusionMatrixView(PaintedResult):
    """Rows: the true digit; columns: what the model said. Off-diagonal cells are its errors."""

    def empty_hint(self) -> str:
        return tr("The confusion matrix appears when a run finishes.")

    def title(self) -> str:
        return tr("Confusion matrix")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confusionMatrix")
        self.matrix: np.ndarray | None = None
        self.setMinimumSize(220, 170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self._describe()

    def _describe(self) -> None:
        """The matrix in a sentence for a screen reader: how many right, the worst confusion."""
        if self.matrix is None:
            self.setAccessibleDescription(self.empty_hint())
            return
        errors = self.matrix - np.diag(np.diag(self.matrix))
        true, predicted = np.unravel_index(int(np.argmax(errors)), errors.shape)
        self.setAccessibleDescription(tr(
            "{right} of {total} test digits read right; the most common mistake: {true} read "
            "as {predicted} ({count} times)").format(
            right=number(int(np.trace(self.matrix))), total=number(int(self.matrix.sum())),
            true=true, predicted=predicted, count=number(int(errors[true, predicted]))))

    def set_matrix(self, matrix: np.ndarray | None) -> None:
        self.matrix = None if matrix is None else np.asarray(matrix)
        self._describe()
        self.update()

    def layout_cells(self) -> tuple[QRectF, float | None]:
        """(the 10×10 grid's rectangle, the cell font's point size): as large as the widget
        allows, with the widest count fitting its cell; None when the cells are too small for
        readable numbers (the colours still tell, and a tooltip gives each count)."""
        label_space = 34
        # Cells may be wider than tall (up to 2.2×): a short, wide pane still fits four digits.
        cell_h = max(4.0, (self.height() - label_space - 4) / 10)
        cell_w = max(4.0, min((self.width() - label_space - 8) / 10, cell_h * 2.2))
        cell_h = min(cell_h, cell_w)
        left = label_space + (self.width() - label_space - cell_w * 10) / 2 - 4
        grid = QRectF(left, label_space - 4, cell_w * 10, cell_h * 10)
        widest = str(int(self.matrix.max())) if self.matrix is not None else "0"
        font = self.font()
        size = max(MIN_POINT_SIZE, cell_h / 2.2)
        while size >= MIN_POINT_SIZE:
            font.setPointSizeF(size)
            metrics = QFontMetricsF(font)
            if metrics.horizontalAdvance(widest) <= cell_w - 4 and \
                    metrics.height() <= cell_h + 1:
                return grid, size
            size -= 0.5
        return grid, None

    def has_result(self) -> bool:
        return self.matrix is not None

    def tip_at(self, position: QPointF) -> str | None:
        grid, _ = self.layout_cells()
        col = int((position.x() - grid.left()) // (grid.width() / 10))
        row = int((position.y() - grid.top()) // (grid.height() / 10))
        if 0 <= row < 10 and 0 <= col < 10:
            return tr("true {true}, predicted {predicted}: %n test image(s)", "",
                      int(self.matrix[row, col])).format(true=row, predicted=col)
        return None

    def paintEvent(self, event) -> None:
        started = self.begin_painting()
        if started is None:
            return
        painter, c = started
        grid, point_size = self.layout_cells()
        cell_w, cell_h = grid.width() / 10, grid.height() / 10
        rows = self.matrix.sum(axis=1, keepdims=True).clip(min=1)
        share = self.matrix / rows
        errors_max = max(float((share - np.diag(np.diag(share))).max()), 1e-9)
        font = painter.font()
        font.setPointSizeF(point_size or MIN_POINT_SIZE)
        painter.setFont(font)
        for r in range(10):
            for col in range(10):
                if r == col:
                    t, high = float(share[r, col]), c.accent
                else:
                    t, high = float(share[r, col]) / errors_max * 0.8, c.error
                colour = mix(c.background, high, min(t, 1.0))
                cell = QRectF(grid.left() + col * cell_w, grid.top() + r * cell_h, cell_w - 1,
                              cell_h - 1)
                painter.fillRect(cell, colour)
                count = int(self.matrix[r, col])
                if count and point_size:
                    painter.setPen(readable_on(colour))
                    painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, str(count))
        font.setPointSizeF(max(point_size or MIN_POINT_SIZE, 8.0))
        painter.setFont(font)
        painter.setPen(c.text)
        for i in range(10):
            painter.drawText(QRectF(grid.left() + i * cell_w, grid.top() - 18, cell_w, 16),
                             Qt.AlignmentFlag.AlignCenter, str(i))
            painter.drawText(QRectF(grid.left() - 18, grid.top() + i * cell_h, 16, cell_h),
                             Qt.AlignmentFlag.AlignCenter, str(i))
        painter.drawText(QRectF(grid.left(), 0, grid.width(), 12), Qt.AlignmentFlag.AlignCenter,
                         tr("predicted digit →"))
        painter.save()
        painter.translate(10, grid.top() + grid.height() / 2)
        painter.rotate(-90)
        painter.drawText(QRectF(-grid.height() / 2, -8, grid.height(), 16),
                         Qt.AlignmentFlag.AlignCenter, tr("true digit →"))
        painter.restore()


class MistakesView(Retranslates, QWidget):
    """A strip of misclassified test digits, each captioned 'true → predicted'."""

    TILE = 56

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mistakesView")
        self.mistakes: list[tuple[np.ndarray, int, int]] = []
        self.setMinimumHeight(self.TILE + 24)
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(tr("Mistakes"))
        self.update()

    def set_mistakes(self, mistakes) -> None:
        self.mistakes = list(mistakes)
        self.setAccessibleDescription(tr("%n test digit(s) read wrongly: ", "", len(
            self.mistakes)) + ", ".join(f"{true} → {predicted}"
                                        for _, true, predicted in self.mistakes))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(8 * (self.TILE + 8), 2 * (self.TILE + 22))

    def paintEvent(self, event) -> None:
        c = colours(self.palette())
        painter = QPainter(self)
        if not self.mistakes:
            painter.setPen(c.muted)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             tr("Test digits the new model gets wrong appear here."))
            return
        columns = max(1, self.width() // (self.TILE + 8))
        for index, (image, true, predicted) in enumerate(self.mistakes):
            row, col = divmod(index, columns)
            x, y = 4 + col * (self.TILE + 8), 4 + row * (self.TILE + 22)
            if y + self.TILE > self.height():
                break
            # MNIST's own look (light on dark) in a dark window, ink on paper in a light one.
            painter.drawImage(QRectF(x, y, self.TILE, self.TILE),
                              gray_image(image, invert=not c.dark))
            painter.setPen(c.grid)
            painter.drawRect(QRectF(x, y, self.TILE, self.TILE))
            painter.setPen(c.error)
            painter.drawText(QRectF(x, y + self.TILE, self.TILE, 18), Qt.AlignmentFlag.AlignCenter,
                             f"{true} → {predicted}")


class CalibrationView(Retranslates, QWidget):
    """The run's calibration: one sentence of figures over its reliability diagram."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calibrationView")
        self.label = QLabel()
        self.label.setObjectName("calibrationSummary")
        self.label.setWordWrap(True)
        self.label.hide()
        self.diagram = ReliabilityDiagram()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.diagram, 1)

    def retranslate(self) -> None:
        self.label.setText(self.summary(self.diagram.calibration))

    def set_calibration(self, calibration) -> None:
        """A model.reading.confidence.Calibration, or None."""
        self.diagram.set_calibration(calibration)
        self.label.setText(self.summary(calibration))
        self.label.setVisible(calibration is not None)

    @staticmethod
    def summary(calibration) -> str:
        if calibration is None:
            return ""
        judged = int(calibration.after.count.sum())
        how = (tr("fitted on the validation writers' pen digits") if
               calibration.fitted_on == VALIDATION else
               tr("each half judged by a fit on the other"))
        return tr("Temperature {temperature} · expected calibration error {before} → {after} on "
                  "{count} test digits, {how}. The bars and verdicts show the calibrated "
                  "confidence.").format(
            temperature=number(calibration.temperature, 2),
            before=percent(calibration.before.calibration_error, 2),
            after=percent(calibration.after.calibration_error, 2), count=number(judged), how=how)


class ReliabilityDiagram(PaintedResult):
    """A reliability diagram: for each band of confidence, how sure the model said it was
    (across) against how often it was right (up), before and after calibration. A perfectly
    honest model lies on the diagonal; below it, the model claimed more than it delivered."""

    MARGIN = (66, 14, 16, 44)  # left, top, right, bottom: room for the axes' words

    @staticmethod
    def how_to_read() -> str:
        return tr("Each dot is a band of drawings the model was about equally sure of; the "
                  "bigger the dot, the more test digits in it. On the dashed line, a model "
                  "that says 80% is right 80% of the time. Below the line it claimed more "
                  "than it delivered; above, less. Hover a band for its counts.")

    def empty_hint(self) -> str:
        return tr("How honest the model's confidence is appears when a run finishes.")

    def title(self) -> str:
        return tr("Reliability diagram")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reliabilityDiagram")
        self.calibration = None  # model.reading.confidence.Calibration
        self.setMinimumSize(260, 190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.retranslate()

    def set_calibration(self, calibration) -> None:
        self.calibration = calibration
        self.update()

    def plot_rect(self) -> QRectF:
        left, top, right, bottom = self.MARGIN
        side = max(40.0, min(self.width() - left - right - 150, self.height() - top - bottom))
        return QRectF(left, top, side, side)

    def point(self, plot: QRectF, confidence: float, accuracy: float) -> QPointF:
        return QPointF(plot.left() + confidence * plot.width(),
                       plot.bottom() - accuracy * plot.height())

    def has_result(self) -> bool:
        return self.calibration is not None

    def tip_at(self, position: QPointF) -> str | None:
        plot = self.plot_rect()
        x = (position.x() - plot.left()) / plot.width()
        after = self.calibration.after
        bins = len(after.count)
        band = int(np.clip(x * bins, 0, bins - 1))
        if not (0 <= x <= 1 and after.count[band]):
            return None
        right = int(round(after.accuracy[band] * after.count[band]))
        return tr("Said {low}–{high}% sure (calibrated): {count} digits, {right} right "
                  "({accuracy})").format(
            low=band * 100 // bins, high=(band + 1) * 100 // bins,
            count=number(int(after.count[band])), right=number(right),
            accuracy=percent(after.accuracy[band]))

    def paintEvent(self, event) -> None:
        started = self.begin_painting()
        if started is None:
            return
        painter, c = started
        plot = self.plot_rect()
        painter.setPen(QPen(c.grid, 1))
        for i in range(11):
            t = i / 10
            painter.drawLine(self.point(plot, t, 0), self.point(plot, t, 1))
            painter.drawLine(self.point(plot, 0, t), self.point(plot, 1, t))
        painter.setPen(c.muted)
        for i in (0, 5, 10):
            t = i / 10
            p = self.point(plot, t, 0)
            painter.drawText(QRectF(p.x() - 24, p.y() + 3, 48, 18),
                             Qt.AlignmentFlag.AlignCenter, percent(i / 10))
            p = self.point(plot, 0, t)
            painter.drawText(QRectF(p.x() - 48, p.y() - 9, 42, 18),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             percent(i / 10))
        painter.setPen(c.text)
        painter.drawText(QRectF(plot.left() - 40, plot.bottom() + 21, plot.width() + 80, 20),
                         Qt.AlignmentFlag.AlignCenter, tr("how sure it said it was →"))
        painter.save()
        painter.translate(11, plot.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-plot.height() / 2 - 40, -10, plot.height() + 80, 20),
                         Qt.AlignmentFlag.AlignCenter, tr("how often it was right →"))
        painter.restore()
        painter.setPen(QPen(c.muted, 1.2, Qt.PenStyle.DashLine))
        painter.drawLine(self.point(plot, 0, 0), self.point(plot, 1, 1))

        series = ((self.calibration.before, c.muted, tr("raw network output")),
                  (self.calibration.after, c.accent, tr("calibrated (what DigitPad shows)")))
        total = max(1, int(self.calibration.after.count.sum()))
        for reliability, colour, _ in series:
            filled = reliability.count > 0
            points = [self.point(plot, float(conf), float(acc)) for conf, acc in
                      zip(reliability.confidence[filled], reliability.accuracy[filled])]
            painter.setPen(QPen(colour, 1.6))
            for a, b in zip(points, points[1:]):
                painter.drawLine(a, b)
            painter.setBrush(colour)
            for p, n in zip(points, reliability.count[filled]):
                # A dot's area grows with its digits: a lone digit's band should not look as
                # weighty as the 4,900 digits the model was sure of.
                radius = 2.5 + 7 * float(np.sqrt(n / total))
                painter.drawEllipse(p, radius, radius)
        painter.setBrush(Qt.BrushStyle.NoBrush)

        legend = QRectF(plot.right() + 14, plot.top(), self.width() - plot.right() - 18, 200)
        y = legend.top()
        lines = [(colour, label) for _, colour, label in series] + \
            [(c.muted, tr("perfectly honest"))]
        for i, (colour, label) in enumerate(lines):
            if i < 2:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawEllipse(QRectF(legend.left(), y + 4, 9, 9))
                painter.setBrush(Qt.BrushStyle.NoBrush)
            else:
                painter.setPen(QPen(colour, 1.2, Qt.PenStyle.DashLine))
                painter.drawLine(legend.left(), y + 8, legend.left() + 10, y + 8)
            painter.setPen(c.text)
            box = QRectF(legend.left() + 16, y, legend.width() - 16, 40)
            used = painter.boundingRect(box, Qt.TextFlag.TextWordWrap, label)
            painter.drawText(box, Qt.TextFlag.TextWordWrap, label)
            y += used.height() + 8
        painter.setPen(c.muted)
        box = QRectF(legend.left(), y + 6, legend.width(), plot.bottom() - y - 6)
        painter.drawText(box, Qt.TextFlag.TextWordWrap, self.how_to_read())
