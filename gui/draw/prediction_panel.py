"""The model's answer: a bar chart of the 10 probabilities, the digit, and what the model saw;
for a written number, the number with each digit's confidence, one digit selected at a time."""

from __future__ import annotations

import numpy as np
from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QColor,
    QFont,
    QImage,
    QPainter,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.i18n import Retranslates, percent, tr
from gui.style import FollowsPalette, colours, gray_image, mix, style_chart
from model.reading.outliers import THRESHOLD
from model.wording import refusal_sentence

PREVIEW_SIZE = 112  # 28 × 4: each model pixel a crisp 4×4 square

# Below this confidence, or when the runner-up is close, the panel says it is not sure.
CONFIDENT = 0.6
CLOSE_CALL = 0.25


def verdict(probabilities: np.ndarray) -> tuple[int, str, bool]:
    """(top digit, a sentence for the person, confident?)."""
    order = np.argsort(probabilities)[::-1]
    top, second = int(order[0]), int(order[1])
    p_top, p_second = float(probabilities[top]), float(probabilities[second])
    if p_top >= CONFIDENT and p_top - p_second >= CLOSE_CALL:
        return top, tr("It's a {digit}  ·  {confidence} sure").format(
            digit=top, confidence=percent(p_top)), True
    if p_top < 0.3:
        return top, tr("Not sure at all: maybe {digit}? ({confidence})").format(
            digit=top, confidence=percent(p_top)), False
    return top, tr("Not sure: {digit} or {second}? ({confidence} / {second_confidence})").format(
        digit=top, second=second, confidence=percent(p_top),
        second_confidence=percent(p_second)), False


def overlay(model_input: np.ndarray, kind: str, maps) -> QImage:
    """The 28×28 input with the explanation painted over it: evidence warm (for) and blue
    (against); what would make it another digit, green (add ink) and magenta (remove)."""
    gray = np.clip(np.asarray(model_input, np.float32), 0, 1) * 255 * 0.55
    rgb = np.repeat(gray[..., None], 3, axis=2)
    if kind == "why":
        (heat,) = maps
        scale = max(float(np.abs(heat).max()), 1e-6)
        layers = [(np.clip(heat / scale, 0, 1), (255, 150, 40)),
                  (np.clip(-heat / scale, 0, 1), (70, 140, 255))]
    else:
        add, remove = maps
        scale = max(float(add.max()), float(remove.max()), 1e-6)
        layers = [(add / scale, (60, 220, 90)), (remove / scale, (235, 70, 220))]
    for strength, colour in layers:
        strength = strength[..., None] ** 0.7  # faint effects stay visible
        rgb = rgb * (1 - strength) + np.array(colour, np.float32) * strength
    data = np.ascontiguousarray(np.clip(rgb, 0, 255).astype(np.uint8))
    return QImage(data.data, 28, 28, 28 * 3, QImage.Format.Format_RGB888).copy()


def _caption(explanation: tuple | None) -> str:
    """The preview's caption, and the legend of the colours over it."""
    if explanation is None:
        return tr("Model input (28×28)")
    if explanation[1] == "why":
        return tr("orange: for · blue: against")
    return tr("green: add · magenta: remove")


def is_confident(probabilities: np.ndarray) -> bool:
    return verdict(probabilities)[2]


