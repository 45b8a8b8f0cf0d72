import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.heavy(16)
def test_self_test_passes_without_a_display():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "gui.app", "--self-test"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert [line.split(":")[0] for line in lines[:5]] == [
        "[ok] load bundled model", "[ok] classify sample digit", "[ok] languages",
        "[ok] drawing in worker processes", "[ok] one training epoch"]
    assert lines[-1].startswith("self-test passed")


def test_window_module_does_not_import_tensorflow():
    """The window must be able to appear before TensorFlow is imported (fast start)."""
    code = ("import sys; import gui.app, gui.main_window, gui.train.training_tab; "
            "print('tensorflow' in sys.modules, 'keras' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.stdout.split() == ["False", "False"], done.stderr[-2000:]


def test_timing_reports_the_first_prediction_without_tensorflow():
    import time

    started = time.time()
    done = subprocess.run([sys.executable, "-m", "gui.app", "--timing"], cwd=ROOT, timeout=120,
                          capture_output=True, text=True,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    marks = {line.split()[0]: line.split()[1:] for line in done.stdout.splitlines()}
    shown, ready = float(marks["shown"][0]), float(marks["ready"][0])
    assert started < shown <= ready and marks["ready"][1] == "numpy"
