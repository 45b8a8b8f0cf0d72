"""The model session: which model is active, in the order the person asked, and the saved
models listed, used and deleted through the Train tab."""

import shutil
import threading

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from model.keeping.paths import DEFAULT_MODEL
from model.keeping.store import list_models, metadata_path
from model.reading import loading
from tests.test_training_tab import prepare


def copy_model(tmp_path, name):
    """A second loadable model file (the bundled one under another name, no sidecar)."""
    path = tmp_path / name
    shutil.copy(DEFAULT_MODEL, path)
    return path


def test_a_load_asked_for_during_a_run_wins_over_the_run(make_window, qtbot, small_npz,
                                                         tmp_path, monkeypatch):
    window = make_window()
    tab = window.training_tab
    other = copy_model(tmp_path, "chosen.keras")
    run_done = threading.Event()
    real_load = loading.load

    def load_after_the_run(path):  # the load is slow: the run finishes first
        assert run_done.wait(120)
        return real_load(path)

    monkeypatch.setattr(loading, "load", load_after_the_run)
    prepare(tab, small_npz, epochs=1)
    tab.trainingFinished.connect(lambda ok: run_done.set())
    with qtbot.waitSignal(tab.trainingStarted):
        qtbot.mouseClick(tab.train_button, Qt.MouseButton.LeftButton)
    window.session.load(other)  # the person picks a model while the run trains
    with qtbot.waitSignal(window.session.modelChanged, timeout=180_000) as changed:
        pass
    assert changed.args[0].path == other and window.session.active.path == other
    qtbot.wait(50)  # nothing else may follow: the run's model must not take over
    assert window.session.active.path == other
    assert "chosen.keras" in window.model_label.text()
    assert "Not in use" in tab.result.label.text() and "chosen.keras" in tab.result.label.text()
    history = [tab.history.list.item(i).text() for i in range(tab.history.list.count())]
    assert len(history) == 1 and "in use" not in history[0]  # saved, listed, not active
    assert not tab.result.revert_button.isEnabled()


def test_the_latest_of_two_loads_wins(make_window, qtbot, tmp_path, monkeypatch):
    window = make_window()
    first, second = copy_model(tmp_path, "first.keras"), copy_model(tmp_path, "second.keras")
    window.session.load(first)
    window.session.load(second)
    qtbot.waitUntil(lambda: window.session.active.path == second, timeout=60_000)
    qtbot.waitUntil(lambda: not window.session.is_loading(), timeout=60_000)
    assert window.session.active.path == second and "second.keras" in window.model_label.text()


def test_a_relative_model_path_is_remembered_absolute(make_window, qtbot, tmp_path,
                                                      monkeypatch, settings):
    copy_model(tmp_path, "mine.keras")
    monkeypatch.chdir(tmp_path)
    window = make_window(model_path="mine.keras")
    assert window.session.active.path == tmp_path / "mine.keras"
    assert settings.value("model/path") == str(tmp_path / "mine.keras")


def test_the_remembered_model_is_used_at_start(make_window, tmp_path, settings):
    mine = copy_model(tmp_path, "remembered.keras")
    settings.setValue("model/path", str(mine))
    window = make_window()
    assert window.session.active.path == mine
    assert "remembered.keras" in window.model_label.text()


def test_a_load_queued_while_the_window_closes_starts_no_thread(make_window, qtbot, tmp_path):
    from PySide6.QtCore import QThread

    window = make_window(ready=False)
    session = window.session
    session.load(copy_model(tmp_path, "late.keras"))  # queued behind the start-up load

    def running():
        return [t for t in session.findChildren(QThread) if t.isRunning()]

    assert running()
    window.close()
    assert not running()
    qtbot.wait(300)  # the start-up load's queued "finished" must not start the queued one
    assert not running() and session.active is None or session.active.path == DEFAULT_MODEL


# ---- the models folder ---------------------------------------------------------------------

def saved_model(folder, name, **metadata):
    """A model saved the way DigitPad saves one (sidecar with checksum and size)."""
    import json

    from model.keeping.files import sha256_of

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    shutil.copy(DEFAULT_MODEL, path)
    record = {"architecture": "cnn", "test_accuracy": 0.99, "date": "2026-11-30T10:00:00",
              "model_sha256": sha256_of(path), "model_bytes": path.stat().st_size, **metadata}
    metadata_path(path).write_text(json.dumps(record))
    return path


