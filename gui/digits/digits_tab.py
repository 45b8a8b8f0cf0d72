"""My digits: the person's corrections, what the active model now says of each, and one click
that learns them (with an honest before → after on samples held out from learning)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.digits.samples import SampleBook
from gui.i18n import Retranslates, number, percent, tr
from gui.session import ModelSession
from gui.style import colours, gray_image
from gui.train.run_progress import RunProgress, RunsInBackground, duration
from gui.workers import LearningRun, LearnOutcome, LearnRequest, Task, describe_error
from model.errors import DigitPadError
from model.keeping.samples import LEARNT_PER_DIGIT, Summary, export_npz, import_npz

THUMB = 48
ID_ROLE = Qt.ItemDataRole.UserRole
MIN_SAMPLES = 5  # fewer teach nothing and leave nothing to hold out


# Samples read on the GUI thread at once (a correction, a small set): ~0.3 s with the views
# here. More (a model switch with a large set) are read on a worker, marked "?" meanwhile.
INLINE_READS = 200


ICONS_KEPT = 300  # thumbnails kept per digit; the others are made again when scrolled to


def share(value: float | None) -> str:
    return "–" if value is None else percent(value, 1)


class DigitStrip(QAbstractListModel):
    """One digit's saved samples, oldest first, for its strip: a row holds only the sample's
    summary; its caption asks the tab what the active model reads, and its thumbnail is made
    when the row is first shown and kept among the last ICONS_KEPT, so that ten thousand
    saved digits open at once and take little memory."""

    def __init__(self, reading: Callable[[Summary], int | None], colours,
                 parent: QObject) -> None:
        super().__init__(parent)
        self._reading = reading
        self._all: list[Summary] = []
        self._rows: list[Summary] = []  # shown: all, or the misread ones
        self._icons: OrderedDict[int, QIcon] = OrderedDict()
        self.wrong_only = False
        self.colours = colours

    def wrong(self, sample: Summary) -> bool:
        reading = self._reading(sample)
        return reading is not None and reading != sample.label

    def total(self) -> int:
        return len(self._all)

    def samples(self) -> list[Summary]:
        return self._all

    def set_samples(self, samples: Iterable[Summary]) -> None:
        self.beginResetModel()
        self._all = list(samples)
        self._rows = self._shown(self._all)
        self.endResetModel()

    def add(self, samples: list[Summary]) -> None:
        self._all += samples
        shown = self._shown(samples)
        if shown:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(shown) - 1)
            self._rows += shown
            self.endInsertRows()

    def remove(self, ids: set[int]) -> None:
        if any(s.id in ids for s in self._all):
            self.set_samples(s for s in self._all if s.id not in ids)

    def refilter(self) -> None:
        """Readings or the filter changed: which rows show, and their captions."""
        shown = self._shown(self._all)
        if [s.id for s in shown] != [s.id for s in self._rows]:
            self.beginResetModel()
            self._rows = shown
            self.endResetModel()
        elif self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def restyle(self, colours) -> None:
        self.colours = colours
        self._icons.clear()
        self.refilter()

    def _shown(self, samples: Iterable[Summary]) -> list[Summary]:
        return [s for s in samples if self.wrong(s)] if self.wrong_only else list(samples)

    def rowCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        sample = self._rows[index.row()]
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(sample)
        if role == ID_ROLE:
            return sample.id
        if role == Qt.ItemDataRole.SizeHintRole:  # every cell as wide as "reads 9" needs
            return QSize(THUMB + 12, THUMB + 20)
        reading = self._reading(sample)
        if role == Qt.ItemDataRole.DisplayRole:
            return "✓" if reading == sample.label else "?" if reading is None else \
                tr("reads {digit}").format(digit=reading)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            # A screen reader says what a sighted person sees in the picture and its caption.
            saved = sample.created[:16].replace("T", " ")
            return tr("A {digit}, saved {date}; the active model reads {read}").format(
                digit=sample.label, date=saved, read=reading) if reading is not None else \
                tr("A {digit}, saved {date}").format(digit=sample.label, date=saved)
        if role == Qt.ItemDataRole.ForegroundRole and reading is not None and \
                reading != sample.label:
            return self.colours.error
        return None

    def _icon(self, sample: Summary) -> QIcon:
        icon = self._icons.get(sample.id)
        if icon is None:
            icon = QIcon(QPixmap.fromImage(gray_image(sample.tensor,
                                                      invert=not self.colours.dark)))
            self._icons[sample.id] = icon
            if len(self._icons) > ICONS_KEPT:
                self._icons.popitem(last=False)
        else:
            self._icons.move_to_end(sample.id)
        return icon


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
        self._result = None  # the latest FinetuneResult, shown again in a new language
        self._result_in_use = False  # whether its model was put in use

        self.counts_label = QLabel()
        self.counts_label.setObjectName("sampleCounts")
        self.counts_label.setWordWrap(True)
        self.wrong_only = QCheckBox()
        self.wrong_only.setObjectName("wrongOnlyCheck")
        self.wrong_only.toggled.connect(self._filter)
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

        self.rows: list[QListView] = []
        self.strips: list[DigitStrip] = []
        self.row_labels: list[QLabel] = []
        self._read: dict[int, int] = {}  # a sample's image (hashed) → what the model reads
        self._keys: dict[int, int] = {}  # a sample's id → its image, hashed
        grid = QWidget()
        grid_layout = QVBoxLayout(grid)
        for digit in range(10):
            label = QLabel()
            label.setMinimumWidth(70)
            strip = QListView()
            strip.setObjectName(f"samples{digit}")
            strip.setViewMode(QListView.ViewMode.IconMode)
            strip.setFlow(QListView.Flow.LeftToRight)
            strip.setWrapping(False)
            strip.setUniformItemSizes(True)  # no need to measure 10,000 thumbnails to lay out
            # Laid out a few hundred at a time between events: showing or filtering thousands
            # never holds up the window.
            strip.setLayoutMode(QListView.LayoutMode.Batched)
            strip.setBatchSize(200)
            strip.setIconSize(QSize(THUMB, THUMB))
            strip.setGridSize(QSize(THUMB + 14, THUMB + 22))
            strip.setFixedHeight(THUMB + 30)
            strip.setMovement(QListView.Movement.Static)
            strip.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
            model = DigitStrip(self._reading, colours(self.palette()), self)
            strip.setModel(model)
            strip.selectionModel().selectionChanged.connect(self._update_buttons)
            self.strips.append(model)
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

        book.added.connect(self._added)
        book.removed.connect(self._removed)
        session.modelChanged.connect(self._model_changed)
        self._saved: Path | None = None
        self._reader: Task | None = None  # reading many samples in the background
        self._unreadable = None  # the active model, when reading in the background failed
        self._load()
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

    # ---- the grid ------------------------------------------------------------------------------

    def _load(self) -> None:
        """Every saved digit from the database, into its strip (without strokes)."""
        samples = self.book.summaries()
        self._keys = {s.id: hash(s.tensor.tobytes()) for s in samples}
        for digit, strip in enumerate(self.strips):
            strip.set_samples(s for s in samples if s.label == digit)
        self._read_fresh(samples)
        self.refresh()

    @Slot(list)
    def _added(self, ids: list[int]) -> None:
        samples = self.book.summaries(ids)
        self._keys.update((s.id, hash(s.tensor.tobytes())) for s in samples)
        self._read_fresh(samples)
        for digit, strip in enumerate(self.strips):
            strip.add([s for s in samples if s.label == digit])
        self.refresh()

    @Slot(list)
    def _removed(self, ids: list[int]) -> None:
        gone = set(ids)
        for strip in self.strips:
            strip.remove(gone)
        self.refresh()

    @Slot()
    def _filter(self) -> None:
        for strip in self.strips:
            strip.wrong_only = self.wrong_only.isChecked()
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # light ↔ dark: thumbnails again
            for strip in self.strips:
                strip.restyle(colours(self.palette()))
        super().changeEvent(event)

    def _reading(self, sample: Summary) -> int | None:
        return self._read.get(self._keys.get(sample.id, 0))

    def _all_samples(self) -> list[Summary]:
        return [s for strip in self.strips for s in strip.samples()]

    @Slot()
    def refresh(self) -> None:
        """The captions, the counts and what the active model misreads, in words."""
        for strip in self.strips:
            strip.refilter()
        counts = [strip.total() for strip in self.strips]
        wrong_total = sum(strip.wrong(s) for strip in self.strips for s in strip.samples())
        for digit, label in enumerate(self.row_labels):
            label.setText(f"<b style='font-size: 18pt'>{digit}</b>  ({counts[digit]})")
        total = sum(counts)
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

    def _read_fresh(self, samples: list[Summary]) -> None:
        """Read what the active model says of the samples it has not read yet (one batched
        pass), so a correction costs one prediction, not hundreds; many at once are read in
        the background (INLINE_READS)."""
        active = self.session.active
        if active is None:
            return
        fresh = {}
        for s in samples:
            key = self._keys[s.id]
            if key not in self._read:
                fresh[key] = s.tensor
        if len(fresh) > INLINE_READS:
            self._read_in_background(active, fresh)
        elif fresh:
            probabilities = active.predictor.predict_many(np.array(list(fresh.values())))
            self._read.update(zip(fresh, probabilities.argmax(axis=1).tolist()))

    def _read_in_background(self, active, fresh: dict[int, np.ndarray]) -> None:
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
        # What is still unread (saved meanwhile, or all of it for a newer model) next.
        self._read_fresh(self._all_samples())
        self.refresh()

    def shutdown(self) -> None:
        """Stop learning and wait for the threads (the window is closing)."""
        super().shutdown()
        if self._reader is not None:
            self._reader.wait()

    def selected_ids(self) -> list[int]:
        return [index.data(ID_ROLE) for strip in self.rows
                for index in strip.selectionModel().selectedIndexes()]

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
        chosen = self.selected_ids()
        sample = self.book.sample(chosen[0]) if len(chosen) == 1 else None
        if sample is not None:
            self.replayRequested.emit(sample)

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
        result = self._result = outcome.result
        self.progress.finish(tr("Finished in {time}.").format(time=duration(result.seconds)),
                             True)
        self._saved = outcome.loaded.path
        self.session.model_saved()
        self._result_in_use = self.session.use(outcome.loaded, self._ticket)
        self._show_result()
        self._completed = True

    def _show_result(self) -> None:
        """The last learning's result in words (nothing before the first)."""
        result = self._result
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
                 tr("Learnt from %n of your digits.", "", result.learnt)
                 if result.offered <= result.learnt + result.held else
                 tr("Learnt from {learnt} of your {offered} digits: the newest {each} of each "
                    "digit, so that learning stays quick.").format(
                     learnt=number(result.learnt), offered=number(result.offered),
                     each=LEARNT_PER_DIGIT)]
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
        self._read_fresh(self._all_samples())
        self.refresh()
