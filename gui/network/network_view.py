"""Inside the network: each layer's output for the current drawing (feature maps of the
convolutions as small images, dense layers as strips), and the MNIST training digits that look
most like it to the model ("looks like these")."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from gui.i18n import Retranslates, tr
from gui.session import ModelSession
from gui.style import colours, gray_image
from gui.workers import Task, describe_error
from model.keeping.files import atomic_write, remove_leftovers, sha256_of
from model.learning.cancel import CancelToken
from model.reading.explain import feature_index, nearest

MAX_CHANNELS = 64  # feature maps shown per layer
NEIGHBOURS = 5


def _cached_index(cache: Path, digits: int) -> np.ndarray | None:
    """The stored index, or None when there is none or it cannot be trusted (damaged on
    disk, or of another MNIST): it is then built again, with nothing to report."""
    try:
        with np.load(cache) as stored:
            index = stored["index"]
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None
    return index if index.ndim == 2 and len(index) == digits else None


def _save_index(path: Path, index: np.ndarray) -> None:
    with open(path, "wb") as out:
        np.savez(out, index=index)


class LayerColumn(Retranslates, QWidget):
    """The layers top to bottom; hover a map or a cell to be told what it is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layerColumn")
        self.setMouseTracking(True)
        self.layers: list[tuple[str, str, np.ndarray]] = []
        self.with_views = False
        self._hits: list[tuple[QRectF, str]] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(tr("The network's layers"))
        self.setAccessibleDescription(" · ".join(
            f"{name} · {kind} · {' × '.join(map(str, output.shape))}"
            for kind, name, output in self.layers) or self.empty_hint())
        self._layout(self.width() or 600, paint=None)  # the tooltips' words
        self.update()

    @staticmethod
    def empty_hint() -> str:
        return tr("Draw a digit: each layer's output appears here.")

    def last_note(self) -> str:
        """What the last layer's output is not (the bars are more)."""
        return " · " + (tr("the digit as drawn, before the turned views, calibration and, on "
                           "the canvas, the line reader's second opinion")
                        if self.with_views else
                        tr("before calibration and, on the canvas, the line reader's second "
                           "opinion"))

    def set_layers(self, layers: list[tuple[str, str, np.ndarray]],
                   with_views: bool = False) -> None:
        """`with_views`: the bars combine this pass with passes over turned copies."""
        self.layers = layers
        self.with_views = with_views
        self.setMinimumHeight(self._layout(self.width() or 600, paint=None))
        self.retranslate()

    def sizeHint(self) -> QSize:
        return QSize(600, 800)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        self._layout(self.width(), painter)

    def _layout(self, width: int, paint: QPainter | None) -> int:
        """Lay out (and paint, given a painter) every layer; the height used."""
        c = colours(self.palette())
        y, hits = 6.0, []
        if paint is not None:
            paint.fillRect(self.rect(), c.background)
            if not self.layers:
                paint.setPen(c.muted)
                paint.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_hint())
        for index, (kind, name, output) in enumerate(self.layers):
            if paint is not None:
                # The network's own output on this one pass; the bars show it combined with
                # the model's test-time views (model.reading.views) and calibrated
                # (model.reading.confidence).
                last = self.last_note() if index == len(self.layers) - 1 else ""
                paint.setPen(c.text)
                paint.drawText(QRectF(8, y, width - 16, 18), Qt.AlignmentFlag.AlignLeft,
                               f"{name} · {kind} · {' × '.join(map(str, output.shape))}{last}")
            y += 20
            if output.ndim == 3:  # (h, w, channels): one small image per channel
                h, w, channels = output.shape
                shown = min(channels, MAX_CHANNELS)
                tile = max(14, min(56, int(w * 2 if w <= 14 else w)))
                per_row = max(1, int((width - 16) // (tile + 3)))
                scale = max(float(np.abs(output).max()), 1e-6)
                for i in range(shown):
                    row, col = divmod(i, per_row)
                    rect = QRectF(8 + col * (tile + 3), y + row * (tile + 3), tile, tile)
                    hits.append((rect, tr("{layer} · channel {channel} of {channels} · "
                                          "{height}×{width}").format(
                        layer=name, channel=i + 1, channels=channels, height=h, width=w)))
                    if paint is not None:
                        paint.drawImage(rect, gray_image(np.clip(output[..., i] / scale, 0, 1)))
                y += ((shown - 1) // per_row + 1) * (tile + 3) + 8
            else:  # a vector: one cell per unit
                values = output.ravel()
                scale = max(float(np.abs(values).max()), 1e-6)
                per_row = min(len(values), 64)
                cell = max(4.0, (width - 16) / per_row)
                for i, value in enumerate(values):
                    row, col = divmod(i, per_row)
                    rect = QRectF(8 + col * cell, y + row * 12, cell - 1, 11)
                    hits.append((rect, tr("{layer} · unit {unit} of {units} · {value}").format(
                        layer=name, unit=i + 1, units=len(values), value=f"{float(value):.3f}")))
                    if paint is not None:
                        level = int(np.clip(value / scale, 0, 1) * 255)
                        paint.fillRect(rect, c.accent.lighter(100 + (255 - level) // 2)
                                       if level else c.grid)
                y += ((len(values) - 1) // per_row + 1) * 12 + 10
        self._hits = hits
        return int(y + 6)

    def mouseMoveEvent(self, event) -> None:
        """Hovering a map or a cell names it ("conv2d · channel 5 of 32 · 28×28")."""
        point = event.position()
        text = next((text for rect, text in self._hits if rect.contains(point)), None)
        if text is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), text, self)


class NetworkView(Retranslates, QWidget):
    def __init__(self, session: ModelSession, data_path: Callable[[], str | None],
                 cache_dir: Path) -> None:
        super().__init__()
        self.setObjectName("networkView")
        self.session = session
        self.data_path = data_path
        self.cache_dir = cache_dir
        remove_leftovers(cache_dir, ".npz")  # of an index whose writing was killed
        self.column = LayerColumn()
        scroll = QScrollArea()
        scroll.setWidget(self.column)
        scroll.setWidgetResizable(True)
        self.neighbours_label = QLabel()
        self.neighbours_label.setWordWrap(True)
        self.index_status = QLabel()
        self.index_status.setObjectName("indexStatus")
        self.index_status.setWordWrap(True)
        self.retry_button = QPushButton()
        self.retry_button.setObjectName("indexRetryButton")
        self.retry_button.hide()
        self.retry_button.clicked.connect(self.retry)
        self.tiles = [QLabel() for _ in range(NEIGHBOURS)]
        tiles = QHBoxLayout()
        for tile in self.tiles:
            tile.setFixedSize(70, 90)
            tile.setAlignment(Qt.AlignmentFlag.AlignCenter)
            tiles.addWidget(tile)
        tiles.addStretch(1)
        side = QVBoxLayout()
        side.addWidget(self.neighbours_label)
        side.addLayout(tiles)
        side.addWidget(self.index_status)
        side.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        side.addStretch(1)
        side_panel = QWidget()
        side_panel.setLayout(side)
        side_panel.setFixedWidth(400)
        layout = QHBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(side_panel)

        self._input: np.ndarray | None = None
        self._index: tuple[Path, np.ndarray, np.ndarray] | None = None  # model, index, labels
        self._images: np.ndarray | None = None
        self._builder: Task | None = None
        self._cancel = CancelToken()  # the running build's
        # Why an index could not be built, per (model, MNIST source): remembered until the
        # person asks again, so that offline every new drawing does not start another attempt.
        self._failed: dict[tuple[Path, str | None], str] = {}
        self.neighbours: list[tuple[int, int]] = []  # (training image index, label)
        self._status = ""  # what index_status says: "building", "tensorflow", "failed" or ""
        self._failure = ""
        session.modelChanged.connect(lambda loaded: self.show_input(self._input))
        self.retranslate()

    def retranslate(self) -> None:
        self.retry_button.setText(tr("Try again"))
        self._show_neighbours(self.neighbours)
        self._show_status(self._status)
        self.neighbours_label.setAccessibleName(self.neighbours_label.text())

    def _show_status(self, status: str, failure: str = "") -> None:
        self._status, self._failure = status, failure or self._failure
        self.index_status.setText({
            "tensorflow": tr("This model runs on TensorFlow's path: its layers cannot be "
                             "shown."),
            "building": tr("Building the index of the 60,000 training digits (once per model, "
                           "about half a minute)…"),
            "failed": tr("Looks like these needs MNIST: {reason}").format(reason=self._failure),
        }.get(status, ""))
        self.retry_button.setVisible(status == "failed")

    def show_input(self, tensor: np.ndarray | None) -> None:
        """The drawing as the model sees it (None: nothing drawn)."""
        self._input = tensor
        if not self.isVisible():
            return
        active = self.session.active
        if tensor is None or active is None:
            self.column.set_layers([])
            self._show_neighbours([])
            return
        self.column.set_layers(active.predictor.trace(tensor), bool(active.predictor.rotations))
        if not self.column.layers:
            self._show_status("tensorflow")
            return
        self._ensure_index(active)
        if self._index is not None and self._index[0] == active.path:
            features = active.predictor.features(tensor[None])[0]
            found = nearest(self._index[1], features, NEIGHBOURS)
            self._show_neighbours([(int(i), int(self._index[2][i])) for i in found])

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.show_input(self._input)

    def _show_neighbours(self, found: list[tuple[int, int]]) -> None:
        self.neighbours = found
        c = colours(self.palette())
        for tile, item in zip(self.tiles, found + [None] * NEIGHBOURS):
            if item is None or self._images is None:
                tile.clear()
                continue
            index, label = item
            image = gray_image(self._images[index], invert=not c.dark).scaled(56, 56)
            tile.setPixmap(QPixmap.fromImage(image))
            tile.setToolTip(tr("training digit #{index}, a {digit}").format(index=index,
                                                                          digit=label))
            tile.setAccessibleName(tile.toolTip())
        self.neighbours_label.setText(
            tr("Looks like these: {digits}").format(
                digits=", ".join(str(label) for _, label in found))
            if found else tr("Looks like these (nearest MNIST training digits in the network's "
                             "last hidden layer):"))

    def _ensure_index(self, active) -> None:
        """The feature index of the 60,000 training digits for this model: from the cache
        beside the others, else built once in the background."""
        if (self._index is not None and self._index[0] == active.path) or \
                self._builder is not None:
            return
        predictor, path, data_path = active.predictor, active.path, self.data_path()
        attempt = (path, data_path)
        if attempt in self._failed:
            self._show_status("failed", self._failed[attempt])
            return
        cache_dir, cancel = self.cache_dir, CancelToken()

        def build():
            from model.learning.data import load_mnist

            # Hashing a model file takes a moment: here, not on the GUI thread.
            cache = cache_dir / f"features-{sha256_of(path)[:16]}.npz"
            data = load_mnist(data_path)
            index = _cached_index(cache, len(data.x_train))
            if index is not None:
                return path, index, data.y_train, data.x_train
            index = feature_index(predictor.features, data.x_train, cancel=cancel)
            atomic_write(cache, lambda tmp: _save_index(tmp, index))
            return path, index, data.y_train, data.x_train

        task = Task(build, self)
        task.succeeded.connect(self._index_ready)
        task.failed.connect(lambda error: self._build_failed(attempt, cancel, error))
        task.finished.connect(self._builder_done)
        task.finished.connect(task.deleteLater)
        self._builder, self._cancel = task, cancel
        self._show_status("building")
        task.start()

    def _build_failed(self, attempt, cancel: CancelToken, error: BaseException) -> None:
        if cancel.cancelled:  # closing: nothing went wrong
            return
        self._failed[attempt] = describe_error(error)
        self._show_status("failed", self._failed[attempt])

    def retry(self) -> None:
        """Build the index again (MNIST may be at hand now, or the network back)."""
        self._failed.clear()
        self._show_status("")
        self.show_input(self._input)

    def _index_ready(self, built) -> None:
        path, index, labels, images = built
        self._index, self._images = (path, index, labels), images
        self._show_status("")
        self.show_input(self._input)

    def _builder_done(self) -> None:
        self._builder = None

    def shutdown(self) -> None:
        if self._builder is not None:
            self._cancel.cancel()
            self._builder.wait()
