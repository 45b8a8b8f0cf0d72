"""Views of a finished run: the confusion matrix as a heat map, and the digits it got wrong."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

HEAT_LOW = np.array([247, 249, 252])
HEAT_HIGH = np.array([47, 111, 223])
ERROR_HIGH = np.array([214, 69, 65])


class ConfusionMatrixView(QWidget):
    """Rows: the true digit; columns: what the model said. Off-diagonal cells are its errors."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confusionMatrix")
        self.matrix: np.ndarray | None = None
        self.setMinimumSize(220, 170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_matrix(self, matrix: np.ndarray | None) -> None:
        self.matrix = None if matrix is None else np.asarray(matrix)
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.matrix is None:
            painter.setPen(QColor("#7a8494"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             "The confusion matrix appears when a run finishes.")
            return
        label_space = 34
        side = min(self.width() - label_space - 8, self.height() - label_space - 8) / 10
        left, top = label_space + (self.width() - label_space - side * 10) / 2 - 4, label_space
        rows = self.matrix.sum(axis=1, keepdims=True).clip(min=1)
        share = self.matrix / rows
        errors_max = max(float((share - np.diag(np.diag(share))).max()), 1e-9)
        font = painter.font()
        font.setPointSizeF(max(6.5, side / 4.2))
        painter.setFont(font)
        for r in range(10):
            for c in range(10):
                if r == c:
                    t, high = float(share[r, c]), HEAT_HIGH
                else:
                    t, high = float(share[r, c]) / errors_max * 0.8, ERROR_HIGH
                colour = (HEAT_LOW + (high - HEAT_LOW) * min(t, 1.0)).astype(int)
                cell = QRectF(left + c * side, top + r * side, side - 1, side - 1)
                painter.fillRect(cell, QColor(*colour))
                count = int(self.matrix[r, c])
                if count:
                    painter.setPen(QColor("white") if t > 0.55 else QColor("#1d2433"))
                    painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, str(count))
        painter.setPen(QColor("#3d4657"))
        for i in range(10):
            painter.drawText(QRectF(left + i * side, top - 18, side, 16),
                             Qt.AlignmentFlag.AlignCenter, str(i))
            painter.drawText(QRectF(left - 18, top + i * side, 16, side),
                             Qt.AlignmentFlag.AlignCenter, str(i))
        painter.drawText(QRectF(left, 0, side * 10, 16), Qt.AlignmentFlag.AlignCenter,
                         "predicted digit →")
        painter.save()
        painter.translate(10, top + side * 5)
        painter.rotate(-90)
        painter.drawText(QRectF(-side * 5, -8, side * 10, 16), Qt.AlignmentFlag.AlignCenter,
                         "true digit →")
        painter.restore()


class MistakesView(QWidget):
    """A strip of misclassified test digits, each captioned 'true → predicted'."""

    TILE = 56

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mistakesView")
        self.mistakes: list[tuple[np.ndarray, int, int]] = []
        self.setMinimumHeight(self.TILE + 24)

    def set_mistakes(self, mistakes) -> None:
        self.mistakes = list(mistakes)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(8 * (self.TILE + 8), 2 * (self.TILE + 22))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        if not self.mistakes:
            painter.setPen(QColor("#7a8494"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             "Test digits the new model gets wrong appear here.")
            return
        columns = max(1, self.width() // (self.TILE + 8))
        for index, (image, true, predicted) in enumerate(self.mistakes):
            row, col = divmod(index, columns)
            x, y = 4 + col * (self.TILE + 8), 4 + row * (self.TILE + 22)
            if y + self.TILE > self.height():
                break
            gray = np.ascontiguousarray(255 - np.asarray(image, dtype=np.uint8))
            tile = QImage(gray.data, 28, 28, 28, QImage.Format.Format_Grayscale8).copy()
            painter.drawImage(QRectF(x, y, self.TILE, self.TILE), tile)
            painter.setPen(QColor("#c5ccd8"))
            painter.drawRect(QRectF(x, y, self.TILE, self.TILE))
            painter.setPen(QColor("#b3261e"))
            painter.drawText(QRectF(x, y + self.TILE, self.TILE, 18), Qt.AlignmentFlag.AlignCenter,
                             f"{true} → {predicted}")
