""""This was a 7": ten digit buttons under the prediction. Each click (or digit key on the
canvas) saves the drawing as a labelled sample and clears the canvas for the next one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from gui.i18n import Retranslates, tr


class CorrectionBar(Retranslates, QWidget):
    corrected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("correctionBar")
        self.caption = QLabel()
        self.off_reason = ""  # why corrections cannot be saved ("" while they can)
        self.caption.setWordWrap(True)
        grid = QGridLayout()
        grid.setSpacing(4)
        self.buttons = []
        for digit in range(10):
            button = QPushButton(str(digit))
            button.setObjectName(f"correctAs{digit}")
            button.setMinimumWidth(28)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, d=digit: self.corrected.emit(d))
            grid.addWidget(button, 0, digit)
            self.buttons.append(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addLayout(grid)
        self.retranslate()

    def retranslate(self) -> None:
        self.caption.setText(tr("Corrections are off: {reason}").format(reason=self.off_reason)
                             if self.off_reason else
                             tr("Right or wrong, tell it what you wrote (or type the digit):"))
        for digit, button in enumerate(self.buttons):
            button.setToolTip(tr("This was a {digit}: save it to My digits and clear the "
                                 "canvas").format(digit=digit))
            button.setAccessibleName(tr("This was a {digit}").format(digit=digit))

    def set_available(self, available: bool, reason: str = "") -> None:
        for button in self.buttons:
            button.setEnabled(available)
        self.off_reason = "" if available else reason
        self.retranslate()