class NumberView(Retranslates, QWidget):
    """The digits read, in large type, each with its confidence; click one to select it (or
    move with the arrow keys when it has the focus)."""

    clicked = Signal(int)
    CELL = 46

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("numberView")
        self.digits: list[tuple[int, float, bool]] = []  # digit, confidence, confident
        self.selected = 0
        self.setMinimumHeight(78)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.retranslate()

    def retranslate(self) -> None:
        self.setToolTip(tr("Click a digit (or use the arrow keys) to see its bars and what the "
                           "model saw"))
        self._describe()

    def _describe(self) -> None:
        """The number in words for a screen reader: "Number read: 2, 0, 2, 6 (digit 3
        selected, 97% sure)"."""
        self.setAccessibleName(tr("Number read: {digits}").format(
            digits=", ".join(str(d) if sure else f"{d}?" for d, _, sure in self.digits)))
        if self.digits:
            digit, confidence, _ = self.digits[self.selected]
            self.setAccessibleDescription(tr("Digit {place} of {count} selected: {digit}, "
                                             "{confidence} sure").format(
                place=self.selected + 1, count=len(self.digits), digit=digit,
                confidence=percent(confidence)))

    def set_digits(self, digits: list[tuple[int, float, bool]], selected: int) -> None:
        self.digits, self.selected = digits, selected
        self._describe()
        self.update()

    def keyPressEvent(self, event) -> None:
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(event.key())
        if step is not None and self.digits:
            self.clicked.emit((self.selected + step) % len(self.digits))
        else:
            super().keyPressEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(max(1, len(self.digits)) * self.CELL, 78)

    def cell_width(self) -> float:
        return min(self.CELL, self.width() / max(1, len(self.digits)))

    def cell_at(self, x: float) -> int | None:
        left = (self.width() - self.cell_width() * len(self.digits)) / 2
        index = int((x - left) // self.cell_width())
        return index if 0 <= index < len(self.digits) and x >= left else None

    def mousePressEvent(self, event) -> None:
        index = self.cell_at(event.position().x())
        if index is not None:
            self.clicked.emit(index)

    def paintEvent(self, event) -> None:
        c = colours(self.palette())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.hasFocus():  # the arrow keys move the selection: show where the keys go
            painter.setPen(QPen(c.accent, 2, Qt.PenStyle.DotLine))
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 6, 6)
        width = self.cell_width()
        left = (self.width() - width * len(self.digits)) / 2
        big, small = QFont(self.font()), QFont(self.font())
        big.setPointSizeF(max(12.0, min(30.0, width * 0.55)))
        big.setBold(True)
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        for index, (digit, confidence, confident) in enumerate(self.digits):
            cell = QRectF(left + index * width, 2, width, self.height() - 4)
            colour = c.accent if confident else c.unsure
            if index == self.selected:
                painter.setPen(QPen(colour, 2))
                painter.setBrush(mix(c.background, colour, 0.12))
                painter.drawRoundedRect(cell.adjusted(2, 0, -2, 0), 6, 6)
            painter.setPen(colour)
            painter.setFont(big)
            painter.drawText(cell.adjusted(0, 0, 0, -20), Qt.AlignmentFlag.AlignCenter,
                             str(digit) if confident else f"{digit}?")
            painter.setPen(c.muted)
            painter.setFont(small)
            painter.drawText(cell.adjusted(0, cell.height() - 22, 0, 0),
                             Qt.AlignmentFlag.AlignCenter, percent(confidence))


