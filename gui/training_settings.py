"""The Train tab's settings form: network, epochs, batch size, validation, data source."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.workers import TrainRequest
from model.data import ENV_VAR
from model.forms import forms_for
from model.networks import RECIPES, TITLES, is_convnet
from model.pen_data import TRAINING_DIGITS, TRAINING_WRITERS

MNIST_TRAINING_IMAGES = 60000


def recipe_check(text: str, name: str, tooltip: str) -> QCheckBox:
    """A part of the convnet's training recipe, on by default."""
    check = QCheckBox(text)
    check.setObjectName(name)
    check.setChecked(True)
    check.setToolTip(tooltip)
    return check


class TrainingSettings(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Settings", parent)
        self.architecture_combo = QComboBox()
        self.architecture_combo.setObjectName("architectureCombo")
        for arch, title in TITLES.items():
            self.architecture_combo.addItem(title, arch)
        self.architecture_combo.setToolTip(
            "Dense: the book's Dense(512, relu) → Dense(10, softmax), rmsprop — a few seconds "
            "an epoch.\nConvnet, fast: convolutions sized for a laptop's processor, 5 epochs — "
            "a few minutes for a model that reads drawn digits well.\nConvnet, thorough: the "
            "bundled model's 20-epoch recipe — half an hour or more, reads real pens a little "
            "better.\nChoosing one sets its epochs and batch size.")
        self.epochs_spin = QSpinBox()
        self.epochs_spin.setObjectName("epochsSpin")
        self.epochs_spin.setRange(1, 100)
        self.batch_size_spin = QSpinBox()
        self.batch_size_spin.setObjectName("batchSizeSpin")
        self.batch_size_spin.setRange(8, 4096)
        self.validation_spin = QDoubleSpinBox()
        self.validation_spin.setObjectName("validationSplitSpin")
        self.validation_spin.setRange(0.0, 0.5)
        self.validation_spin.setSingleStep(0.05)
        self.validation_spin.setDecimals(2)
        self.validation_spin.setSpecialValueText("none (as in the book)")
        self.validation_spin.setToolTip("Share of the training images held out to watch for "
                                        "overfitting (plotted per epoch)")
        self.limit_spin = QSpinBox()
        self.limit_spin.setObjectName("trainLimitSpin")
        self.limit_spin.setRange(0, MNIST_TRAINING_IMAGES)
        self.limit_spin.setSingleStep(1000)
        self.limit_spin.setSpecialValueText("all 60,000")
        self.limit_spin.setToolTip("Train on only the first N images, for a quick demonstration")
        self.seed_spin = QSpinBox()
        self.seed_spin.setObjectName("seedSpin")
        self.seed_spin.setRange(0, 999_999)
        self.seed_spin.setSpecialValueText("random")
        self.seed_spin.setToolTip("The same seed and settings train the same model again: "
                                  "handy for a class that follows along")
        self.include_digits_check = QCheckBox("Include my digits")
        self.include_digits_check.setObjectName("includeDigitsCheck")
        self.include_digits_check.setToolTip(
            "Mix the digits you labelled in the Draw tab into the training images, repeated "
            "so that a few dozen of them count")
        # Both on by default, the bundled model's recipe (README): the forms met only in the
        # last epochs (model.forms), the real pen digits in every epoch (model.pen_data).
        self.forms_check = recipe_check(
            "World handwriting forms", "formsCheck",
            f"Mix {forms_for(MNIST_TRAINING_IMAGES):,} generated digits (for 60,000 MNIST images) "
            "into the convnet's training: 7s with a "
            "crossbar, 1s with a flag and a base, open 4s, curled 9s… the forms MNIST lacks")
        self.pen_check = recipe_check(
            "Real pen digits", "penCheck",
            f"Mix {TRAINING_DIGITS:,} digits that {TRAINING_WRITERS} people wrote on tablets "
            "(UNIPEN) into the convnet's training, varied afresh every epoch: real hands "
            "teach what people actually do")
        self.architecture_combo.currentIndexChanged.connect(self._arch_changed)

        self.keras_radio = QRadioButton("MNIST through Keras (downloaded once)")
        self.keras_radio.setToolTip("Keras downloads mnist.npz (11 MB) the first time and keeps "
                                    "it in ~/.keras/datasets")
        self.keras_radio.setObjectName("kerasSourceRadio")
        self.local_radio = QRadioButton("Local mnist.npz:")
        self.local_radio.setObjectName("localSourceRadio")
        group = QButtonGroup(self)
        group.addButton(self.keras_radio)
        group.addButton(self.local_radio)
        self.data_path_edit = QLineEdit()
        self.data_path_edit.setObjectName("dataPathEdit")
        self.data_path_edit.setPlaceholderText("path to an .npz in Keras' MNIST format")
        browse = QPushButton("Choose…")
        browse.setObjectName("browseDataButton")
        browse.clicked.connect(self._choose_data)
        self.data_path_edit.textEdited.connect(lambda: self.local_radio.setChecked(True))
        preset = os.environ.get(ENV_VAR)
        if preset:
            self.data_path_edit.setText(preset)
            self.local_radio.setChecked(True)
        else:
            self.keras_radio.setChecked(True)
        path_row = QHBoxLayout()
        path_row.addWidget(self.data_path_edit, 1)
        path_row.addWidget(browse)

        form = self.form = QFormLayout()
        form.addRow("Network", self.architecture_combo)
        form.addRow("", self.forms_check)
        form.addRow("", self.pen_check)
        form.addRow("", self.include_digits_check)
        form.addRow("Epochs", self.epochs_spin)
        form.addRow("Batch size", self.batch_size_spin)
        form.addRow("Validation", self.validation_spin)
        form.addRow("Training images", self.limit_spin)
        form.addRow("Seed", self.seed_spin)
        self._arch_changed()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Data"))
        layout.addWidget(self.keras_radio)
        layout.addWidget(self.local_radio)
        layout.addLayout(path_row)

    def data_path(self) -> str | None:
        """The local MNIST file chosen, or None for MNIST through Keras."""
        return self.data_path_edit.text().strip() or None if self.local_radio.isChecked() \
            else None

    def missing_data(self) -> bool:
        """Local data is chosen but no file is named."""
        return self.local_radio.isChecked() and not self.data_path_edit.text().strip()

    def request(self, models_dir: Path) -> TrainRequest:
        arch = self.architecture_combo.currentData()
        return TrainRequest(
            arch=arch,
            epochs=self.epochs_spin.value(),
            batch_size=self.batch_size_spin.value(),
            validation_split=self.validation_spin.value(),
            train_limit=self.limit_spin.value() or None,
            data_path=self.data_path(),
            models_dir=models_dir,
            forms=forms_for(self.limit_spin.value() or MNIST_TRAINING_IMAGES)
            if self.forms_check.isEnabled() and self.forms_check.isChecked() else 0,
            seed=self.seed_spin.value() or None,
            pen=self.pen_check.isEnabled() and self.pen_check.isChecked(),
        )

    def _arch_changed(self) -> None:
        arch = self.architecture_combo.currentData()
        recipe = RECIPES[arch]
        self.epochs_spin.setValue(recipe.epochs)
        self.batch_size_spin.setValue(recipe.batch_size)
        # The forms and the pen digits are a recipe of the convnets; the book's network stays
        # exactly the book's.
        convnet = is_convnet(arch)
        for check in (self.forms_check, self.pen_check):
            check.setEnabled(convnet)
            self.form.setRowVisible(check, convnet)

    def _choose_data(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose MNIST data", "",
                                              "NumPy archives (*.npz)")
        if path:
            self.data_path_edit.setText(path)
            self.local_radio.setChecked(True)
