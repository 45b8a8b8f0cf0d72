"""DigitPad's main window: the Draw tab (canvas + live prediction) and the Train tab."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QByteArray, QSaveFile, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence
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
from gui.digits.digits_tab import DigitsTab
from gui.digits.samples import SampleBook
from gui.draw.canvas import DrawingCanvas
from gui.draw.corrections import CorrectionBar
from gui.draw.explanations import Explainer
from gui.draw.prediction_panel import PredictionPanel
from gui.i18n import LANGUAGES, SETTING, Retranslates, percent, system_language, tr, translators
from gui.network.network_view import NetworkView
from gui.session import ModelSession
from gui.train.training_tab import TrainingTab
from gui.workers import Task, describe_error
from model.errors import DigitPadError
from model.keeping.paths import ASSETS, DEFAULT_MODEL, MNIST_ONLY_MODEL
from model.keeping.samples import Sample
from model.keeping.store import describe, test_set
from model.reading.line import bundled_line_reader
from model.reading.loading import LoadedModel
from model.reading.preprocess import ImageError, has_ink, load_image
from model.reading.segment import NoNumberError, Number, read_picture, read_strokes
from model.wording import turns

LIVE_INTERVAL_MS = 60  # at most ~16 live predictions a second while a stroke is drawn
IMAGE_PATTERNS = "*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp"


def about_names() -> dict[str, str]:
    """The About box's names of the sidecar fields it shows, in the window's language."""
    return {"architecture": tr("network"), "test_accuracy": tr("test accuracy"),
            "test_accuracy_as_drawn": tr("test accuracy from the digit alone"),
            "test_time_rotations": tr("test-time views"), "recipe": tr("recipe"),
            "epochs": tr("epochs"), "batch_size": tr("batch size"),
            "data_source": tr("data source"), "date": tr("date"),
            "keras_version": tr("Keras version"), "tensorflow_version": tr("TensorFlow version")}


class MainWindow(Retranslates, QMainWindow):
    imageOpened = Signal(bool)  # a picture opened with open_image is read (True) or refused

    def __init__(self, model_path: str | Path | None = None,
                 settings: QSettings | None = None, models_dir: Path | None = None) -> None:
        super().__init__()
        self.setWindowTitle("DigitPad")
        self.setWindowIcon(QIcon(str(ASSETS / "icon.svg")))
        self.settings = settings or QSettings()
        # The remembered language, else the desktop's: installed before any widget has words.
        translators().use(str(self.settings.value(SETTING, "") or system_language()))
        self.session = ModelSession(self.settings, models_dir, self)
        self.samples = SampleBook(self.session.models_dir.parent, self)
        self.last_message: str | None = None  # the latest error or notice shown to the person
        self.last_timing: dict[str, float] = {}
        self.readings = Number()  # the digits on the canvas, left to right, and marks left out
        self._seen: dict = {}  # digits already read by the active model (model.reading.segment)
        self._message_box: QMessageBox | None = None
        self._picture_tasks: list[Task] = []  # pictures being decoded or read
        self._opening: np.ndarray | None = None  # an opened picture whose reading is awaited

        self.canvas = DrawingCanvas()
        self.panel = PredictionPanel()
        self.corrections = CorrectionBar()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.draw_tab = self._build_draw_tab()
        self.training_tab = TrainingTab(self.session, self.samples)
        self.digits_tab = DigitsTab(self.session, self.samples,
                                    self.training_tab.settings.data_path)
        self.network_view = NetworkView(self.session, self.training_tab.settings.data_path,
                                        self.session.models_dir.parent / "cache")
        for page in (self.draw_tab, self.digits_tab, self.training_tab, self.network_view):
            self.tabs.addTab(page, "")
        self.setCentralWidget(self.tabs)
        self._build_menus()

        self.model_label = QLabel()
        self.model_label.setObjectName("modelLabel")
        self.statusBar().addPermanentWidget(self.model_label)
        self._model_state = "loading"  # or "none", or "ready" (the label names the model)

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
        self._set_tab_order()
        self.retranslate()
        self.canvas.setFocus()  # a digit key at once says what was drawn
        self.session.start(model_path)

    def _set_tab_order(self) -> None:
        """The Draw tab's Tab order, as a person reads it: the canvas and its tools, what the
        model says, then the digit buttons."""
        chain = [self.canvas, self.undo_button, self.redo_button, self.clear_button,
                 self.brush_slider, self.panel.number_view, self.panel.why_toggle,
                 self.panel.make_combo, self.panel.read_anyway, self.panel.chart_view,
                 *self.corrections.buttons]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def retranslate(self) -> None:
        for page, title in ((self.draw_tab, tr("Draw")), (self.digits_tab, tr("My digits")),
                            (self.training_tab, tr("Train")),
                            (self.network_view, tr("Network"))):
            self.tabs.setTabText(self.tabs.indexOf(page), title)
        for menu, title in self._menu_titles:
            menu.setTitle(title())
        for act, text, tip in self._action_texts:
            act.setText(text())
            if tip is not None:
                act.setStatusTip(tip())
        self.undo_button.setText(tr("Undo"))
        self.redo_button.setText(tr("Redo"))
        self.clear_button.setText(tr("Clear"))
        self.undo_button.setToolTip(tr("Take back the last stroke (Ctrl+Z)"))
        self.redo_button.setToolTip(tr("Put back the stroke taken back (Ctrl+Shift+Z)"))
        self.clear_button.setToolTip(tr("Clear the canvas (Esc)"))
        self.brush_label.setText(tr("&Brush"))
        self.brush_slider.setToolTip(tr("Brush width on screen (the model sees the same digit "
                                        "whatever the width)"))
        self.brush_slider.setAccessibleName(tr("Brush width"))
        self.tabs.setAccessibleName(tr("DigitPad's tabs"))
        self._show_model_label()
        # The panel says its readings again itself; only the window's waiting message is ours.
        if self._model_state == "loading" and not self.canvas.is_empty():
            self.panel.set_message(self._loading_message())

    # ---- layout ------------------------------------------------------------------------------

    def _build_draw_tab(self) -> QWidget:
        self.undo_button = QPushButton()
        self.redo_button = QPushButton()
        self.clear_button = QPushButton()
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
        self.brush_slider.valueChanged.connect(self.canvas.set_brush_width)
        self.brush_label = QLabel()
        self.brush_label.setBuddy(self.brush_slider)  # Alt+B reaches the slider
        tools = QHBoxLayout()
        for button in (self.undo_button, self.redo_button, self.clear_button):
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(self.brush_label)
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
        # Words are set by retranslate(): (menu, its title) and (action, its text, status tip).
        self._menu_titles: list[tuple] = []
        self._action_texts: list[tuple] = []

        def menu(title):
            made = self.menuBar().addMenu("")
            self._menu_titles.append((made, title))
            return made

        def action(parent, text, slot, shortcut=None, name=None, tip=None) -> QAction:
            act = QAction(self)
            if shortcut is not None:
                act.setShortcuts(shortcut if isinstance(shortcut, list) else [shortcut])
            if name:
                act.setObjectName(name)
            act.triggered.connect(slot)
            parent.addAction(act)
            self._action_texts.append((act, text, tip))
            return act

        file_menu = menu(lambda: tr("&File"))
        action(file_menu, lambda: tr("&Open Image…"), self._choose_image,
               QKeySequence.StandardKey.Open, "openImageAction")
        action(file_menu, lambda: tr("&Save Drawing as PNG…"), self._choose_save_path,
               QKeySequence.StandardKey.Save)
        file_menu.addSeparator()
        action(file_menu, lambda: tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        edit_menu = menu(lambda: tr("&Edit"))
        self.undo_action = action(edit_menu, lambda: tr("&Undo"), self.canvas.undo,
                                  QKeySequence.StandardKey.Undo)
        self.redo_action = action(
            edit_menu, lambda: tr("&Redo"), self.canvas.redo,
            [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")],
        )
        action(edit_menu, lambda: tr("&Clear"), self.canvas.clear,
               [QKeySequence(Qt.Key.Key_Escape), QKeySequence(Qt.Key.Key_Delete)])

        model_menu = menu(lambda: tr("&Model"))
        action(model_menu, lambda: tr("&Train a New Model"), self.start_training,
               QKeySequence("Ctrl+T"), "trainAction",
               lambda: tr("Start training with the Train tab's settings"))
        action(model_menu, lambda: tr("&Learn from My Digits"), self.start_learning,
               QKeySequence("Ctrl+L"), "learnAction",
               lambda: tr("Fine-tune the active model on the digits you corrected"))
        model_menu.addSeparator()
        action(model_menu, lambda: tr("&Load Model…"), self._choose_model)
        action(model_menu, lambda: tr("&Revert to Bundled Model"),
               self.session.revert_to_bundled)
        action(model_menu, lambda: tr("Use the &MNIST-Only Model"),
               lambda: self.session.load(MNIST_ONLY_MODEL), name="mnistOnlyAction",
               tip=lambda: tr("The bundled convnet before it learnt the ways the world writes "
                              "digits (7 with a crossbar, 1 with a flag, open 4, curled 9)"))

        view_menu = menu(lambda: tr("&View"))
        for index in range(4):
            action(view_menu, (lambda i=index: self.tabs.tabText(i).replace("&", "")),
                   lambda _=False, i=index: self._go_to_tab(i),
                   QKeySequence(f"Alt+{index + 1}"), f"tabAction{index + 1}")

        language_menu = menu(lambda: tr("&Language"))
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            act = QAction(name, self)  # each language named in itself, never translated
            act.setObjectName(f"language_{code}")
            act.setCheckable(True)
            act.setChecked(code == translators().language)
            act.triggered.connect(lambda _=False, c=code: self.set_language(c))
            group.addAction(act)
            language_menu.addAction(act)
            self.language_actions[code] = act

        help_menu = menu(lambda: tr("&Help"))
        action(help_menu, lambda: tr("&About DigitPad"), self.show_about)

    def _go_to_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        self.tabs.currentWidget().setFocus(Qt.FocusReason.ShortcutFocusReason)
        if index == 0:
            self.canvas.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot()
    def start_training(self) -> None:
        """Model → Train a New Model: to the Train tab, and the run starts."""
        self.tabs.setCurrentWidget(self.training_tab)
        self.training_tab.start()

    @Slot()
    def start_learning(self) -> None:
        """Model → Learn from My Digits: to My digits, and learning starts."""
        self.tabs.setCurrentWidget(self.digits_tab)
        self.digits_tab.start()

    def set_language(self, language: str) -> None:
        """Speak `language` from now on, at once and remembered; nothing running is
        disturbed (every widget retranslates itself in place)."""
        language = translators().use(language)
        self.settings.setValue(SETTING, language)
        self.language_actions[language].setChecked(True)

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
            self.statusBar().showMessage(tr("Loading model…"))
        elif self.statusBar().currentMessage() == tr("Loading model…"):
            self.statusBar().clearMessage()

    def _show_model_label(self) -> None:
        active = self.session.active
        if self._model_state == "ready" and active is not None:
            summary = describe(active.metadata) if active.metadata else active.path.name
            text = tr("Model: {summary} (bundled)") if active.path in (
                DEFAULT_MODEL, MNIST_ONLY_MODEL) else tr("Model: {summary}")
            self.model_label.setText(text.format(summary=summary))
        else:
            self.model_label.setText(tr("No model") if self._model_state == "none"
                                     else tr("Loading model…"))
        self.model_label.setAccessibleName(self.model_label.text())

    @Slot(object)
    def _model_changed(self, loaded: LoadedModel) -> None:
        self._seen.clear()
        self.panel.temperature = loaded.predictor.temperature
        self._model_state = "ready"
        self._show_model_label()
        self.statusBar().showMessage(tr("Model ready: {name}").format(name=loaded.path.name),
                                     4000)
        self.update_prediction()

    @Slot(str, bool)
    def _model_failed(self, message: str, falling_back: bool) -> None:
        self.notify(tr("Could not load the model"), message)
        if self.session.active is None and not falling_back:
            self._model_state = "none"
            self._show_model_label()
            self.panel.set_message(tr("No model could be loaded: use Model → Load Model…"))

    # ---- prediction --------------------------------------------------------------------------

    @Slot()
    def _schedule_prediction(self) -> None:
        if not self._live.isActive():  # a throttle, not a debounce: updates keep coming
            self._live.start()

    @Slot()
    def _prediction_after_stroke(self) -> None:
        self._live.stop()
        self.update_prediction()
        self.panel.announce()

    @Slot()
    def update_prediction(self) -> None:
        """Read the canvas (one digit or a whole number) and show the model's answer."""
        started = time.perf_counter()
        active = self.session.active
        if self.canvas.is_empty():
            self._show_readings(Number())
            return
        if active is None:
            self.panel.set_message(self._loading_message())
            return
        predictor = active.predictor
        if self.canvas.showing_picture():
            self._read_picture(self.canvas.drawing.picture, predictor)
            return
        try:
            readings = read_strokes(self.canvas.strokes_xy(), predictor.predict_many,
                                    self._seen, predictor.refusals, predictor.whole_digit,
                                    bundled_line_reader())
        except NoNumberError as exc:  # a minute of scribbling: said where the answer would be
            self._show_readings(Number())
            self.panel.set_message(str(exc))
            return
        read = time.perf_counter()
        self._show_readings(readings)
        self.last_timing = {"read": read - started, "panel": time.perf_counter() - read}

    @staticmethod
    def _loading_message() -> str:
        return tr("Loading the model… your digit will be read in a moment.")

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
            # The drawing stays, so that nothing is lost: the same click saves it once the
            # disk has room again (the database stays open and usable).
            self.notify(tr("Could not save the digit"), str(exc) + "\n\n" + tr(
                "Your drawing is kept: click its digit again once there is room on the disk "
                "(or the folder can be written to)."))
            return False
        if len(self.readings) > 1:  # on to the next digit of the number
            self.panel.select((self.panel.selected_index() + 1) % len(self.readings))
        else:
            self.canvas.clear()
        total = self.samples.count()
        self.statusBar().showMessage(
            tr("Saved as a {digit} · %n of your digits", "", total).format(digit=label), 3000)
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
        self.statusBar().showMessage(tr("Opening {name}…").format(name=Path(path).name))
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
            self._image_failed(path, ImageError(tr("{path}: the picture is blank.").format(
                path=path)), tr("Nothing to recognise"))
            return
        self.statusBar().showMessage(tr("Opened {name}").format(name=path.name), 4000)
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
                                                predictor.refusals, predictor.picture_whole_digit),
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
            self.notify(tr("Could not read the picture"), describe_error(error))
        elif shown:
            self._show_readings(readings)
        if shown:
            self.panel.announce()
        if self._opening is picture:
            self._opening = None
            self.imageOpened.emit(error is None)

    def _image_failed(self, path: Path, error: BaseException, title: str | None = None) -> None:
        self.statusBar().clearMessage()
        self.notify(title or tr("Could not open the image"), describe_error(error))
        self.imageOpened.emit(False)

    def save_drawing(self, path: str | Path) -> bool:
        file = QSaveFile(str(path))  # written to a temporary file, renamed on commit
        ok = file.open(QSaveFile.OpenModeFlag.WriteOnly) and \
            self.canvas.render_image().save(file, "PNG") and file.commit()
        if not ok:
            file.cancelWriting()
            self.notify(tr("Could not save the drawing"), f"{path}: {file.errorString()}")
            return False
        self.statusBar().showMessage(tr("Saved {name}").format(name=Path(path).name), 4000)
        return True

    def _choose_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Open Image"), "",
            tr("Images ({patterns})").format(patterns=IMAGE_PATTERNS) + ";;" +
            tr("All files (*)"))
        self.canvas.setFocus()  # the picture shows there, and a digit key says what it is
        if path:
            self.open_image(path)

    def save_dialog(self) -> QFileDialog:
        """File → Save Drawing's dialog. Its default suffix adds ".png" to a typed "digit"
        before it asks about overwriting, so "digit.png" is never replaced unasked."""
        dialog = QFileDialog(self, tr("Save Drawing"), "digit.png",
                             tr("PNG images (*.png)"))
        dialog.setObjectName("saveDrawingDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("png")
        dialog.fileSelected.connect(self.save_drawing)
        return dialog

    def _choose_save_path(self) -> None:
        self.save_dialog().open()

    @Slot(str)
    def bring_forward(self, model_path: str = "") -> None:
        """A later launch of DigitPad asked for this window (gui/single_instance.py), and
        for `model_path` when it named one."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        if model_path:
            self.session.load(model_path)

    def _choose_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Load Model"), "",
                                              tr("Keras models (*.keras)"))
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
                 "<p>" + tr("Draw a digit and watch a neural network read it.") + "</p>"]
        meta = self.session.active.metadata if self.session.active is not None else {}
        if self.session.active is not None:
            lines.append("<p><b>" + tr("Active model:") + f"</b> "
                         f"{self.session.active.path.name}<br>")
            for key, name in about_names().items():
                if key in meta:
                    value = meta[key]
                    if key.startswith("test_accuracy") and value is not None:
                        value = tr("{accuracy} on {test_set}").format(
                            accuracy=percent(value, 2), test_set=test_set(meta))
                    if key == "test_time_rotations":
                        value = tr("each digit is also read turned {turns}").format(
                            turns=turns(value))
                    lines.append(f"{name}: {value}<br>")
            lines.append("</p>")
        lines.append("<p>" + tr("Trained on MNIST, by Yann LeCun, Corinna Cortes and "
                                "Christopher J.C. Burges, available under CC BY-SA 3.0.") + "</p>")
        if meta.get("pen_digits"):
            lines.append("<p>" + tr("Also learnt from {digits} real pen digits by {writers} "
                                    "writers: {credit}.").format(
                digits=f"{meta['pen_digits']:,}", writers=meta.get("pen_writers", 0),
                credit=meta.get("pen_credit", "")) + "</p>")
        self.notify(tr("About DigitPad"), "".join(lines), QMessageBox.Icon.Information)

    def _update_edit_actions(self) -> None:
        for widget in (self.undo_button, self.undo_action):
            widget.setEnabled(self.canvas.can_undo())
        for widget in (self.redo_button, self.redo_action):
            widget.setEnabled(self.canvas.can_redo())
