"""DigitPad's main window: the Draw tab (canvas + live prediction) and the Train tab."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QByteArray, QSaveFile, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSlider,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

import model as core
from gui.canvas import DrawingCanvas
from gui.corrections import CorrectionBar
from gui.digits_tab import DigitsTab
from gui.explanations import Explainer
from gui.network_view import NetworkView
from gui.prediction_panel import PredictionPanel
from gui.samples import SampleBook
from gui.session import ModelSession
from gui.training_tab import TrainingTab
from gui.workers import LoadedModel, Task, describe_error
from model.errors import DigitPadError
from model.paths import ASSETS, DEFAULT_MODEL, MNIST_ONLY_MODEL
from model.preprocess import ImageError, has_ink, load_image
from model.samples import Sample
from model.segment import NoNumberError, Number, read_picture, read_strokes
from model.store import describe, test_set
from model.wording import turns

LIVE_INTERVAL_MS = 60  # at most ~16 live predictions a second while a stroke is drawn
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp);;All files (*)"


# Sidecar fields whose own names would read oddly in the About box.
ABOUT_NAMES = {"test_accuracy_as_drawn": "test accuracy from the digit alone",
               "test_time_rotations": "test-time views"}


class MainWindow(QMainWindow):
    imageOpened = Signal(bool)  # a picture opened with open_image is read (True) or refused

    def __init__(self, model_path: str | Path | None = None,
                 settings: QSettings | None = None, models_dir: Path | None = None) -> None:
        super().__init__()
        self.setWindowTitle("DigitPad")
        self.setWindowIcon(QIcon(str(ASSETS / "icon.svg")))
        self.settings = settings or QSettings()
        self.session = ModelSession(self.settings, models_dir, self)
        self.samples = SampleBook(self.session.models_dir.parent, self)
        self.last_message: str | None = None  # the latest error or notice shown to the person
        self.last_timing: dict[str, float] = {}
        self.readings = Number()  # the digits on the canvas, left to right, and marks left out
        self._seen: dict = {}  # digits already read by the active model (model.segment)
        self._message_box: QMessageBox | None = None
        self._picture_tasks: list[Task] = []  # pictures being decoded or read
        self._opening: np.ndarray | None = None  # an opened picture whose reading is awaited

        self.canvas = DrawingCanvas()
        self.panel = PredictionPanel()
        self.corrections = CorrectionBar()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.draw_tab = self._build_draw_tab()
        self.tabs.addTab(self.draw_tab, "Draw")
        self.training_tab = TrainingTab(self.session, self.samples)
        self.digits_tab = DigitsTab(self.session, self.samples,
                                    self.training_tab.settings.data_path)
        self.network_view = NetworkView(self.session, self.training_tab.settings.data_path,
                                        self.session.models_dir.parent / "cache")
        self.tabs.addTab(self.digits_tab, "My digits")
        self.tabs.addTab(self.training_tab, "Train")
        self.tabs.addTab(self.network_view, "Network")
        self.setCentralWidget(self.tabs)
        self._build_menus()

        self.model_label = QLabel()
        self.model_label.setObjectName("modelLabel")
        self.statusBar().addPermanentWidget(self.model_label)

        self._live = QTimer(self)
        self._live.setSingleShot(True)
        self._live.setInterval(LIVE_INTERVAL_MS)
        self._live.timeout.connect(self.update_prediction)
        self.canvas.changed.connect(self._schedule_prediction)
        self.canvas.strokeFinished.connect(self._prediction_after_stroke)
        self.canvas.strokeFinished.connect(self._update_edit_actions)
        self.canvas.digitTyped.connect(self.correct)
        self.canvas.digitClicked.connect(self.panel.select)
        self.explainer = Explainer(self)
        self.explainer.ready.connect(
            lambda tensor, digit, kind, maps: self.panel.show_explanation(tensor, kind, maps))
        self.panel.explanationWanted.connect(self._explain)
        self.panel.predictionChanged.connect(self._explain)
        self.panel.predictionChanged.connect(
            lambda: self.network_view.show_input(self.panel.model_input()))
        self.panel.digitSelected.connect(self._show_boxes)
        self.corrections.corrected.connect(self.correct)
        self.digits_tab.replayRequested.connect(self._replay)
        if not self.samples.usable:
            self.corrections.set_available(False, self.samples.error)

        self.session.modelChanged.connect(self._model_changed)
        self.session.loadFailed.connect(self._model_failed)
        self.session.loadingChanged.connect(self._loading_changed)
        self._restore_settings()
        self._update_edit_actions()
        self.model_label.setText("Loading model…")
        self.session.start(model_path)

    # ---- layout ------------------------------------------------------------------------------

    def _build_draw_tab(self) -> QWidget:
        self.undo_button = QPushButton("Undo")
        self.redo_button = QPushButton("Redo")
        self.clear_button = QPushButton("Clear")
        self.clear_button.setObjectName("clearButton")
        self.undo_button.setObjectName("undoButton")
        self.redo_button.setObjectName("redoButton")
        self.undo_button.clicked.connect(self.canvas.undo)
        self.redo_button.clicked.connect(self.canvas.redo)
        self.clear_button.clicked.connect(self.canvas.clear)
        self.brush_slider = QSlider(Qt.Orientation.Horizontal)
        self.brush_slider.setObjectName("brushSlider")
        self.brush_slider.setRange(4, 48)
        self.brush_slider.setMaximumWidth(180)
        self.brush_slider.setToolTip("Brush width on screen (the model sees the same digit "
                                     "whatever the width)")
        self.brush_slider.valueChanged.connect(self.canvas.set_brush_width)
        tools = QHBoxLayout()
        for button in (self.undo_button, self.redo_button, self.clear_button):
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(QLabel("Brush"))
        tools.addWidget(self.brush_slider)

        left = QVBoxLayout()
        left.addWidget(self.canvas, 1)
        left.addLayout(tools)
        right = QVBoxLayout()
        right.addWidget(self.panel, 1)
        right.addWidget(self.corrections)
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        return page

    def _build_menus(self) -> None:
        def action(menu, text, slot, shortcut=None, name=None) -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcuts(shortcut if isinstance(shortcut, list) else [shortcut])
            if name:
                act.setObjectName(name)
            act.triggered.connect(slot)
            menu.addAction(act)
            return act

        file_menu = self.menuBar().addMenu("&File")
        action(file_menu, "&Open Image…", self._choose_image, QKeySequence.StandardKey.Open)
        action(file_menu, "&Save Drawing as PNG…", self._choose_save_path,
               QKeySequence.StandardKey.Save)
        file_menu.addSeparator()
        action(file_menu, "&Load Model…", self._choose_model)
        action(file_menu, "&Revert to Bundled Model", self.session.revert_to_bundled)
        action(file_menu, "Use the &MNIST-Only Model",
               lambda: self.session.load(MNIST_ONLY_MODEL), name="mnistOnlyAction"
               ).setStatusTip("The bundled convnet before it learnt the ways the world writes "
                              "digits (7 with a crossbar, 1 with a flag, open 4, curled 9)")
        file_menu.addSeparator()
        action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = action(edit_menu, "&Undo", self.canvas.undo,
                                  QKeySequence.StandardKey.Undo)
        self.redo_action = action(
            edit_menu, "&Redo", self.canvas.redo,
            [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")],
        )
        action(edit_menu, "&Clear", self.canvas.clear,
               [QKeySequence(Qt.Key.Key_Escape), QKeySequence(Qt.Key.Key_Delete)])

        help_menu = self.menuBar().addMenu("&Help")
        action(help_menu, "&About DigitPad", self.show_about)

    # ---- settings ----------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(980, 620)
        width = int(self.settings.value("canvas/brush_width", 18))
        self.brush_slider.setValue(width)
        self.canvas.set_brush_width(width)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("canvas/brush_width", self.brush_slider.value())
        self.training_tab.shutdown()
        self.digits_tab.shutdown()
        self.explainer.shutdown()
        self.network_view.shutdown()
        self.session.shutdown()
        for task in list(self._picture_tasks):
            task.wait()
        self.samples.close()
        self.settings.sync()
        super().closeEvent(event)

    # ---- models ------------------------------------------------------------------------------

    def _loading_changed(self, loading: bool) -> None:
        if loading:
            self.statusBar().showMessage("Loading model…")
        elif self.statusBar().currentMessage() == "Loading model…":
            self.statusBar().clearMessage()

    @Slot(object)
    def _model_changed(self, loaded: LoadedModel) -> None:
        self._seen.clear()
        self.panel.temperature = loaded.predictor.temperature
        summary = describe(loaded.metadata) if loaded.metadata else loaded.path.name
        bundled = " (bundled)" if loaded.path in (DEFAULT_MODEL, MNIST_ONLY_MODEL) else ""
        self.model_label.setText(f"Model: {summary}{bundled}")
        self.statusBar().showMessage(f"Model ready: {loaded.path.name}", 4000)
        self.update_prediction()

    @Slot(str, bool)
    def _model_failed(self, message: str, falling_back: bool) -> None:
        self.notify("Could not load the model", message)
        if self.session.active is None and not falling_back:
            self.model_label.setText("No model")
            self.panel.set_message("No model could be loaded: use File → Load Model…")

    # ---- prediction --------------------------------------------------------------------------

    @Slot()
    def _schedule_prediction(self) -> None:
        if not self._live.isActive():  # a throttle, not a debounce: updates keep coming
            self._live.start()

    @Slot()
    def _prediction_after_stroke(self) -> None:
        self._live.stop()
        self.update_prediction()

    @Slot()
    def update_prediction(self) -> None:
        """Read the canvas (one digit or a whole number) and show the model's answer."""
        started = time.perf_counter()
        active = self.session.active
        if self.canvas.is_empty():
            self._show_readings(Number())
            return
        if active is None:
            self.panel.set_message("Loading the model… your digit will be read in a moment.")
            return
        predictor = active.predictor
        if self.canvas.showing_picture():
            self._read_picture(self.canvas.drawing.picture, predictor)
            return
        readings = read_strokes(self.canvas.strokes_xy(), predictor.predict_many, self._seen,
                                predictor.refusals)
        read = time.perf_counter()
        self._show_readings(readings)
        self.last_timing = {"read": read - started, "panel": time.perf_counter() - read}

    @Slot()
    def _explain(self) -> None:
        """Why? is on: explain the digit shown, on a worker (the GUI thread only paints)."""
        wanted = self.panel.explanation_request()
        if wanted is not None and self.session.active is not None:
            self.explainer.request(self.session.active.predictor.predict_many, *wanted)

    def _show_readings(self, readings: Number) -> None:
        self.readings = readings
        if not readings and not readings.refused:
            self.panel.clear()
            self.canvas.set_digit_boxes([])
            return
        # The digit being written is the one shown in detail.
        newest = max((max(r.pieces), i) for i, r in enumerate(readings))[1] if readings else 0
        self.panel.show_readings([(r.probabilities, r.tensor) for r in readings],
                                 None if self.canvas.showing_picture() else newest,
                                 [(r.probabilities, r.tensor, r.refused)
                                  for r in readings.refused])
        self._show_boxes(self.panel.selected_index())

    def _show_boxes(self, selected: int) -> None:
        self.canvas.set_digit_boxes([r.box for r in self.readings], selected,
                                    self.readings.marks, [r.box for r in self.readings.refused])

    # ---- corrections ---------------------------------------------------------------------------

    @Slot(int)
    def correct(self, label: int) -> bool:
        """Save what is drawn as a sample of `label` and clear the canvas for the next digit."""
        # The digit shown in detail (the only one, or the one selected in a number), as the
        # model saw it; a drawing refused as no digit can be told what digit it is, too.
        shown = list(self.readings) or self.readings.refused[:1]
        if not self.samples.usable or not shown:
            return False
        reading = shown[min(self.panel.selected_index(), len(shown) - 1)]
        # That digit's ink only, even where one stroke ran on into the next digit.
        points = self.canvas.stroke_points()
        strokes = tuple(points[i][start:stop] for i, start, stop in reading.ink)
        active = self.session.active
        sample = Sample(label=label, tensor=reading.tensor, strokes=strokes,
                        predicted=reading.digit,
                        confidence=float(reading.probabilities.max()),
                        model=active.path.name if active else "")
        try:
            self.samples.add(sample)
        except DigitPadError as exc:
            self.notify("Could not save the digit", str(exc))
            return False
        if len(self.readings) > 1:  # on to the next digit of the number
            self.panel.select((self.panel.selected_index() + 1) % len(self.readings))
        else:
            self.canvas.clear()
        total = self.samples.count()
        self.statusBar().showMessage(f"Saved as a {label} · {total} of your digits", 3000)
        return True

    def _replay(self, sample: Sample) -> None:
        self.tabs.setCurrentWidget(self.draw_tab)
        if sample.strokes:
            self.canvas.set_strokes(sample.strokes)
        else:  # imported without strokes: show what the model saw
            self.canvas.set_picture(sample.tensor)

    # ---- files -------------------------------------------------------------------------------

    def open_image(self, path: str | Path) -> None:
        """Show a picture file on the canvas and read it, as File → Open Image does. Decoding
        and reading run on worker threads; `imageOpened(ok)` tells when it is done (with a
        message to the person when the file is unusable)."""
        self.statusBar().showMessage(f"Opening {Path(path).name}…")
        self._picture_task(lambda: load_image(path),
                           lambda ink: self._image_decoded(Path(path), ink),
                           lambda error: self._image_failed(Path(path), error))

    def _picture_task(self, work, succeeded, failed) -> None:
        """Run `work` on a worker thread, kept until it finishes (closing the window waits)."""
        task = Task(work, self)
        task.succeeded.connect(succeeded)
        task.failed.connect(failed)
        task.finished.connect(lambda: self._picture_tasks.remove(task))
        task.finished.connect(task.deleteLater)
        self._picture_tasks.append(task)
        task.start()

    def _image_decoded(self, path: Path, ink) -> None:
        if not has_ink(ink):
            self._image_failed(path, ImageError(f"{path}: the picture is blank."),
                               "Nothing to recognise")
            return
        self.statusBar().showMessage(f"Opened {path.name}", 4000)
        self.canvas.set_picture(ink)  # read at once, or when the model is ready
        if self.session.active is None:
            self.imageOpened.emit(True)
        else:
            self._opening = self.canvas.drawing.picture  # its reading, begun just now

    def _read_picture(self, picture: np.ndarray, predictor) -> None:
        """Read a picture on a worker (its paper and lines taken away, its ink regions found
        and cut: a tenth of a second or more, too long for the GUI thread); the answer is
        shown if the same picture is still on the canvas."""
        self._picture_task(lambda: read_picture(picture, predictor.predict_many,
                                                predictor.refusals),
                           lambda readings: self._picture_read(picture, readings),
                           lambda error: self._picture_read(picture, None, error))

    def _picture_read(self, picture: np.ndarray, readings: Number | None,
                      error: BaseException | None = None) -> None:
        shown = self.canvas.showing_picture() and self.canvas.drawing.picture is picture
        if isinstance(error, NoNumberError):
            if shown:  # said where the answer would be: the picture itself was fine
                self._show_readings(Number())
                self.last_message = str(error)
                self.panel.set_message(str(error))
            error = None
        elif error is not None:
            self.notify("Could not read the picture", describe_error(error))
        elif shown:
            self._show_readings(readings)
        if self._opening is picture:
            self._opening = None
            self.imageOpened.emit(error is None)

    def _image_failed(self, path: Path, error: BaseException,
                      title: str = "Could not open the image") -> None:
        self.statusBar().clearMessage()
        self.notify(title, describe_error(error))
        self.imageOpened.emit(False)

    def save_drawing(self, path: str | Path) -> bool:
        file = QSaveFile(str(path))  # written to a temporary file, renamed on commit
        ok = file.open(QSaveFile.OpenModeFlag.WriteOnly) and \
            self.canvas.render_image().save(file, "PNG") and file.commit()
        if not ok:
            file.cancelWriting()
            self.notify("Could not save the drawing", f"{path}: {file.errorString()}")
            return False
        self.statusBar().showMessage(f"Saved {Path(path).name}", 4000)
        return True

    def _choose_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open Image", "", IMAGE_FILTER)
        if path:
            self.open_image(path)

    def save_dialog(self) -> QFileDialog:
        """File → Save Drawing's dialog. Its default suffix adds ".png" to a typed "digit"
        before it asks about overwriting, so "digit.png" is never replaced unasked."""
        dialog = QFileDialog(self, "Save Drawing", "digit.png", "PNG (*.png)")
        dialog.setObjectName("saveDrawingDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("png")
        dialog.fileSelected.connect(self.save_drawing)
        return dialog

    def _choose_save_path(self) -> None:
        self.save_dialog().open()

    def _choose_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load Model", "", "Keras models (*.keras)")
        if path:
            self.session.load(path)

    # ---- messages ----------------------------------------------------------------------------

    def notify(self, title: str, text: str, icon=QMessageBox.Icon.Warning) -> None:
        """Tell the person what happened, without blocking the window."""
        self.last_message = text
        if self._message_box is not None:
            self._message_box.close()
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("messageBox")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self._message_box = box

    @Slot()
    def show_about(self) -> None:
        lines = [f"<h3>DigitPad {core.__version__}</h3>",
                 "<p>Draw a digit and watch a neural network read it.</p>"]
        if self.session.active is not None:
            meta = self.session.active.metadata
            lines.append(f"<p><b>Active model:</b> {self.session.active.path.name}<br>")
            for key in ("architecture", "test_accuracy", "test_accuracy_as_drawn",
                        "test_time_rotations", "recipe", "epochs", "batch_size",
                        "data_source", "date", "keras_version", "tensorflow_version"):
                if key in meta:
                    value = meta[key]
                    if key.startswith("test_accuracy") and value is not None:
                        value = f"{value:.2%} on {test_set(meta)}"
                    if key == "test_time_rotations":
                        value = f"each digit is also read turned {turns(value)}"
                    lines.append(f"{ABOUT_NAMES.get(key, key.replace('_', ' '))}: {value}<br>")
            lines.append("</p>")
        lines.append("<p>Trained on MNIST, by Yann LeCun, Corinna Cortes and Christopher J.C. "
                     "Burges, available under CC BY-SA 3.0.</p>")
        meta = self.session.active.metadata if self.session.active is not None else {}
        if meta.get("pen_digits"):
            lines.append(f"<p>Also learnt from {meta['pen_digits']:,} real pen digits by "
                         f"{meta.get('pen_writers', 0)} writers: {meta.get('pen_credit', '')}."
                         "</p>")
        self.notify("About DigitPad", "".join(lines), QMessageBox.Icon.Information)

    def _update_edit_actions(self) -> None:
        for widget in (self.undo_button, self.undo_action):
            widget.setEnabled(self.canvas.can_undo())
        for widget in (self.redo_button, self.redo_action):
            widget.setEnabled(self.canvas.can_redo())
