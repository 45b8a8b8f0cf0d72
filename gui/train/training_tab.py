"""The Train tab: runs a Keras fit in a worker thread and shows it live, then the results.

The tab is the run controller; its parts are the settings form (training_settings), the live
curves (training_chart), the result views (result_views) and the saved models (model_history).
It asks the session to install a finished model; it never reaches into the main window.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.digits.samples import SampleBook
from gui.i18n import Retranslates, number, tr
from gui.session import ModelSession
from gui.train.model_history import ModelHistory
from gui.train.result_views import (
    CalibrationView,
    ConfusionMatrixView,
    MistakesView,
    RunResult,
    result_text,
)
from gui.train.run_progress import RunProgress, RunsInBackground, duration
from gui.train.training_chart import TrainingChart
from gui.train.training_settings import TrainingSettings
from gui.workers import Progress, TrainingRun, TrainOutcome, describe_error
from model.learning.forms import first_epoch_with_forms
from model.learning.pen_data import TRAINING_DIGITS, TRAINING_WRITERS
from model.wording import epoch_line, views_line

SETTINGS_WIDTH = 330


class TrainingTab(RunsInBackground, Retranslates, QWidget):
    trainingStarted = Signal()
    trainingFinished = Signal(bool)  # True when a new model was trained and saved

    def __init__(self, session: ModelSession, samples: SampleBook) -> None:
        super().__init__()
        self.setObjectName("trainingTab")
        self.session = session
        self.samples = samples
        self._outcome: tuple | None = None  # the last run's (saved path, accuracy, previous)
        self._last_accuracy: float | None = None

        self.settings = TrainingSettings()
        self.train_button = QPushButton()
        self.train_button.setObjectName("trainButton")
        self.train_button.setDefault(True)
        self.stop_button = QPushButton()
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setEnabled(False)
        self.train_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        buttons = QHBoxLayout()
        buttons.addWidget(self.train_button)
        buttons.addWidget(self.stop_button)

        self.tensorflow_label = QLabel()
        self.tensorflow_label.setObjectName("tensorflowState")
        self.tensorflow_label.setWordWrap(True)
        self.tensorflow_label.hide()
        session.tensorflowReady.connect(self._tensorflow_ready)
        self.progress = RunProgress(lambda: tr("Ready to train."))
        self.progress_bar, self.progress_label = self.progress.bar, self.progress.label
        self.message_label = self.progress.message
        self.message_label.setObjectName("trainingMessage")
        self.result = RunResult()
        self.result.revert_button.clicked.connect(self.revert)
        self.history = ModelHistory(session)

        left = QVBoxLayout()
        for part in (self.settings, buttons, self.tensorflow_label, self.progress, self.result,
                     self.history):
            left.addLayout(part) if isinstance(part, QHBoxLayout) else left.addWidget(part)
        left.addStretch(1)
        left_panel = QWidget()
        left_panel.setLayout(left)
        # Scrolls rather than forcing a tall window: projectors are often 1024×768.
        left_scroll = QScrollArea()
        left_scroll.setWidget(left_panel)
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left_panel.setFixedWidth(SETTINGS_WIDTH)
        # Room for the scroll bar, so it never covers the spin boxes' arrows.
        left_scroll.setFixedWidth(
            SETTINGS_WIDTH + left_scroll.verticalScrollBar().sizeHint().width() + 2)

        self.chart = TrainingChart()
        self.settings.epochs_spin.valueChanged.connect(self.chart.show_epochs)
        self.chart.show_epochs(self.settings.epochs_spin.value())
        self.log = QPlainTextEdit()
        self.log.setObjectName("trainingLog")
        self.log.setReadOnly(True)
        self.confusion_view = ConfusionMatrixView()
        self.mistakes_view = MistakesView()
        self.calibration_view = CalibrationView()
        self.details = QTabWidget()
        self.details.setObjectName("trainingDetails")
        for page in (self.log, self.confusion_view, self.mistakes_view, self.calibration_view):
            self.details.addTab(page, "")
        right = QVBoxLayout()
        right.addWidget(self.chart, 4)
        right.addWidget(self.details, 3)

        layout = QHBoxLayout(self)
        layout.addWidget(left_scroll)
        layout.addLayout(right, 1)
        session.modelChanged.connect(self._model_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.train_button.setText(tr("Train"))
        self.train_button.setToolTip(tr("Train a new model on this computer with these settings "
                                        "(Ctrl+T)"))
        self.stop_button.setText(tr("Stop"))
        self.stop_button.setToolTip(tr("Stop training; the active model stays as it is"))
        if self.session.tensorflow_error is None:
            self.tensorflow_label.setText(tr("Preparing TensorFlow… (training needs it; drawing "
                                             "does not)"))
        self.log.setPlaceholderText(tr("Each epoch's loss and accuracy appear here."))
        self.log.setAccessibleName(tr("Training log"))
        for page, title in ((self.log, tr("Log")), (self.confusion_view, tr("Confusion matrix")),
                            (self.mistakes_view, tr("Mistakes")),
                            (self.calibration_view, tr("Confidence"))):
            self.details.setTabText(self.details.indexOf(page), title)
        self._show_result()

    def showEvent(self, event) -> None:
        # TensorFlow is a late guest: it comes when the person looks at training.
        if not self.session.tensorflow_ready:
            self.tensorflow_label.setVisible(True)
            self.session.prepare_tensorflow()
        super().showEvent(event)

    def _tensorflow_ready(self, ok: bool) -> None:
        if ok:
            self.tensorflow_label.hide()
        else:
            self.tensorflow_label.setText(self.session.tensorflow_error or "")
            self.tensorflow_label.show()

    # ---- running -----------------------------------------------------------------------------

    def is_running(self) -> bool:
        return self.run is not None

    def last_test_accuracy(self) -> float | None:
        return self._last_accuracy

    @Slot()
    def start(self) -> None:
        if self.run is not None:
            return
        if self.settings.missing_data():
            self.progress.show_message(tr("Choose a local mnist.npz first, or use MNIST via "
                                          "Keras."), True)
            return
        request = self.settings.request(self.session.models_dir)
        if self.settings.include_digits_check.isChecked():
            images, labels = self.samples.arrays()
            request = dataclasses.replace(request, personal_images=images,
                                          personal_labels=labels)
        self._reset_view(request.epochs)
        run = TrainingRun(request, self)
        run.epochEnded.connect(self._on_epoch_end)
        self._set_running(True)
        lines = [tr("Training the {network} network: %n epoch(s), batch size {batch}, "
                    "validation split {split}, {images} training images.", "",
                    request.epochs).format(
            network=request.arch, batch=request.batch_size,
            split=number(request.validation_split, 2),
            images=number(request.train_limit) if request.train_limit else tr("all"))]
        if request.forms:
            lines.append(tr("Plus {count} generated handwriting forms, counted from epoch "
                            "{start}, once MNIST is learnt.").format(
                count=number(request.forms), start=first_epoch_with_forms(request.epochs) + 1))
        if request.pen:
            lines.append(tr("Plus {count} real pen digits by {writers} writers (UNIPEN), varied "
                            "every epoch.").format(count=number(TRAINING_DIGITS),
                                                   writers=TRAINING_WRITERS))
        if len(request.personal_labels):
            lines.append(tr("Plus %n of your digits.", "", len(request.personal_labels)))
        self.log.appendPlainText(" ".join(lines))
        self._launch(run)
        self.trainingStarted.emit()

    def _set_running(self, running: bool) -> None:
        self.train_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.settings.setEnabled(not running)

    def _reset_view(self, epochs: int) -> None:
        self.chart.reset(epochs)
        self.log.clear()

    # ---- progress ----------------------------------------------------------------------------

    @Slot(object)
    def _on_progress(self, progress: Progress) -> None:
        self.progress.show_progress(progress)
        self.chart.add_batch(progress.epochs_done, progress.loss, progress.accuracy)

    @Slot(int, dict, float)
    def _on_epoch_end(self, epoch: int, logs: dict, seconds: float) -> None:
        epochs = self.run.request.epochs if self.run is not None else epoch
        self.log.appendPlainText(epoch_line(epoch, epochs, logs, seconds))
        if "val_loss" in logs:
            self.chart.add_epoch(epoch, logs["val_loss"], logs["val_accuracy"])

    # ---- endings -----------------------------------------------------------------------------

    @Slot(object)
    def _on_succeeded(self, outcome: TrainOutcome) -> None:
        before = self.session.active
        self._last_accuracy = outcome.test_accuracy
        self.progress.finish(tr("Finished in {time}.").format(time=duration(outcome.seconds)),
                             True)
        # The book's own two lines (its test_loss / test_acc), in the window's language.
        self.log.appendPlainText(tr("test_loss: {value}").format(value=f"{outcome.test_loss:.4f}"))
        self.log.appendPlainText(tr("test_acc: {value}").format(
            value=f"{outcome.test_accuracy:.4f}"))
        metadata = outcome.loaded.metadata
        if metadata.get("test_time_rotations"):
            self.log.appendPlainText(views_line(metadata["test_time_rotations"],
                                                metadata["test_accuracy_as_drawn"]))
        self.log.appendPlainText(tr("Saved as {path}").format(path=outcome.loaded.path))
        self.confusion_view.set_matrix(outcome.confusion)
        self.mistakes_view.set_mistakes(outcome.mistakes)
        self.calibration_view.set_calibration(outcome.calibration)
        self.log.appendPlainText(self.calibration_view.summary(outcome.calibration))
        self.details.setCurrentWidget(self.confusion_view)
        self._outcome = (outcome.loaded.path, outcome.test_accuracy,
                         before.metadata if before else None)
        self.session.model_saved()
        if not self.session.use(outcome.loaded, self._ticket):
            self._show_result()  # a model the person chose since stays; the label says so
        self._completed = True

    @Slot()
    def _on_cancelled(self) -> None:
        self.progress.finish(tr("Stopped."), False)
        self.progress.show_message(tr("Training was stopped. The active model is unchanged."),
                                   False)

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        message = describe_error(error)
        if isinstance(error, MemoryError):  # here the settings are the remedy
            message += " " + tr("Try a smaller batch size or fewer training images.")
        self.progress.finish(tr("Training failed."), False)
        self.progress.show_message(message + "\n\n" + tr("The active model is unchanged."),
                                   True)
        self.log.appendPlainText(tr("Failed: {message}").format(message=message))

    @Slot()
    def _on_thread_done(self) -> None:
        # The thread has really ended: only now may another run start or the window close.
        self.run = None
        self._set_running(False)
        self.trainingFinished.emit(self._completed)

    # ---- models ------------------------------------------------------------------------------

    @Slot()
    def revert(self) -> None:
        self.session.revert_to_previous()

    @Slot(object)
    def _model_changed(self, loaded) -> None:
        self._show_result()

    def _show_result(self) -> None:
        """The last run's result, true to which model is active now."""
        if self._outcome is None:
            return
        saved, accuracy, previous = self._outcome
        active = self.session.active
        in_use = active is not None and active.path == saved
        pending = self.session.awaiting_load()
        text, worse = result_text(accuracy, previous, in_use,
                                  None if pending or active is None else active.path.name)
        self.result.show_result(text, worse)
        # "Revert to previous model" undoes this run's model, and only while it is in use.
        self.result.revert_button.setEnabled(in_use and self.session.previous is not None)
