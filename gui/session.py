"""ModelSession: the one owner of which model is active, and of the order of requests.

Every way of changing the model (File → Load Model, a revert, the list of saved models, a
finished training run) goes through the session; views observe `modelChanged` and ask the
session, never the main window. The rule: the latest request the person made wins, whatever
order the threads finish in. Each request takes a ticket when it is made (a training run when
Train is clicked). A result is installed only if it is newer than the active model's request and
no newer load is still on its way; a load finishing while an older run trains is installed at
once (the person may use it meanwhile), and the run's model then follows only if the run was
started after that load was asked for.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths, Signal, Slot

from gui.i18n import tr
from gui.workers import Task, describe_error
from model.keeping.files import remove_leftovers
from model.keeping.paths import DEFAULT_MODEL
from model.keeping.store import SavedModel, delete_model, list_models
from model.reading import loading
from model.reading.loading import LoadedModel

SETTING = "model/path"  # the remembered model, absolute; "" for the bundled one


def default_models_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "models"


class ModelSession(QObject):
    modelChanged = Signal(object)  # the LoadedModel now active
    loadFailed = Signal(str, bool)  # what went wrong and what is active now; falling back?
    loadingChanged = Signal(bool)  # a load is running (or queued)
    modelsChanged = Signal()  # a model was saved into or deleted from the models folder
    tensorflowReady = Signal(bool)  # TensorFlow is loaded (True), or could not be (False)

    def __init__(self, settings: QSettings, models_dir: Path | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.models_dir = models_dir or default_models_dir()
        remove_leftovers(self.models_dir, ".keras")  # of a run or a learning killed midway
        self.active: LoadedModel | None = None
        self.previous: Path | None = None  # what was active before, for "revert to previous"
        self._tickets = 0  # the newest request's number
        self._active_ticket = 0
        self._pending_loads: set[int] = set()  # tickets of loads running or queued
        self._loader: Task | None = None
        self._queued: tuple[Path, bool, int] | None = None  # the latest load waiting its turn
        self._closing = False
        self._tensorflow: Task | None = None
        self._verifier: Task | None = None
        self.tensorflow_ready = False
        self.tensorflow_error: str | None = None

    # ---- requests ------------------------------------------------------------------------------

    def ticket(self) -> int:
        """Number a new request; a training run takes one when it starts."""
        self._tickets += 1
        return self._tickets

    def start(self, requested: str | Path | None = None) -> None:
        """The first load: `requested`, else the remembered model, else the bundled one. A model
        that fails here falls back to the bundled one."""
        remembered = self.settings.value(SETTING, "") or ""
        path = Path(requested) if requested else Path(remembered) if remembered else \
            DEFAULT_MODEL
        self.load(path, fall_back=True)

    def load(self, path: str | Path, fall_back: bool = False) -> None:
        """Make the model at `path` active, in the background. On failure the active model stays
        (or, with `fall_back`, the bundled one is loaded)."""
        request = (Path(path).expanduser().absolute(), fall_back, self.ticket())
        if self._closing:
            return
        self._pending_loads.add(request[2])
        if self._loader is not None:
            if self._queued is not None:  # superseded before it even started
                self._pending_loads.discard(self._queued[2])
            self._queued = request  # one load at a time; the GUI never waits for it
            return
        self._run(*request)

    @Slot()
    def revert_to_bundled(self) -> None:
        self.load(DEFAULT_MODEL)

    @Slot()
    def revert_to_previous(self) -> None:
        if self.previous is not None:
            self.load(self.previous)

    def use(self, loaded: LoadedModel, ticket: int | None = None) -> bool:
        """Make an already loaded model active, unless a newer request was made after
        `ticket`; True when it became active."""
        if ticket is None:
            ticket = self.ticket()
        if not self._is_current(ticket):
            return False
        self._activate(loaded, ticket)
        return True

    def prepare_tensorflow(self) -> None:
        """Import TensorFlow in the background (the Train tab is shown, a run or learning is
        about to start). Prediction never needs it. Once it is there, a model from elsewhere
        that runs on NumPy unchecked is checked against Keras."""
        if self.tensorflow_ready or self._tensorflow is not None or self._closing:
            return
        import model as core

        task = Task(core.import_tensorflow_quietly, self)
        task.succeeded.connect(lambda _: self._tensorflow_done(None))
        task.failed.connect(lambda error: self._tensorflow_done(describe_error(error)))
        task.finished.connect(task.deleteLater)
        self._tensorflow = task
        task.start()

    def _tensorflow_done(self, error: str | None) -> None:
        self._tensorflow = None
        self.tensorflow_ready, self.tensorflow_error = error is None, error
        self.tensorflowReady.emit(error is None)
        if error is None and self.active is not None and not self.active.trusted:
            self._verify(self.active)

    def _verify(self, loaded: LoadedModel) -> None:
        task = Task(lambda: loading.verified(loaded), self)
        task.succeeded.connect(self._verified)
        task.finished.connect(self._verifier_done)
        task.finished.connect(task.deleteLater)
        self._verifier = task
        task.start()

    def _verified(self, checked: LoadedModel) -> None:
        # Still the model in use: swap in the checked one (the same, or Keras' own path).
        if self.active is not None and self.active.path == checked.path and not self._closing:
            self.active = checked
            self.modelChanged.emit(checked)

    def _verifier_done(self) -> None:
        self._verifier = None

    def is_loading(self) -> bool:
        """A load thread is running."""
        return self._loader is not None

    def awaiting_load(self) -> bool:
        """A model the person asked for has not arrived (or failed) yet."""
        return bool(self._pending_loads)

    def shutdown(self) -> None:
        """The window is closing: finish the running load, start no other."""
        self._closing = True
        self._queued = None
        self._pending_loads.clear()
        for task in (self._loader, self._tensorflow, self._verifier):
            if task is not None:
                task.wait()

    # ---- the saved models ----------------------------------------------------------------------

    def saved_models(self) -> list[SavedModel]:
        return list_models(self.models_dir)

    def delete(self, path: Path) -> None:
        """Delete a saved model and its sidecar (not the active one); DigitPadError on failure."""
        delete_model(path)
        if self.previous == Path(path):
            self.previous = None
        self.modelsChanged.emit()

    def model_saved(self) -> None:
        self.modelsChanged.emit()

    # ---- inside --------------------------------------------------------------------------------

    def _run(self, path: Path, fall_back: bool, ticket: int) -> None:
        task = Task(lambda: loading.load(path), self)
        task.succeeded.connect(lambda loaded: self._loaded(loaded, ticket))
        task.failed.connect(lambda error: self._failed(path, error, fall_back, ticket))
        task.finished.connect(self._load_done)
        task.finished.connect(task.deleteLater)
        self._loader = task
        self.loadingChanged.emit(True)
        task.start()

    def _is_current(self, ticket: int) -> bool:
        return ticket > self._active_ticket and all(t <= ticket for t in self._pending_loads)

    def _loaded(self, loaded: LoadedModel, ticket: int) -> None:
        self._pending_loads.discard(ticket)
        if self._is_current(ticket) and not self._closing:  # a closed window shows nothing
            self._activate(loaded, ticket)

    def _failed(self, path: Path, error: BaseException, fall_back: bool, ticket: int) -> None:
        self._pending_loads.discard(ticket)
        if not self._is_current(ticket) or self._closing:
            return  # the person has asked for something else since
        message = describe_error(error)
        if fall_back and path != DEFAULT_MODEL:
            self.loadFailed.emit(message + "\n\n" + tr("DigitPad is using its bundled model "
                                                        "instead."), True)
            self.load(DEFAULT_MODEL)
            return
        keep = tr("The current model stays active.") if self.active else \
            tr("No model is active.")
        self.loadFailed.emit(f"{message}\n\n{keep}", False)

    @Slot()
    def _load_done(self) -> None:
        self._loader = None
        queued, self._queued = self._queued, None
        if queued is not None and not self._closing:
            self._run(*queued)
        else:
            self.loadingChanged.emit(False)

    def _activate(self, loaded: LoadedModel, ticket: int) -> None:
        if self.active is not None and self.active.path != loaded.path:
            self.previous = self.active.path
        self.active = loaded
        self._active_ticket = ticket
        if not loaded.trusted and self.tensorflow_ready:
            self._verify(loaded)
        bundled = loaded.path == DEFAULT_MODEL
        self.settings.setValue(SETTING, "" if bundled else str(loaded.path))
        self.modelChanged.emit(loaded)
