"""My digits: the person's corrections, what the active model now says of each, and one click
that learns them (with an honest before → after on samples held out from learning)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.i18n import Retranslates, number, percent, tr
from gui.run_progress import RunProgress, RunsInBackground, duration
from gui.samples import SampleBook
from gui.session import ModelSession
from gui.style import colours, gray_image
from gui.workers import LearningRun, LearnOutcome, LearnRequest, Task, describe_error
from model.errors import DigitPadError
from model.samples import Sample, export_npz, import_npz

THUMB = 48
ID_ROLE = Qt.ItemDataRole.UserRole
MIN_SAMPLES = 5  # fewer teach nothing and leave nothing to hold out


# Samples read on the GUI thread at once (a correction, a small set): ~0.3 s with the views
# here. More (a model switch with a large set) are read on a worker, marked "?" meanwhile.
INLINE_READS = 200


def share(value: float | None) -> str:
    return "–" if value is None else percent(value, 1)


class DigitsTab(RunsInBackground, Retranslates, QWidget):
    learningStarted = Signal()
    learningFinished = Signal(bool)  # True when a learnt model was saved
    replayRequested = Signal(object)  # a Sample whose strokes go back onto the canvas

    def __init__(self, session: ModelSession, book: SampleBook,
                 data_path: Callable[[], str | None]) -> None:
        super().__init__()
        self.setObjectName("myDigits")
        self.session = session
        self.book = book
        self.data_path = data_path
        self.last_result = None  # the latest FinetuneResult, for tests and the About box
        self._result_in_use = False  # whether its model was put in use

        self.counts_label = QLabel()
        self.counts_label.setObjectName("sampleCounts")
        self.counts_label.setWordWrap(True)
        self.wrong_only = QCheckBox()
        self.wrong_only.setObjectName("wrongOnlyCheck")
        self.wrong_only.toggled.connect(self.refresh)
        self.replay_button = QPushButton()
        self.replay_button.setObjectName("replayButton")
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("deleteSamplesButton")
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportSamplesButton")
        self.import_button = QPushButton()
        self.import_button.setObjectName("importSamplesButton")
        self.replay_button.clicked.connect(self._replay)
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button.clicked.connect(self._choose_export)
        self.import_button.clicked.connect(self._choose_import)
        tools = QHBoxLayout()
        for widget in (self.wrong_only, self.replay_button, self.delete_button):
            tools.addWidget(widget)
        tools.addStretch(1)
        tools.addWidget(self.export_button)
        tools.addWidget(self.import_button)

        self.rows: list[QListWidget] = []
        self.row_labels: list[QLabel] = []
        grid = QWidget()
        grid_layout = QVBoxLayout(grid)
        for digit in range(10):
            label = QLabel()
            label.setMinimumWidth(70)
            strip = QListWidget()
            strip.setObjectName(f"samples{digit}")
            strip.setViewMode(QListWidget.ViewMode.IconMode)
            strip.setFlow(QListWidget.Flow.LeftToRight)
            strip.setWrapping(False)
            strip.setIconSize(QSize(THUMB, THUMB))
            strip.setGridSize(QSize(THUMB + 14, THUMB + 22))
            strip.setFixedHeight(THUMB + 30)
            strip.setMovement(QListWidget.Movement.Static)
            strip.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
            strip.itemSelectionChanged.connect(self._update_buttons)
            row = QHBoxLayout()
            row.addWidget(label)
            row.addWidget(strip, 1)
            grid_layout.addLayout(row)
            self.rows.append(strip)
            self.row_labels.append(label)
        grid_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(grid)
        scroll.setWidgetResizable(True)

        self.learn_button = QPushButton()
        self.learn_button.setObjectName("learnButton")
        self.learn_button.clicked.connect(self.start)
        self.stop_button = QPushButton()
        self.stop_button.setObjectName("learnStopButton")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        self.progress = RunProgress(lambda: tr("Learning takes about 20 seconds for 100 "
                                               "digits."))
        self.result_label = QLabel()
        self.result_label.setObjectName("learnResult")
        self.result_label.setWordWrap(True)
        self._result_lines: list = []  # the last learning's result, said again when retranslated
        self.revert_button = QPushButton()
        self.revert_button.setObjectName("learnRevertButton")
        self.revert_button.setEnabled(False)
        self.revert_button.clicked.connect(session.revert_to_previous)
        learn_buttons = QHBoxLayout()
        learn_buttons.addWidget(self.learn_button, 1)
        learn_buttons.addWidget(self.stop_button)
        learn_box = self.learn_box = QGroupBox()
        learn_layout = QVBoxLayout(learn_box)
        learn_layout.addLayout(learn_buttons)
        learn_layout.addWidget(self.progress)
        learn_layout.addWidget(self.result_label)
        learn_layout.addWidget(self.revert_button)
        learn_layout.addStretch(1)
        learn_box.setFixedWidth(280)

        left = QVBoxLayout()
        left.addWidget(self.counts_label)
        left.addLayout(tools)
        left.addWidget(scroll, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(learn_box)

        book.changed.connect(self.refresh)
        session.modelChanged.connect(self._model_changed)
        self._saved: Path | None = None
        self._read: dict[bytes, int] = {}  # a sample's tensor → what the active model reads
        self._reader: Task | None = None  # reading many samples in the background
        self._unreadable = None  # the active model, when reading in the background failed
        self.retranslate()

    def retranslate(self) -> None:
        self.wrong_only.setText(tr("Wrong only"))
        self.wrong_only.setToolTip(tr("Show only the digits the active model still misreads"))
        self.replay_button.setText(tr("Replay"))
        self.replay_button.setToolTip(tr("Draw the selected digit's strokes again on the "
                                         "canvas"))
        self.delete_button.setText(tr("Delete"))
        self.delete_button.setToolTip(tr("Delete the selected digits"))
        self.export_button.setText(tr("Export…"))
        self.export_button.setToolTip(tr("Save your digits to an .npz file"))
        self.import_button.setText(tr("Import…"))
        self.import_button.setToolTip(tr("Add digits from an .npz file (x: N×28×28, y: N)"))
        self.learn_button.setText(tr("Learn from my digits"))
        self.learn_button.setToolTip(tr("Fine-tune the active model on your digits (with MNIST "
                                        "replay, so it keeps reading everyone else's) (Ctrl+L)"))
        self.stop_button.setText(tr("Stop"))
        self.stop_button.setToolTip(tr("Stop learning; the active model stays as it is"))
        self.learn_box.setTitle(tr("Learn my handwriting"))
        self.revert_button.setText(tr("Revert to previous model"))
        for digit, strip in enumerate(self.rows):
            strip.setAccessibleName(tr("Your {digit}s").format(digit=digit))
        self._show_result()
        self.refresh()

    # ---- the grid ------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        c = colours(self.palette())
        samples = self.book.samples()
        readings = self._readings(samples)
        counts = [0] * 10
        wrong_total = 0
        for strip in self.rows:
            strip.clear()
        for sample, reading in zip(samples, readings):
            counts[sample.label] += 1
            wrong = reading is not None and reading != sample.label
            wrong_total += wrong
            if self.wrong_only.isChecked() and not wrong:
                continue
            pixmap = QPixmap.fromImage(gray_image(sample.tensor, invert=not c.dark))
            item = QListWidgetItem(QIcon(pixmap), "✓" if reading == sample.label else
                                   "?" if reading is None else
                                   tr("reads {digit}").format(digit=reading))
            item.setData(ID_ROLE, sample.id)
            saved = sample.created[:16].replace("T", " ")
            item.setToolTip(tr("A {digit}, saved {date}; the active model reads {read}").format(
                digit=sample.label, date=saved, read=reading) if reading is not None else
                tr("A {digit}, saved {date}").format(digit=sample.label, date=saved))
            # A screen reader says what a sighted person sees in the picture and its caption.
            item.setData(Qt.ItemDataRole.AccessibleTextRole, item.toolTip())
            if wrong:
                item.setForeground(c.error)
            self.rows[sample.label].addItem(item)
        for digit, label in enumerate(self.row_labels):
            label.setText(f"<b style='font-size: 18pt'>{digit}</b>  ({counts[digit]})")
        total = len(samples)
        if not self.book.usable:
            self.counts_label.setText(tr("My digits are unavailable: {reason}").format(
                reason=self.book.error))
        elif total and self._reader is not None:
            self.counts_label.setText(tr("%n digit(s) saved; reading them with the active "
                                         "model…", "", total))
        elif total:
            active = self.session.active
            saved = tr("%n digit(s) saved", "", total)
            self.counts_label.setText(
                tr("{saved}; the active model ({name}) misreads {wrong}.").format(
                    saved=saved, name=active.path.name, wrong=wrong_total) if active else
                tr("{saved}; the active model misreads {wrong}.").format(saved=saved,
                                                                        wrong=wrong_total))
        else:
            self.counts_label.setText(tr("No digits yet: draw one in the Draw tab and press the "
                                         "digit it is (or type it)."))
        self._update_buttons()

    def _readings(self, samples: list[Sample]) -> list[int | None]:
        """What the active model reads in each sample (None: not yet). Only samples it has not
        read yet go through it (one batched pass), so a correction costs one prediction, not
        hundreds; many at once are read in the background (INLINE_READS)."""
        active = self.session.active
        if active is None:
            return [None] * len(samples)
        # Keyed by the tensor itself: SQLite may give a new sample a deleted one's id.
        keys = [s.tensor.tobytes() for s in samples]
        fresh = {key: s.tensor for key, s in zip(keys, samples) if key not in self._read}
        if len(fresh) > INLINE_READS:
            self._read_in_background(active, fresh)
        elif fresh:
            probabilities = active.predictor.predict_many(np.array(list(fresh.values())))
            self._read.update(zip(fresh, probabilities.argmax(axis=1).tolist()))
        return [self._read.get(key) for key in keys]

    def _read_in_background(self, active, fresh: dict[bytes, np.ndarray]) -> None:
        if self._reader is not None or self._unreadable is active:
            return  # one reader at a time: the refresh after it picks up the rest
        keys, tensors = list(fresh), np.array(list(fresh.values()))

        def read():
            return active, keys, active.predictor.predict_many(tensors).argmax(axis=1).tolist()

        task = Task(read, self)
        task.succeeded.connect(self._background_read)
        task.failed.connect(lambda error: self._background_failed(active, error))
        task.finished.connect(self._reader_done)
        task.finished.connect(task.deleteLater)
        self._reader = task
        task.start()

    def _background_read(self, result) -> None:
        active, keys, digits = result
        if active is self.session.active:  # else a newer model's own reading follows
            self._read.update(zip(keys, digits))

    def _background_failed(self, active, error: BaseException) -> None:
        self._unreadable = active  # no retry loop; a model change tries again
        self.progress.show_message(tr("Could not read your digits with the active model: "
                                      "{reason}").format(reason=describe_error(error)), True)

    def _reader_done(self) -> None:
        self._reader = None
        self.refresh()  # the readings, or a reader for what is still unread

    def shutdown(self) -> None:
        """Stop learning and wait for the threads (the window is closing)."""
        super().shutdown()
        if self._reader is not None:
            self._reader.wait()

    def selected_ids(self) -> list[int]:
        return [item.data(ID_ROLE) for strip in self.rows for item in strip.selectedItems()]

    def _update_buttons(self) -> None:
        chosen = self.selected_ids()
        usable = self.book.usable
        self.delete_button.setEnabled(usable and bool(chosen))
        self.replay_button.setEnabled(len(chosen) == 1)
        self.export_button.setEnabled(usable and self.book.count() > 0)
        self.import_button.setEnabled(usable)
        self.learn_button.setEnabled(usable and self.run is None)

    @Slot()
    def delete_selected(self) -> None:
        chosen = self.selected_ids()
        if chosen:
            self._guarded(lambda: self.book.delete(chosen))

    def _replay(self) -> None:
        chosen = set(self.selected_ids())
        for sample in self.book.samples():
            if sample.id in chosen:
                self.replayRequested.emit(sample)
                return

    # ---- files -------------------------------------------------------------------------------

    def export_to(self, path: str | Path) -> bool:
        return self._guarded(lambda: export_npz(self.book.samples(), path))

    def import_from(self, path: str | Path) -> bool:
        return self._guarded(lambda: self.book.add_many(import_npz(path)))

    def _choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Export my digits"), "my-digits.npz",
                                              tr("NumPy archives (*.npz)"))
        if path:
            self.export_to(path if path.lower().endswith(".npz") else path + ".npz")

    def _choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Import digits"), "",
                                              tr("NumPy archives (*.npz)"))
        if path:
            self.import_from(path)

    def _guarded(self, action) -> bool:
        try:
            action()
        except DigitPadError as exc:
            self.progress.show_message(describe_error(exc), True)
            return False
        self.progress.message.hide()
        return True

    # ---- learning ----------------------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        if self.run is not None:
            return
        active = self.session.active
        images, labels = self.book.arrays()
        if active is None:
            self.progress.show_message(tr("No model is active yet."), True)
            return
        if len(labels) < MIN_SAMPLES:
            self.progress.show_message(tr("Save at least {needed} digits first (you have "
                                          "{count}).").format(needed=MIN_SAMPLES,
                                                              count=len(labels)), True)
            return
        request = LearnRequest(active.path, images, labels, self.data_path(),
                               self.session.models_dir)
        self.learn_button.setEnabled(False)
        self._launch(LearningRun(request, self))
        self.learningStarted.emit()

    def _on_succeeded(self, outcome: LearnOutcome) -> None:
        result = self.last_result = outcome.result
        self.progress.finish(tr("Finished in {time}.").format(time=duration(result.seconds)),
                             True)
        self._saved = outcome.loaded.path
        self.session.model_saved()
        self._result_in_use = self.session.use(outcome.loaded, self._ticket)
        self._show_result()
        self._completed = True

    def _show_result(self) -> None:
        """The last learning's result in words (nothing before the first)."""
        result = self.last_result
        if result is None:
            self.result_label.setText(tr(
                "Label some digits in the Draw tab, then learn them here. A third of each "
                "digit's samples is held out to show, honestly, whether learning helped."))
            return
        lines = ["<b>" + tr("Your held-out digits ({count}): {before} → {after}").format(
                     count=result.held, before=share(result.held_before),
                     after=share(result.held_after)) + "</b>",
                 tr("MNIST test ({count} digits): {before} → {after} (± {margin})").format(
                     count=number(result.test_digits), before=percent(result.mnist_before, 2),
                     after=percent(result.mnist_after, 2),
                     margin=percent(result.mnist_margin, 2)),
                 tr("Learnt from %n of your digits.", "", result.learnt)]
        if result.held_after is not None and result.held_before is not None and \
                result.held_after <= result.held_before:
            lines.append(tr("It did not read your held-out digits better: revert to the "
                            "previous model, or save more digits and try again."))
        lines.append(tr("The new model is in use.") if self._result_in_use else
                     tr("Saved, not in use: you chose another model meanwhile."))
        self.result_label.setText("<br>".join(lines))

    def _on_cancelled(self) -> None:
        self.progress.finish(tr("Stopped."), False)
        self.progress.show_message(tr("Learning was stopped. The active model is unchanged."),
                                   False)

    def _on_failed(self, error: BaseException) -> None:
        self.progress.finish(tr("Learning failed."), False)
        self.progress.show_message(describe_error(error) + "\n\n" +
                                   tr("The active model is unchanged."), True)

    def _on_thread_done(self) -> None:
        self.run = None
        self.stop_button.setEnabled(False)
        self._update_buttons()
        self.learningFinished.emit(self._completed)

    def _model_changed(self, loaded) -> None:
        self._read.clear()
        self.revert_button.setEnabled(loaded.path == self._saved and
                                      self.session.previous is not None)
        self.refresh()
