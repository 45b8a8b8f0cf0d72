"""The Train tab: settings, a live view of a Keras fit running in a worker thread, the results."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCharts import QChart, QChartView, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import QMargins, QStandardPaths, Qt, Signal, Slot
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.result_views import ConfusionMatrixView, MistakesView
from gui.workers import Progress, TrainingRun, TrainOutcome, TrainRequest
from model.data import ENV_VAR
from model.store import describe, load_metadata

LOSS_COLOUR = QColor("#d9822b")
INITIAL_LOSS_RANGE = (0.0, 0.4)  # five ticks at 0.1 steps, lined up with the accuracy grid
ACCURACY_COLOUR = QColor("#2f6fdf")


def default_models_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "models"


def duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class TrainingTab(QWidget):
    trainingStarted = Signal()
    trainingFinished = Signal(bool)  # True when a new model was trained, saved and activated

    def __init__(self, window, models_dir: Path | None = None) -> None:
        super().__init__()
        self.setObjectName("trainingTab")
        self.window_ = window  # the MainWindow: its active model, and how to switch models
        self.models_dir = models_dir or default_models_dir()
        self.run: TrainingRun | None = None
        self.previous_model: Path | None = None
        self._last_accuracy: float | None = None
        self._last_progress = 0
        self._completed = False  # how the current run ended, reported once its thread is done

        settings = self._build_settings()
        self.train_button = QPushButton("Train")
        self.train_button.setObjectName("trainButton")
        self.train_button.setDefault(True)
        self.train_button.setToolTip("Train a new model on this computer with these settings")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setEnabled(False)
        self.train_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        buttons = QHBoxLayout()
        buttons.addWidget(self.train_button)
        buttons.addWidget(self.stop_button)

        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("progressBar")
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.progress_label = QLabel("Ready to train.")
        self.progress_label.setObjectName("progressLabel")
        self.speed_label = QLabel(" ")
        self.speed_label.setObjectName("speedLabel")
        self.speed_label.setStyleSheet("color: #5b6575;")
        self.message_label = QLabel()
        self.message_label.setObjectName("trainingMessage")
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        self.result_label = QLabel("No run yet.")
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        self.revert_button = QPushButton("Revert to previous model")
        self.revert_button.setObjectName("revertButton")
        self.revert_button.setEnabled(False)
        self.revert_button.clicked.connect(self.revert)
        results = QGroupBox("Result")
        results_layout = QVBoxLayout(results)
        results_layout.addWidget(self.result_label)
        results_layout.addWidget(self.revert_button)

        self.history_list = QListWidget()
        self.history_list.setObjectName("historyList")
        self.history_list.setMaximumHeight(110)
        self.history_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.history_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.use_button = QPushButton("Use selected model")
        self.use_button.setObjectName("useModelButton")
        self.use_button.setEnabled(False)
        self.history_list.itemSelectionChanged.connect(
            lambda: self.use_button.setEnabled(bool(self.history_list.selectedItems())))
        self.use_button.clicked.connect(self.use_selected)
        self.history_list.itemDoubleClicked.connect(lambda item: self.use_selected())
        history = QGroupBox("Trained models")
        history_layout = QVBoxLayout(history)
        history_layout.addWidget(self.history_list)
        history_layout.addWidget(self.use_button)

        left = QVBoxLayout()
        left.addWidget(settings)
        left.addLayout(buttons)
        left.addWidget(self.progress_bar)
        left.addWidget(self.progress_label)
        left.addWidget(self.speed_label)
        left.addWidget(self.message_label)
        left.addWidget(results)
        left.addWidget(history)
        left.addStretch(1)
        left_panel = QWidget()
        left_panel.setLayout(left)
        # Scrolls rather than forcing a tall window: projectors are often 1024×768.
        left_scroll = QScrollArea()
        left_scroll.setWidget(left_panel)
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left_panel.setFixedWidth(330)
        # Room for the scroll bar, so it never covers the spin boxes' arrows.
        left_scroll.setFixedWidth(330 + left_scroll.verticalScrollBar().sizeHint().width() + 2)

        self.chart_view = self._build_chart()
        self.epochs_spin.valueChanged.connect(self._show_epochs)
        self.log = QPlainTextEdit()
        self.log.setObjectName("trainingLog")
        self.log.setReadOnly(True)
        self.log.setPlaceholderText("Each epoch's loss and accuracy appear here.")
        self.confusion_view = ConfusionMatrixView()
        self.mistakes_view = MistakesView()
        self.details = QTabWidget()
        self.details.setObjectName("trainingDetails")
        self.details.addTab(self.log, "Log")
        self.details.addTab(self.confusion_view, "Confusion matrix")
        self.details.addTab(self.mistakes_view, "Mistakes")
        right = QVBoxLayout()
        right.addWidget(self.chart_view, 3)
        right.addWidget(self.details, 2)

        layout = QHBoxLayout(self)
        layout.addWidget(left_scroll)
        layout.addLayout(right, 1)
        self.refresh_history()

    # ---- building ----------------------------------------------------------------------------

    def _build_settings(self) -> QGroupBox:
        self.architecture_combo = QComboBox()
        self.architecture_combo.setObjectName("architectureCombo")
        self.architecture_combo.addItem("Dense (the book's)", "book")
        self.architecture_combo.addItem("Convnet (best for drawings)", "cnn")
        self.architecture_combo.setToolTip(
            "Book: Dense(512, relu) → Dense(10, softmax), rmsprop — a few seconds an epoch.\n"
            "Convnet: convolutions with augmentation — slower, and reads drawn digits better.")
        self.epochs_spin = QSpinBox()
        self.epochs_spin.setObjectName("epochsSpin")
        self.epochs_spin.setRange(1, 100)
        self.epochs_spin.setValue(5)
        self.batch_size_spin = QSpinBox()
        self.batch_size_spin.setObjectName("batchSizeSpin")
        self.batch_size_spin.setRange(8, 4096)
        self.batch_size_spin.setValue(128)
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
        self.limit_spin.setRange(0, 60000)
        self.limit_spin.setSingleStep(1000)
        self.limit_spin.setSpecialValueText("all 60,000")
        self.limit_spin.setToolTip("Train on only the first N images, for a quick demonstration")

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

        form = QFormLayout()
        form.addRow("Network", self.architecture_combo)
        form.addRow("Epochs", self.epochs_spin)
        form.addRow("Batch size", self.batch_size_spin)
        form.addRow("Validation", self.validation_spin)
        form.addRow("Training images", self.limit_spin)
        box = QGroupBox("Settings")
        layout = QVBoxLayout(box)
        layout.addLayout(form)
        layout.addWidget(QLabel("Data"))
        layout.addWidget(self.keras_radio)
        layout.addWidget(self.local_radio)
        layout.addLayout(path_row)
        self._settings_widgets = [self.architecture_combo, self.epochs_spin, self.batch_size_spin,
                                  self.validation_spin, self.limit_spin, self.keras_radio,
                                  self.local_radio, self.data_path_edit, browse]
        return box

    def _build_chart(self) -> QChartView:
        chart = QChart()
        chart.setTitle("Training curves")
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.loss_series = self._series("loss (training)", LOSS_COLOUR)
        self.accuracy_series = self._series("accuracy (training)", ACCURACY_COLOUR)
        self.val_loss_series = self._series("loss (validation)", LOSS_COLOUR, per_epoch=True)
        self.val_accuracy_series = self._series("accuracy (validation)", ACCURACY_COLOUR,
                                                per_epoch=True)
        self.epoch_axis = QValueAxis()
        self.epoch_axis.setTitleText("epoch")
        self.epoch_axis.setLabelFormat("%.0f")
        self._show_epochs(self.epochs_spin.value())
        self.loss_axis = QValueAxis()
        self.loss_axis.setTitleText("loss")
        self.loss_axis.setRange(*INITIAL_LOSS_RANGE)
        self.loss_axis.setLabelFormat("%.2f")
        self.accuracy_axis = QValueAxis()
        self.accuracy_axis.setTitleText("accuracy")
        self.accuracy_axis.setRange(80, 100)
        self.accuracy_axis.setLabelFormat("%d %%")
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
        view = QChartView(chart)
        view.setObjectName("trainingChart")
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(220)
        return view

    def _show_epochs(self, epochs: int) -> None:
        # A tick per whole epoch (up to 10): fractional ticks would print rounded labels.
        self.epoch_axis.setRange(0, epochs)
        self.epoch_axis.setTickCount(epochs + 1 if epochs <= 10 else 11)

    @staticmethod
    def _series(name: str, colour: QColor, per_epoch: bool = False) -> QLineSeries:
        # Training values arrive per batch (a line); validation ones once an epoch (points).
        series = QScatterSeries() if per_epoch else QLineSeries()
        series.setName(name)
        if per_epoch:
            series.setMarkerSize(9)
            series.setColor(colour.lighter(115))
            series.setBorderColor(colour.darker(120))
        else:
            pen = QPen(colour)
            pen.setWidthF(2.0)
            series.setPen(pen)
        return series

    # ---- running -----------------------------------------------------------------------------

    def is_running(self) -> bool:
        return self.run is not None

    def last_test_accuracy(self) -> float | None:
        return self._last_accuracy

    def request(self) -> TrainRequest:
        local_path = self.data_path_edit.text().strip() if self.local_radio.isChecked() else ""
        return TrainRequest(
            arch=self.architecture_combo.currentData(),
            epochs=self.epochs_spin.value(),
            batch_size=self.batch_size_spin.value(),
            validation_split=self.validation_spin.value(),
            train_limit=self.limit_spin.value() or None,
            data_path=local_path or None,
            models_dir=self.models_dir,
        )

    @Slot()
    def start(self) -> None:
        if self.run is not None:
            return
        request = self.request()
        if self.local_radio.isChecked() and not request.data_path:
            self._show_message("Choose a local mnist.npz first, or use MNIST via Keras.", True)
            return
        self._reset_view(request)
        run = TrainingRun(request, self)
        run.status.connect(self.progress_label.setText)
        run.download.connect(self._on_download)
        run.progress.connect(self._on_progress)
        run.epochEnded.connect(self._on_epoch_end)
        run.succeeded.connect(self._on_succeeded)
        run.cancelled.connect(self._on_cancelled)
        run.failed.connect(self._on_failed)
        run.finished.connect(self._on_thread_done)
        self.run = run
        self._completed = False
        self._set_running(True)
        self.log.appendPlainText(
            f"Training the {request.arch} network: {request.epochs} epochs, batch size "
            f"{request.batch_size}, validation split {request.validation_split:.2f}, "
            f"{request.train_limit or 'all'} training images.")
        run.start()
        self.trainingStarted.emit()

    @Slot()
    def stop(self) -> None:
        if self.run is not None:
            self.run.stop()
            self.stop_button.setEnabled(False)
            self.progress_label.setText("Stopping…")

    def shutdown(self) -> None:
        """Stop a run and wait for its thread (the window is closing)."""
        if self.run is not None:
            self.run.stop()
            self.run.wait()

    def _set_running(self, running: bool) -> None:
        self.train_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        for widget in self._settings_widgets:
            widget.setEnabled(not running)

    def _reset_view(self, request: TrainRequest) -> None:
        for series in (self.loss_series, self.accuracy_series, self.val_loss_series,
                       self.val_accuracy_series):
            series.clear()
        self._show_epochs(request.epochs)
        self.loss_axis.setRange(*INITIAL_LOSS_RANGE)
        self.accuracy_axis.setRange(80, 100)
        self.progress_bar.setRange(0, 0)  # busy until the first batch tells the total
        self.progress_bar.setValue(0)
        self._last_progress = 0
        self.speed_label.setText(" ")
        self.message_label.hide()
        self.log.clear()

    # ---- progress ----------------------------------------------------------------------------

    @Slot(int, int)
    def _on_download(self, done: int, total: int) -> None:
        if total:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done)
        self.progress_label.setText(f"Downloading MNIST… {done / 1e6:.1f} MB"
                                    + (f" of {total / 1e6:.1f} MB" if total else ""))

    @Slot(object)
    def _on_progress(self, progress: Progress) -> None:
        if self.progress_bar.maximum() != progress.total:
            self.progress_bar.setRange(0, progress.total)
        self._last_progress = max(self._last_progress, progress.done)
        self.progress_bar.setValue(self._last_progress)
        if self.run is not None and not self.run.token.cancelled:
            self.progress_label.setText(
                f"Epoch {progress.epoch}/{progress.epochs} · batch {progress.batch}/"
                f"{progress.steps}")
        self.speed_label.setText(f"{progress.samples_per_second:,.0f} samples/s · "
                                 f"{duration(progress.seconds_left)} left")
        x = progress.done / progress.steps
        self.loss_series.append(x, progress.loss)
        self.accuracy_series.append(x, progress.accuracy * 100)
        self._fit_axes(progress.loss, progress.accuracy)

    def _fit_axes(self, loss: float, accuracy: float) -> None:
        if loss > self.loss_axis.max():
            self.loss_axis.setMax(min(3.0, loss * 1.1))
            self.loss_axis.applyNiceNumbers()
        if accuracy * 100 < self.accuracy_axis.min():
            self.accuracy_axis.setMin(max(0.0, (accuracy * 100 // 10) * 10))
            self.accuracy_axis.applyNiceNumbers()

    @Slot(int, dict, float)
    def _on_epoch_end(self, epoch: int, logs: dict, seconds: float) -> None:
        epochs = self.epochs_spin.value()
        shown = " - ".join(f"{key}: {value:.4f}" for key, value in logs.items())
        self.log.appendPlainText(f"Epoch {epoch}/{epochs} - {seconds:.0f}s - {shown}")
        if "val_loss" in logs:
            self.val_loss_series.append(epoch, logs["val_loss"])
            self.val_accuracy_series.append(epoch, logs["val_accuracy"] * 100)
            self._fit_axes(logs["val_loss"], logs["val_accuracy"])

    # ---- endings -----------------------------------------------------------------------------

    @Slot(object)
    def _on_succeeded(self, outcome: TrainOutcome) -> None:
        before = self.window_.active
        self.previous_model = before.path if before is not None else None
        self._last_accuracy = outcome.test_accuracy
        self.progress_bar.setValue(self.progress_bar.maximum())
        self.progress_label.setText(f"Finished in {duration(outcome.seconds)}.")
        self.log.appendPlainText(f"test_loss: {outcome.test_loss:.4f}")
        self.log.appendPlainText(f"test_acc: {outcome.test_accuracy:.4f}")
        self.log.appendPlainText(f"Saved as {outcome.loaded.path}")
        previous = ""
        if before is not None and before.metadata.get("test_accuracy") is not None:
            previous = f"<br>Previous model: {before.metadata['test_accuracy']:.2%}"
        self.result_label.setText(
            f"<b>Test accuracy: {outcome.test_accuracy:.2%}</b> (new model, now in use)"
            f"{previous}")
        self.confusion_view.set_matrix(outcome.confusion)
        self.mistakes_view.set_mistakes(outcome.mistakes)
        self.details.setCurrentWidget(self.confusion_view)
        self.window_.use_model(outcome.loaded)
        self.revert_button.setEnabled(self.previous_model is not None)
        self.refresh_history()
        self._finish(True)

    @Slot()
    def _on_cancelled(self) -> None:
        self.progress_label.setText("Stopped.")
        self._show_message("Training was stopped. The active model is unchanged.", False)
        self._finish(False)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.progress_label.setText("Training failed.")
        self._show_message(f"{message}\n\nThe active model is unchanged.", True)
        self.log.appendPlainText(f"Failed: {message}")
        self._finish(False)

    def _finish(self, completed: bool) -> None:
        if self.progress_bar.maximum() == 0:
            self.progress_bar.setRange(0, 1)
        self.speed_label.setText(" ")
        self._completed = completed

    @Slot()
    def _on_thread_done(self) -> None:
        # The thread has really ended: only now may another run start or the window close.
        self.run = None
        self._set_running(False)
        self.trainingFinished.emit(self._completed)

    def _show_message(self, text: str, error: bool) -> None:
        colour = "#b3261e" if error else "#2d5b2d"
        self.message_label.setStyleSheet(f"color: {colour};")
        self.message_label.setText(text)
        self.message_label.show()

    # ---- models ------------------------------------------------------------------------------

    @Slot()
    def revert(self) -> None:
        if self.previous_model is not None:
            self.window_.load_model_file(self.previous_model)
            self.revert_button.setEnabled(False)

    def refresh_history(self) -> None:
        self.history_list.clear()
        paths = sorted(self.models_dir.glob("*.keras"), reverse=True) \
            if self.models_dir.is_dir() else []
        for path in paths:
            meta = load_metadata(path)
            when = meta.get("date", "")[:16].replace("T", " ")
            item = QListWidgetItem(f"{when or path.stem} · {describe(meta)}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.history_list.addItem(item)

    @Slot()
    def use_selected(self) -> None:
        items = self.history_list.selectedItems()
        if items:
            self.window_.load_model_file(Path(items[0].data(Qt.ItemDataRole.UserRole)))

    def _choose_data(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose MNIST data", "",
                                              "NumPy archives (*.npz)")
        if path:
            self.data_path_edit.setText(path)
            self.local_radio.setChecked(True)
