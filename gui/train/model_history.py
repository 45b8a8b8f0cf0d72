"""The list of models saved on this computer: use one, or delete one. A view of the session."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.i18n import Retranslates, tr
from gui.session import ModelSession
from gui.workers import describe_error
from model.errors import DigitPadError
from model.keeping.store import describe

PATH_ROLE = Qt.ItemDataRole.UserRole


class ModelHistory(Retranslates, QGroupBox):
    def __init__(self, session: ModelSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.list = QListWidget()
        self.list.setObjectName("historyList")
        self.list.setMaximumHeight(110)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.use_button = QPushButton()
        self.use_button.setObjectName("useModelButton")
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("deleteModelButton")
        self.message = QLabel()
        self.message.setObjectName("historyMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.confirm: QMessageBox | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(lambda item: self.use_selected())
        self.use_button.clicked.connect(self.use_selected)
        self.delete_button.clicked.connect(self.ask_delete)
        session.modelsChanged.connect(self.refresh)
        session.modelChanged.connect(self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(tr("Trained models"))
        self.list.setAccessibleName(tr("Trained models"))
        self.use_button.setText(tr("Use"))
        self.use_button.setToolTip(tr("Make the selected model the active one"))
        self.delete_button.setText(tr("Delete…"))
        self.delete_button.setToolTip(tr("Delete the selected model file (not the one in use)"))
        self.refresh()

    def selected(self) -> Path | None:
        items = self.list.selectedItems()
        return Path(items[0].data(PATH_ROLE)) if items else None

    @Slot()
    def refresh(self) -> None:
        chosen = self.selected()
        active = self.session.active.path if self.session.active else None
        self.list.clear()
        for saved in self.session.saved_models():
            in_use = saved.path == active
            text = f"{saved.date or saved.path.stem} · {describe(saved.metadata)}"
            item = QListWidgetItem(text + (" · " + tr("in use") if in_use else ""))
            item.setData(PATH_ROLE, str(saved.path))
            item.setToolTip(str(saved.path))
            if in_use:
                font = QFont(self.list.font())
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)
            if saved.path == chosen:
                item.setSelected(True)
        self._update_buttons()

    @Slot()
    def use_selected(self) -> None:
        path = self.selected()
        if path is not None:
            self.session.load(path)

    @Slot()
    def ask_delete(self) -> None:
        path = self.selected()
        if path is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, tr("Delete model"),
                          tr("Delete {name} and its metadata from this computer?").format(
                              name=path.name),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self)
        box.setObjectName("confirmDelete")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.buttonClicked.connect(
            lambda button: box.standardButton(button) == QMessageBox.StandardButton.Yes
            and self.delete(path))
        box.open()  # never blocks the window (or a test driving it)
        self.confirm = box

    def delete(self, path: Path) -> None:
        try:
            self.session.delete(path)
        except DigitPadError as exc:
            self.message.setText(describe_error(exc))
            self.message.show()
        else:
            self.message.hide()

    def _update_buttons(self) -> None:
        path = self.selected()
        active = self.session.active.path if self.session.active else None
        self.use_button.setEnabled(path is not None and path != active)
        self.delete_button.setEnabled(path is not None and path != active)