def test_listing_skips_temporaries_and_survives_malformed_sidecars(tmp_path):
    folder = tmp_path / "models"
    good = saved_model(folder, "2026-11-30_10-00-00_cnn.keras")
    odd = saved_model(folder, "2026-11-30_11-00-00_cnn.keras", date=20261130,
                      test_accuracy="high")
    shutil.copy(DEFAULT_MODEL, folder / ".2026-11-30_12-00-00_cnn-x1y2.keras")  # interrupted
    (folder / "reserved.keras").touch()  # a name reserved by a save still running
    (folder / "junk.keras").write_bytes(b"x")
    metadata_path(folder / "junk.keras").write_text("[1, 2")  # not JSON at all
    listed = {m.path.name: m for m in list_models(folder)}
    assert set(listed) == {good.name, odd.name, "junk.keras"}
    assert listed[good.name].date == "2026-11-30 10:00"
    assert listed[odd.name].date == "" and "test_accuracy" not in listed[odd.name].metadata
    assert listed["junk.keras"].metadata == {}


def test_a_stale_sidecar_is_not_believed(tmp_path):
    folder = tmp_path / "models"
    path = saved_model(folder, "m.keras")
    path.write_bytes(path.read_bytes()[:-10])  # the model changed after its sidecar was written
    (listed,) = list_models(folder)
    assert listed.metadata == {}


def test_malformed_sidecar_does_not_break_the_train_tab(make_window, tmp_path):
    saved_model(tmp_path / "models", "2026-11-30_11-00-00_cnn.keras", date=20261130)
    window = make_window(ready=False)
    assert window.training_tab.history.list.count() == 1


def test_deleting_a_saved_model_from_the_list(make_window, qtbot, tmp_path):
    folder = tmp_path / "models"
    doomed = saved_model(folder, "2026-11-30_10-00-00_cnn.keras")
    window = make_window()
    history = window.training_tab.history
    assert history.list.count() == 1
    history.list.item(0).setSelected(True)
    assert history.delete_button.isEnabled()
    qtbot.mouseClick(history.delete_button, Qt.MouseButton.LeftButton)
    box = history.confirm
    assert box is not None and box.isVisible() and doomed.exists()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert not doomed.exists() and not metadata_path(doomed).exists()
    assert history.list.count() == 0


def test_the_model_in_use_cannot_be_deleted(make_window, qtbot, tmp_path):
    path = saved_model(tmp_path / "models", "2026-11-30_10-00-00_cnn.keras")
    window = make_window(model_path=path)
    history = window.training_tab.history
    history.list.item(0).setSelected(True)
    assert "in use" in history.list.item(0).text()
    assert not history.delete_button.isEnabled() and not history.use_button.isEnabled()


@pytest.mark.parametrize("existing", [0, 2])
def test_runs_finishing_in_the_same_second_get_their_own_files(tmp_path, monkeypatch,
                                                               existing):
    import datetime as dt

    from model.keeping.store import new_model_path

    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2026, 11, 30, 10, 0, 0)

    monkeypatch.setattr("model.keeping.store.dt.datetime", Frozen)
    for _ in range(existing):
        new_model_path(tmp_path, "cnn")
    first, second = new_model_path(tmp_path, "cnn"), new_model_path(tmp_path, "cnn")
    assert first != second and first.exists() and second.exists()
    assert first.name.startswith("2026-11-30_10-00-00_cnn")


def test_a_model_saved_after_the_clock_went_back_a_year_is_listed_first(
        make_window, tmp_path, monkeypatch):
    import datetime as dt

    import keras

    from model.keeping.store import new_model_path, save_model

    real = dt.datetime

    class YearAgo(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return real.now(tz) - dt.timedelta(days=365)

    tiny = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10, activation="softmax")])
    folder = tmp_path / "models"
    before = save_model(tiny, new_model_path(folder, "dense"), {"architecture": "dense",
                        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
    monkeypatch.setattr("model.keeping.store.dt.datetime", YearAgo)  # the clock goes back a year
    after = save_model(tiny, new_model_path(folder, "dense"), {"architecture": "dense",
                       "date": YearAgo.now(dt.UTC).isoformat(timespec="seconds")})
    assert [m.path for m in list_models(folder)] == [after, before]
    history = make_window(ready=False).training_tab.history.list
    assert history.count() == 2
    assert history.item(0).text().startswith(str(real.now().year - 1))  # the clock's date


def test_session_works_without_a_window(qtbot, tmp_path):
    from gui.session import ModelSession

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    session = ModelSession(settings, tmp_path / "models")
    with qtbot.waitSignal(session.modelChanged, timeout=60_000):
        session.start()
    assert session.active.path == DEFAULT_MODEL and settings.value("model/path") == ""
    with qtbot.waitSignal(session.loadFailed, timeout=60_000) as failed:
        session.load(tmp_path / "missing.keras")
    assert "no such model file" in failed.args[0] and failed.args[1] is False
    assert session.active.path == DEFAULT_MODEL
    session.shutdown()  # as the window does when it closes: no thread outlives the session
    qtbot.waitUntil(lambda: not session.is_loading())
    qtbot.wait(50)  # and the finished thread deletes itself while its session still exists
