"""Helpers for the benchmarks: timing statistics and the rows they report."""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

ROOT = Path(__file__).resolve().parents[1]
SHARED_MNIST = ROOT.parent / "shared" / "data" / "mnist.npz"


def mnist_path() -> Path:
    path = Path(os.environ.get("DIGITPAD_MNIST") or SHARED_MNIST)
    if not path.is_file():
        raise SystemExit(f"benchmarks need MNIST at {SHARED_MNIST} or $DIGITPAD_MNIST")
    return path


def percentile(values, q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def timed(function, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def row(metric: str, ours: float, baseline: float | None, unit: str,
        higher_is_better: bool = False) -> dict:
    """One result; `ratio` is how many times better ours is than the baseline."""
    ratio = None
    if baseline and (higher_is_better or ours):
        ratio = ours / baseline if higher_is_better else baseline / ours
    return {"metric": metric, "ours": ours, "baseline": baseline, "ratio": ratio, "unit": unit}


def median(values) -> float:
    return statistics.median(values)


def qapp():
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    app.setOrganizationName("DigitPadBenchmarks")
    app.setApplicationName("DigitPadBenchmarks")
    return app


SETTINGS = "/tmp/digitpad-bench.ini"
MODELS = Path("/tmp/digitpad-bench-models")


def open_window(timeout: float = 120.0, model_path=None):
    """(app, the real main window) with its model loaded; RuntimeError after `timeout` s."""
    app = qapp()
    from PySide6.QtCore import QSettings

    from gui.main_window import MainWindow

    settings = QSettings(SETTINGS, QSettings.Format.IniFormat)
    settings.clear()  # the bundled model, the default size: the same start every time
    window = MainWindow(model_path=model_path, settings=settings, models_dir=MODELS)
    window.resize(980, 620)
    window.show()
    deadline = time.monotonic() + timeout
    while window.session.active is None:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the model did not load within {timeout:.0f} s: "
                               f"{window.last_message}")
        app.processEvents()
        time.sleep(0.01)
    return app, window
