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

from gui.i18n import Retranslates, number, tr
from gui.workers import TrainRequest
from model.learning.data import ENV_VAR
from model.learning.forms import forms_for
from model.learning.networks import ARCHITECTURES, RECIPES, is_convnet
from model.learning.pen_data import TRAINING_DIGITS, TRAINING_WRITERS

MNIST_TRAINING_IMAGES = 60000


def network_titles() -> dict[str, str]:
    """How the Train tab lists the networks (model.learning.networks.ARCHITECTURES)."""
    return {"book": tr("Dense (the book's)"), "fast": tr("Convnet, fast"),
            "cnn": tr("Convnet, thorough")}


def recipe_check(name: str) -> QCheckBox:
    """A part of the convnet's training recipe, on by default."""
    check = QCheckBox()
    check.setObjectName(name)
    check.setChecked(True)
    return check


class TrainingSettings(Retranslates, QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.architecture_combo = QComboBox()
        self.architecture_combo.setObjectName("architectureCombo")
        for arch in ARCHITECTURES:
            self.architecture_combo.addItem("", arch)
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
        self.limit_spin = QSpinBox()
        self.limit_spin.setObjectName("trainLimitSpin")
        self.limit_spin.setRange(0, MNIST_TRAINING_IMAGES)
        self.limit_spin.setSingleStep(1000)
        self.seed_spin = QSpinBox()
        self.seed_spin.setObjectName("seedSpin")
        self.seed_spin.setRange(0, 999_999)
        self.include_digits_check = QCheckBox()
        self.include_digits_check.setObjectName("includeDigitsCheck")
        # Both on by default, the bundled model's recipe (docs/MODELS.md): the forms met only in the
        # last epochs (model.learning.forms), the real pen digits in every epoch
        # (model.learning.pen_data).
        self.forms_check = recipe_check("formsCheck")
        self.pen_check = recipe_check("penCheck")
        self.architecture_combo.currentIndexChanged.connect(self._arch_changed)

        self.keras_radio = QRadioButton()
        self.keras_radio.setObjectName("kerasSourceRadio")
        self.local_radio = QRadioButton()
        self.local_radio.setObjectName("localSourceRadio")
        group = QButtonGroup(self)
        group.addButton(self.keras_radio)
        group.addButton(self.local_radio)
        self.data_path_edit = QLineEdit()
        self.data_path_edit.setObjectName("dataPathEdit")
        browse = self.browse_button = QPushButton()
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
        # The rows' labels name their fields for a screen reader too (QLabel buddies), and
        # their "&" letters reach the fields from the keyboard.
        self.row_labels = {}
        for field in (self.architecture_combo, self.epochs_spin, self.batch_size_spin,
                      self.validation_spin, self.limit_spin, self.seed_spin):
            label = self.row_labels[field] = QLabel()
            label.setBuddy(field)
            form.addRow(label, field)
            if field is self.architecture_combo:
                for check in (self.forms_check, self.pen_check, self.include_digits_check):
                    form.addRow("", check)
        self._arch_changed()
        self.data_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.data_label)
        layout.addWidget(self.keras_radio)
        layout.addWidget(self.local_radio)
        layout.addLayout(path_row)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(tr("Settings"))
        titles = network_titles()
        for index in range(self.architecture_combo.count()):
            self.architecture_combo.setItemText(
                index, titles[self.architecture_combo.itemData(index)])
        self.architecture_combo.setToolTip(tr(
            "Dense: the book's Dense(512, relu) → Dense(10, softmax), rmsprop — a few seconds "
            "an epoch.\nConvnet, fast: convolutions sized for a laptop's processor, 5 epochs — "
            "a few minutes for a model that reads drawn digits well.\nConvnet, thorough: the "
            "bundled model's 20-epoch recipe — half an hour or more, reads real pens a little "
            "better.\nChoosing one sets its epochs and batch size."))
        for field, text in ((self.architecture_combo, tr("&Network")),
                            (self.epochs_spin, tr("&Epochs")),
                            (self.batch_size_spin, tr("&Batch size")),
                            (self.validation_spin, tr("&Validation")),
                            (self.limit_spin, tr("Training &images")),
                            (self.seed_spin, tr("See&d"))):
            self.row_labels[field].setText(text)
        self.validation_spin.setSpecialValueText(tr("none (as in the book)"))
        self.validation_spin.setToolTip(tr("Share of the training images held out to watch for "
                                           "overfitting (plotted per epoch)"))
        self.limit_spin.setSpecialValueText(tr("all {count}").format(
            count=number(MNIST_TRAINING_IMAGES)))
        self.limit_spin.setToolTip(tr("Train on only the first N images, for a quick "
                                      "demonstration"))
        self.seed_spin.setSpecialValueText(tr("random"))
        self.seed_spin.setToolTip(tr("The same seed and settings train the same model again: "
                                     "handy for a class that follows along"))
        self.include_digits_check.setText(tr("Include my digits"))
        self.include_digits_check.setToolTip(tr(
            "Mix the digits you labelled in the Draw tab into the training images, repeated "
            "so that a few dozen of them count"))
        self.forms_check.setText(tr("World handwriting forms"))
        self.forms_check.setToolTip(tr(
            "Mix {count} generated digits (for {images} MNIST images) into the convnet's "
            "training: 7s with a crossbar, 1s with a flag and a base, open 4s, curled 9s… the "
            "forms MNIST lacks").format(count=number(forms_for(MNIST_TRAINING_IMAGES)),
                                        images=number(MNIST_TRAINING_IMAGES)))
        self.pen_check.setText(tr("Real pen digits"))
        self.pen_check.setToolTip(tr(
            "Mix {count} digits that {writers} people wrote on tablets (UNIPEN) into the "
            "convnet's training, varied afresh every epoch: real hands teach what people "
            "actually do").format(count=number(TRAINING_DIGITS), writers=TRAINING_WRITERS))
        self.data_label.setText(tr("Data"))
        self.keras_radio.setText(tr("MNIST through Keras (downloaded once)"))
        self.keras_radio.setToolTip(tr("Keras downloads mnist.npz (11 MB) the first time and "
                                       "keeps it in ~/.keras/datasets"))
        self.local_radio.setText(tr("Local mnist.npz:"))
        self.data_path_edit.setPlaceholderText(tr("path to an .npz in Keras' MNIST format"))
        self.data_path_edit.setAccessibleName(tr("Local MNIST file"))
        self.browse_button.setText(tr("Choose…"))
        self.browse_button.setAccessibleName(tr("Choose a local MNIST file"))

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
        path, _ = QFileDialog.getOpenFileName(self, tr("Choose MNIST data"), "",
                                              tr("NumPy archives (*.npz)"))
        if path:
            self.data_path_edit.setText(path)
            self.local_radio.setChecked(True)
