""""This was a 7": ten digit buttons under the prediction. Each click (or digit key on the
canvas) saves the drawing as a labelled sample and clears the canvas for the next one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


class CorrectionBar(QWidget):
    corrected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("correctionBar")
        self.caption = QLabel("Right or wrong, tell it what you wrote (or type the digit):")
        self.caption.setWordWrap(True)
        grid = QGridLayout()
        grid.setSpacing(4)
        self.buttons = []
        for digit in range(10):
            button = QPushButton(str(digit))
            button.setObjectName(f"correctAs{digit}")
            button.setToolTip(f"This was a {digit}: save it to My digits and clear the canvas")
            button.setMinimumWidth(28)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, d=digit: self.corrected.emit(d))
            grid.addWidget(button, 0, digit)
            self.buttons.append(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addLayout(grid)

    def set_available(self, available: bool, reason: str = "") -> None:
        for button in self.buttons:
            button.setEnabled(available)
        if not available and reason:
            self.caption.setText(f"Corrections are off: {reason}")
