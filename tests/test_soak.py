"""Soak and crash tests: long use, repeated runs, and kills at the worst moment. Each runs
small in `make test` (its "smoke" case) and at full length in `make soak` (its "soak" case)."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest

from model.keeping.store import load_metadata, load_model
from tests.conftest import ROOT


def sizes(smoke, soak):
    """A test's size: small in make test, full in make soak (-m slow)."""
    return pytest.mark.parametrize("size", [
        pytest.param(smoke, id="smoke"), pytest.param(soak, id="soak", marks=pytest.mark.slow)])


def rss_mb() -> float:
    with open("/proc/self/status", encoding="utf-8") as status:
        kb = next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
    return kb / 1024


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


def os_threads() -> int:
    return len(os.listdir("/proc/self/task"))


@sizes(600, 5000)
def test_five_thousand_live_predictions_without_leaks(make_window, qtbot, size):
    window = make_window()
    canvas = window.canvas
    rng = np.random.default_rng(7)
    predictions = []
    window.panel.predictionChanged.connect(lambda: predictions.append(1))
    baseline = None
    strokes = 0
    deadline = time.monotonic() + 300
    while len(predictions) < size:
        assert time.monotonic() < deadline, f"only {len(predictions)} predictions in 5 minutes"
        if strokes % 4 == 0:
            canvas.clear()
        points = rng.uniform(20, 260, 2) + np.cumsum(rng.normal(0, 9, (12, 2)), axis=0)
        points = np.clip(points, 2, min(canvas.width(), canvas.height()) - 2)
        QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(*map(int, points[0])))
        for x, y in points[1:]:
            QTest.mouseMove(canvas, QPoint(int(x), int(y)))
        QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           QPoint(*map(int, points[-1])))
        strokes += 1
        if strokes % 50 == 0:
            qtbot.wait(1)  # let the live timer fire now and then, as in real use
        if baseline is None and len(predictions) >= size // 10:
            baseline = rss_mb()
    growth = rss_mb() - baseline
    print(f"\n{len(predictions)} predictions from {strokes} strokes; RSS growth after "
          f"warm-up {growth:.1f} MB")
    assert growth < 30


@sizes(3, 20)
def test_twenty_start_stop_start_finish_cycles(make_window, qtbot, small_npz, size):
    window = make_window()
    tab = window.training_tab
    tab.settings.local_radio.setChecked(True)
    tab.settings.data_path_edit.setText(str(small_npz))
    tab.settings.limit_spin.setValue(2000)
    tab.settings.batch_size_spin.setValue(32)
    counts = None
    for cycle in range(size):
        # Long enough that Stop always arrives mid-run, however fast this machine is today.
        tab.settings.epochs_spin.setValue(20)
        with qtbot.waitSignal(tab.trainingFinished, timeout=60_000) as stopped:
            tab.start()
            qtbot.waitUntil(lambda: tab.progress_bar.value() > 0, timeout=60_000)
            tab.stop()
        assert stopped.args == [False]
        tab.settings.epochs_spin.setValue(1)
        with qtbot.waitSignal(tab.trainingFinished, timeout=120_000) as finished:
            tab.start()
        assert finished.args == [True], tab.message_label.text()
        load_model(window.session.active.path)  # the active model is always a complete file
        assert load_metadata(window.session.active.path)["architecture"] == "book"
        assert not [p for p in tab.session.models_dir.iterdir() if p.name.startswith(".")]
        if cycle == 1:  # TensorFlow's thread pools exist by now
            counts = (os_threads(), open_files())
    assert len(list(tab.session.models_dir.glob("*.keras"))) == size
    threads, files = counts
    assert os_threads() <= threads + 2 and open_files() <= files + 2
    print(f"\nthreads {threads} → {os_threads()}, open files {files} → {open_files()}")


KILL_TARGET = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import model
    model.import_tensorflow_quietly()
    from PySide6.QtCore import QSettings
    from model.learning import networks
    from model.keeping.store import save_model
    folder = sys.argv[1]
    nets = [networks.build("book"), networks.build("cnn")]
    settings = QSettings(os.path.join(folder, "settings.ini"), QSettings.Format.IniFormat)
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        save_model(nets[i % 2], os.path.join(folder, "active.keras"), {"round": i})
        settings.setValue("model/path", f"round-{i}")
        settings.setValue("canvas/brush_width", i)
        settings.sync()
""")


@sizes(2, 8)
def test_sigkill_while_saving_models_and_settings(tmp_path, size):
    from model.keeping.store import save_model
    from model.learning import networks

    first = save_model(networks.build("book"), tmp_path / "active.keras", {"round": 0})
    rng = np.random.default_rng(3)
    for _ in range(size):
        child = subprocess.Popen([sys.executable, "-c", KILL_TARGET, str(tmp_path)],
                                 cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 1.5))
        child.send_signal(signal.SIGKILL)
        child.wait()
        keras_model, metadata = load_model(first)  # always complete and loadable
        assert keras_model.output_shape == (None, 10)
        assert metadata == {} or isinstance(metadata["round"], int)
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        if settings.contains("model/path"):
            assert str(settings.value("model/path")).startswith("round-")
            assert int(settings.value("canvas/brush_width")) >= 1
        leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
        for name in leftovers:  # a killed writer may leave its temporary file, never a target
            assert name.endswith((".keras", ".json")) or ".lock" in name or "ini" in name