class PredictionPanel(FollowsPalette, Retranslates, QWidget):
    predictionChanged = Signal()
    digitSelected = Signal(int)  # which digit of a written number the bars now show
    explanationWanted = Signal()  # the Why? toggle or its digit changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("predictionPanel")
        self._probabilities: tuple[float, ...] | None = None
        self._model_input: np.ndarray | None = None
        self._confident = True
        self._readings: list[tuple[np.ndarray, np.ndarray]] = []  # (probabilities, input)
        # Pieces left out as not digits: (probabilities, input, why; model.reading.outliers).
        self._refused: list[tuple[np.ndarray, np.ndarray, str]] = []
        self.temperature = 1.0  # the active model's calibration (its sidecar; 1: none)
        self.refused = ""  # why the drawing shown is not read as a digit ("" when it is)
        self._anyway: np.ndarray | None = None  # a refused drawing read anyway (its input)
        self._selected = 0
        self.number_view = NumberView()
        self.number_view.hide()
        self.number_view.clicked.connect(self.select)

        self.digit_label = QLabel("–")
        self.digit_label.setObjectName("digitLabel")
        self.digit_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        big = QFont(self.font())
        big.setPointSize(54)
        big.setBold(True)
        self.digit_label.setFont(big)
        self.digit_label.setMinimumWidth(110)

        self.verdict_label = QLabel()
        self.verdict_label.setObjectName("verdictLabel")
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        medium = QFont(self.font())
        medium.setPointSizeF(self.font().pointSizeF() * 1.25)
        self.verdict_label.setFont(medium)
        self.read_anyway = QPushButton()
        self.read_anyway.setObjectName("readAnyway")
        self.read_anyway.hide()
        self.read_anyway.clicked.connect(self._read_anyway)
        self.note_label = QLabel()  # what was left out of a number as not a digit
        self.note_label.setObjectName("leftOutNote")
        self.note_label.setWordWrap(True)
        self.note_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note_label.hide()

        self.preview = QLabel()
        self.preview.setObjectName("modelInputPreview")
        self.preview.setFixedSize(PREVIEW_SIZE + 2, PREVIEW_SIZE + 2)
        self.preview.setFrameShape(QFrame.Shape.Box)
        self.preview_caption = QLabel()
        self.preview_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_caption.setWordWrap(True)
        self.preview_caption.setMaximumWidth(PREVIEW_SIZE + 40)
        self.why_toggle = QToolButton()
        self.why_toggle.setObjectName("whyToggle")
        self.why_toggle.setCheckable(True)
        self.make_combo = QComboBox()
        self.make_combo.setObjectName("makeItCombo")
        self.make_combo.addItem("", None)
        for d in range(10):
            self.make_combo.addItem("", d)
        self.make_combo.setEnabled(False)
        self.why_toggle.toggled.connect(self.make_combo.setEnabled)
        self.why_toggle.toggled.connect(lambda _: self.explanationWanted.emit())
        self.make_combo.currentIndexChanged.connect(lambda _: self.explanationWanted.emit())
        self._explanation: tuple | None = None  # (input, kind, maps) shown over the preview

        self._others = QBarSet("probability")
        self._top = QBarSet("prediction")
        for bar_set in (self._others, self._top):
            bar_set.append([0.0] * 10)
        series = QStackedBarSeries()
        series.append(self._others)
        series.append(self._top)
        series.setBarWidth(0.75)
        chart = self.chart = QChart()
        chart.addSeries(series)
        chart.legend().hide()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        axis_x = QBarCategoryAxis()
        axis_x.append([str(d) for d in range(10)])
        axis_y = QValueAxis()
        axis_y.setRange(0, 100)
        axis_y.setTickCount(6)
        self.axes = axis_x, axis_y
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        self.chart_view = QChartView(chart)
        self.chart_view.setObjectName("probabilityChart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumSize(320, 220)
        self.chart_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # Each bar a child a screen reader can step through, and a tooltip for the mouse:
        # Qt Charts draws bars, it exposes none of them to assistive technology.
        # (Children of its viewport: a scroll area exposes no other children.)
        self.bar_items = [QLabel(self.chart_view.viewport()) for _ in range(10)]
        for digit, item in enumerate(self.bar_items):
            item.setObjectName(f"bar{digit}")
        chart.plotAreaChanged.connect(self._place_bars)

        explain = QVBoxLayout()
        explain.addStretch(1)
        explain.addWidget(self.why_toggle)
        explain.addWidget(self.make_combo)
        top_row = QGridLayout()
        top_row.addWidget(self.digit_label, 0, 0, 2, 1)
        top_row.addLayout(explain, 0, 1)
        top_row.addWidget(self.preview, 0, 2, Qt.AlignmentFlag.AlignHCenter)
        top_row.addWidget(self.preview_caption, 1, 2)
        top_row.setColumnStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.number_view)
        layout.addWidget(self.note_label)
        layout.addLayout(top_row)
        layout.addWidget(self.verdict_label)
        layout.addWidget(self.read_anyway, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.chart_view, 1)
        self._message: str | None = None  # the window's message, shown instead of a verdict
        self.last_announcement = ""  # what assistive technology was last told
        self.restyle()
        self.retranslate()

    def retranslate(self) -> None:
        self.read_anyway.setText(tr("Read it anyway"))
        self.read_anyway.setToolTip(tr("Show the digit the model would pick if it had to"))
        self.preview.setToolTip(tr("Exactly what the model is given: 28×28 pixels, MNIST-style"))
        self.preview.setAccessibleName(tr("Model input, 28×28 pixels"))
        self.why_toggle.setText(tr("Why?"))
        self.why_toggle.setToolTip(
            tr("Colour the model input by what pushed the model toward its answer (warm) and "
               "against it (blue): each 4×4 patch is hidden in turn and the change measured"))
        self.make_combo.setItemText(0, tr("its answer"))
        for d in range(10):
            self.make_combo.setItemText(d + 1, tr("make it a {digit}").format(digit=d))
        self.make_combo.setToolTip(tr("Where ink would have to be added (green) or removed "
                                      "(magenta) for the model to read this digit"))
        self.make_combo.setAccessibleName(tr("Explain as"))
        axis_x, axis_y = self.axes
        axis_x.setTitleText(tr("digit"))
        axis_y.setTitleText(tr("confidence"))
        axis_y.setLabelFormat(tr("%d%%", "axis labels: a whole percentage"))
        self.chart_view.setAccessibleName(tr("Confidence of each digit"))
        self.digit_label.setAccessibleName(tr("Digit read"))
        self.verdict_label.setAccessibleName(tr("Verdict"))
        # What is shown, said again in the new words.
        if self._probabilities is None:
            self.clear(self._message)
        elif self._readings:
            self._select(self._selected)
        elif self._refused:
            probabilities, model_input, why = self._refused[0]
            self._show_digit(probabilities, model_input, "", why)

    def restyle(self) -> None:
        c = colours(self.palette())
        style_chart(self.chart, c)
        others = mix(c.muted, c.background, 0.35)
        self._others.setColor(others)
        self._others.setBorderColor(others)
        self.preview_caption.setStyleSheet(f"color: {c.muted.name()};")
        self.note_label.setStyleSheet(f"color: {c.muted.name()};")
        self._paint_verdict_colour()
        self._set_preview(self._model_input)

    def probabilities(self) -> tuple[float, ...] | None:
        """The selected digit's 10 probabilities (the only digit's, for a lone digit), or None
        when there is nothing to show."""
        return self._probabilities

    def model_input(self) -> np.ndarray | None:
        """The 28×28 input of the digit shown (None when nothing is drawn)."""
        return self._model_input if self._probabilities is not None else None

    def number(self) -> str:
        """The digits read, left to right ("" when nothing is drawn)."""
        return "".join(str(int(np.argmax(p))) for p, _ in self._readings)

    def selected_index(self) -> int:
        return self._selected

    def show_prediction(self, probabilities: np.ndarray, model_input: np.ndarray) -> None:
        """One digit: the bars, the verdict, what the model saw."""
        self.show_readings([(probabilities, model_input)])

    def show_readings(self, readings: list[tuple[np.ndarray, np.ndarray]],
                      selected: int | None = None,
                      refused: list[tuple[np.ndarray, np.ndarray, str]] = ()) -> None:
        """Every digit of a written number, (probabilities, model input) left to right; the
        selected one (by default the same place as before, else the last) in detail. And the
        pieces left out as not digits, (probabilities, model input, why): named under the
        number, or, with no digit at all, said in words with "Read it anyway"."""
        self._readings = [(np.asarray(p, dtype=np.float64), t) for p, t in readings]
        self._refused = [(np.asarray(p, dtype=np.float64), t, why) for p, t, why in refused]
        reasons = sorted({refusal_sentence(why) for _, _, why in self._refused})
        self.note_label.setText(tr("Left out: {reasons}.").format(reasons="; ".join(reasons))
                                if readings and reasons else "")
        self.note_label.setVisible(bool(readings and reasons))
        if not self._readings:
            probabilities, model_input, why = self._refused[0]
            if self._anyway is None or not np.array_equal(self._anyway, model_input):
                self._anyway = None
                self._selected = 0
                self.number_view.hide()
                self._show_digit(probabilities, model_input, "", why)
                return
            self._readings = [(probabilities, model_input)]  # read anyway: shown as a digit
        else:
            self._anyway = None
        if selected is None:
            selected = self._selected if self._selected < len(readings) else len(readings) - 1
        self._select(max(0, min(selected, len(self._readings) - 1)))

    @Slot()
    def _read_anyway(self) -> None:
        """The refused drawing shown as the digit the model would pick."""
        if self.refused and self._refused:
            probabilities, model_input, _ = self._refused[0]
            self._anyway = model_input
            self._readings = [(probabilities, model_input)]
            self._select(0)

    def select(self, index: int) -> None:
        if 0 <= index < len(self._readings) and index != self._selected:
            self._select(index)
            self.digitSelected.emit(index)

    def _select(self, index: int) -> None:
        self._selected = index
        several = len(self._readings) > 1
        self.number_view.setVisible(several)
        self.number_view.set_digits(
            [(int(np.argmax(p)), float(np.max(p)), is_confident(p)) for p, _ in self._readings],
            index)
        probabilities, model_input = self._readings[index]
        self._show_digit(probabilities, model_input,
                         tr("Digit {place} of {count}: ").format(
                             place=index + 1, count=len(self._readings)) if several else "")

    def _show_digit(self, probabilities: np.ndarray, model_input: np.ndarray,
                    prefix: str, refused: str = "") -> None:
        top, sentence, confident = verdict(probabilities)
        if self._anyway is not None:
            prefix = tr("Read anyway: ")
        self.refused = refused
        if refused:
            sentence, confident = refusal_sentence(refused).capitalize() + ".", False
        self.read_anyway.setVisible(bool(refused))
        winner = None if self.refused else top  # a refused drawing has no winning bar
        percent = [float(p) * 100 for p in probabilities]
        for digit in range(10):
            self._others.replace(digit, 0.0 if digit == winner else percent[digit])
            self._top.replace(digit, percent[digit] if digit == winner else 0.0)
        self._probabilities = tuple(float(p) for p in probabilities)
        self._confident = confident
        self.digit_label.setText("–" if self.refused else str(top) if confident else f"{top}?")
        self._paint_verdict_colour()
        self.verdict_label.setText(prefix + sentence)
        self.verdict_label.setToolTip(self._what_sure_means(top, float(probabilities[top])))
        self._set_preview(model_input)
        self._describe_chart()
        self.predictionChanged.emit()

    def _what_sure_means(self, top: int, p_top: float) -> str:
        if self.refused == THRESHOLD:
            return tr("Its best guess, {digit}, gets only {confidence}: less than the model gives "
                      "99% of real digits, so DigitPad does not call it a digit.").format(
                digit=top, confidence=percent(p_top))
        if self.refused:
            return tr("What the network sees on the way to its answer is unlike the digits it "
                      "learnt and more like drawings that are not digits; DigitPad lets through "
                      "99.7% of real people's digits it was never shown. "
                      "Its best guess would be {digit}.").format(digit=top)
        if self.temperature == 1.0:
            return tr("This model's confidence is not calibrated: take it as the network's own.")
        return tr("Calibrated on held-out digits (temperature {temperature}): when this model "
                  "says {confidence}, it is right about {confidence} of the time.").format(
            temperature=f"{self.temperature:.2f}", confidence=percent(p_top))

    def _describe_chart(self) -> None:
        """Each bar in words for a screen reader ("7: 97%"): the chart's description, the
        highest first, and each bar's own name and tooltip."""
        if self._probabilities is None:
            self.chart_view.setAccessibleDescription(tr("No digit is drawn."))
            for digit, item in enumerate(self.bar_items):
                item.setAccessibleName(str(digit))
                item.setToolTip("")
            return
        said = [f"{d}: {percent(p)}" for d, p in enumerate(self._probabilities)]
        for item, words in zip(self.bar_items, said):
            item.setAccessibleName(words)
            item.setToolTip(words)
        order = sorted(range(10), key=lambda d: -self._probabilities[d])
        self.chart_view.setAccessibleDescription(", ".join(said[d] for d in order))

    @Slot()
    def _place_bars(self) -> None:
        """Each bar's item over its column of the plot, from the axis to the top."""
        area = self.chart.plotArea()
        top_left = self.chart_view.mapFromScene(self.chart.mapToScene(area.topLeft()))
        bottom_right = self.chart_view.mapFromScene(self.chart.mapToScene(area.bottomRight()))
        column = (bottom_right.x() - top_left.x()) / 10
        for digit, item in enumerate(self.bar_items):
            item.setGeometry(round(top_left.x() + digit * column), top_left.y(),
                             max(round(column), 1), max(bottom_right.y() - top_left.y(), 1))

    def clear(self, message: str | None = None) -> None:
        """Nothing to read: the bars down and `message` (by default, what to do)."""
        for digit in range(10):
            self._others.replace(digit, 0.0)
            self._top.replace(digit, 0.0)
        changed = self._probabilities is not None
        self._probabilities = None
        self._readings, self._refused, self._anyway, self.refused = [], [], None, ""
        self._selected = 0
        self.number_view.hide()
        self.note_label.hide()
        self.read_anyway.hide()
        self.digit_label.setText("–")
        self._paint_verdict_colour()
        self._message = message
        self.verdict_label.setText(message or tr("Draw a digit to see what the model thinks."))
        self.verdict_label.setToolTip("")
        self._set_preview(None)
        self._describe_chart()
        if changed:
            self.predictionChanged.emit()

    def announce(self) -> None:
        """Tell assistive technology what is read now (a screen reader speaks it), once per
        change: the window calls it when a stroke ends or a picture is read, not while ink
        is still flowing."""
        text = self.verdict_label.text()
        if self.number_view.isVisible():
            text = f"{self.number_view.accessibleName()}. {text}"
        if text != self.last_announcement:
            self.last_announcement = text
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self.verdict_label,
                                                                         text))

    def set_message(self, message: str) -> None:
        self._message = message
        self.verdict_label.setText(message)

    def bar_values(self) -> list[float]:
        """The ten bars' heights as drawn, in percent."""
        return [self._others.at(d) + self._top.at(d) for d in range(10)]

    def _paint_verdict_colour(self) -> None:
        c = colours(self.palette())
        colour = c.muted if self._probabilities is None or self.refused else \
            c.accent if self._confident else c.unsure
        self._top.setColor(colour)
        self._top.setBorderColor(colour)
        self.digit_label.setStyleSheet(f"color: {colour.name()};")

    def explanation_request(self) -> tuple[np.ndarray, int, str] | None:
        """(model input, digit, "why" or "make") to explain now, or None (Why? is off)."""
        if not self.why_toggle.isChecked() or self._probabilities is None or \
                self._model_input is None:
            return None
        target = self.make_combo.currentData()
        if target is None:
            return self._model_input, int(np.argmax(self._probabilities)), "why"
        return self._model_input, int(target), "make"

    def show_explanation(self, model_input: np.ndarray, kind: str, maps) -> None:
        """Colour the preview with maps computed for `model_input` (ignored if stale)."""
        if self._model_input is None or not np.array_equal(model_input, self._model_input):
            return
        self._explanation = (model_input, kind, maps)
        self._set_preview(self._model_input)

    def explanation(self) -> tuple | None:
        """(kind, maps) shown over the preview now, or None."""
        return None if self._explanation is None else self._explanation[1:]

    def _set_preview(self, model_input: np.ndarray | None) -> None:
        if self._explanation is not None and (
                model_input is None or not self.why_toggle.isChecked()
                or not np.array_equal(model_input, self._explanation[0])):
            self._explanation = None
        self._model_input = model_input
        self.preview_caption.setText(_caption(self._explanation))
        # Drawn at device pixels: each model pixel stays a crisp square on a HiDPI screen.
        ratio = self.devicePixelRatioF()
        side = round(PREVIEW_SIZE * ratio)
        if model_input is None:
            pixmap = QPixmap(side, side)
            pixmap.fill(QColor("black"))
        else:
            image = gray_image(model_input) if self._explanation is None else \
                overlay(model_input, *self._explanation[1:])
            pixmap = QPixmap.fromImage(image.scaled(
                side, side, Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.FastTransformation))  # pixelated on purpose
        pixmap.setDevicePixelRatio(ratio)
        self.preview.setPixmap(pixmap)
