"""A long run's progress as a person reads it: the bar, where it is, how fast, how long left.

Shared by training (Train tab) and learning from corrections (My digits tab).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from gui.i18n import Retranslates, number, tr
from gui.style import colours
from gui.workers import Progress


def duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class RunProgress(Retranslates, QWidget):
    """`idle_text` gives, in the language in use, what the label says before any run."""

    def __init__(self, idle_text: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.idle_text = idle_text
        self.idle = True  # no run yet: the label shows idle_text
        self.bar = QProgressBar()
        self.bar.setObjectName("progressBar")
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.label = QLabel()
        self.label.setObjectName("progressLabel")
        self.label.setWordWrap(True)  # a narrow column must not clip what the run says
        self.speed = QLabel(" ")
        self.speed.setObjectName("speedLabel")
        self.message = QLabel()
        self.message.setObjectName("runMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self._done = 0
        self.stopping = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.bar, self.label, self.speed, self.message):
            layout.addWidget(widget)
        self.retranslate()

    def retranslate(self) -> None:
        self.bar.setAccessibleName(tr("Progress"))
        if self.idle:
            self.label.setText(self.idle_text())

    def start(self) -> None:
        self.idle = False
        self.bar.setRange(0, 0)  # busy until the first batch tells the total
        self.bar.setValue(0)
        self._done = 0
        self.stopping = False
        self.speed.setText(" ")
        self.message.hide()

    def stop_requested(self) -> None:
        self.stopping = True
        self.label.setText(tr("Stopping…"))

    def show_download(self, done: int, total: int) -> None:
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
        self.label.setText(
            tr("Downloading MNIST… {done} MB of {total} MB").format(
                done=number(done / 1e6, 1), total=number(total / 1e6, 1)) if total else
            tr("Downloading MNIST… {done} MB").format(done=number(done / 1e6, 1)))

    def show_progress(self, progress: Progress) -> None:
        if self.bar.maximum() != progress.total:
            self.bar.setRange(0, progress.total)
        self._done = max(self._done, progress.done)  # never backwards
        self.bar.setValue(self._done)
        if not self.stopping:
            self.label.setText(tr("Epoch {epoch}/{epochs} · batch {batch}/{steps}").format(
                epoch=progress.epoch, epochs=progress.epochs, batch=progress.batch,
                steps=progress.steps))
        self.speed.setText(tr("{speed} samples/s · {time} left").format(
            speed=number(progress.samples_per_second), time=duration(progress.seconds_left)))

    def finish(self, text: str, completed: bool) -> None:
        if self.bar.maximum() == 0:
            self.bar.setRange(0, 1)
        if completed:
            self.bar.setValue(self.bar.maximum())
        self.speed.setText(" ")
        self.label.setText(text)

    def show_message(self, text: str, error: bool) -> None:
        c = colours(self.palette())
        self.message.setStyleSheet(f"color: {(c.error if error else c.good).name()};")
        self.message.setText(text)
        self.message.show()


class RunsInBackground:
    """Widget mixin for a tab that runs one KerasRun at a time (training, learning): wires the
    run to `self.progress` and the tab's handlers, numbers it with the session, and stops it.

    The tab provides `session`, `progress`, `stop_button` and the handlers `_on_succeeded`,
    `_on_cancelled`, `_on_failed`, `_on_thread_done`, and may override `_on_progress`."""

    run = None
    _ticket = 0
    _completed = False

    def _launch(self, run) -> None:
        run.status.connect(self.progress.label.setText)
        run.download.connect(self.progress.show_download)
        run.progress.connect(self._on_progress)
        run.succeeded.connect(self._on_succeeded)
        run.cancelled.connect(self._on_cancelled)
        run.failed.connect(self._on_failed)
        run.finished.connect(self._on_thread_done)
        run.finished.connect(run.deleteLater)
        self.run = run
        self._ticket = self.session.ticket()  # the latest request the person made wins
        self._completed = False
        self.progress.start()
        self.stop_button.setEnabled(True)
        run.start()

    def _on_progress(self, progress: Progress) -> None:
        self.progress.show_progress(progress)

    def stop(self) -> None:
        if self.run is not None:
            self.run.stop()
            self.stop_button.setEnabled(False)
            self.progress.stop_requested()

    def shutdown(self) -> None:
        """Stop the run and wait for its thread (the window is closing)."""
        if self.run is not None:
            self.run.stop()
            self.run.wait()
