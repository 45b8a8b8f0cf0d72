"""`make screenshots`: the README's pictures of the window, made offscreen from the real window
with real mouse events, so they are made again whenever the window changes: the Draw tab with a
number, My digits holding real pen digits, the Network view, and the Train tab after a real run
of the book's network (curves and confusion matrix), in English and Korean, light and dark.

python packaging/screenshots.py [--out docs/screenshots] [--mnist PATH]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SIZE = (980, 620)  # the window's size at a first start

# "27" as a person writes it, in units of the canvas's shorter side.
NUMBER = [
    [(0.14, 0.36), (0.2, 0.29), (0.28, 0.27), (0.35, 0.3), (0.37, 0.37), (0.34, 0.45),
     (0.26, 0.55), (0.16, 0.68), (0.24, 0.67), (0.34, 0.67), (0.42, 0.68)],
    [(0.55, 0.3), (0.66, 0.29), (0.8, 0.3), (0.74, 0.42), (0.68, 0.55), (0.63, 0.7)],
]


def draw_number(window) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    canvas = window.canvas
    side = min(canvas.width(), canvas.height())
    left = (canvas.width() - side) / 2
    for stroke in NUMBER:
        points = []
        for (x0, y0), (x1, y1) in zip(stroke, stroke[1:]):
            points += [(x0 + (x1 - x0) * t / 8, y0 + (y1 - y0) * t / 8) for t in range(8)]
        points.append(stroke[-1])
        points = [QPoint(round(left + x * side), round(y * side)) for x, y in points]
        QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         points[0])
        for point in points[1:]:
            QTest.mouseMove(canvas, point)
        QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           points[-1])


def add_pen_digits(folder: Path, per_digit: int = 6) -> None:
    """My digits as a person's corrections would fill it: real pen digits of UNIPEN's
    validation writers (bundled), as the canvas renders them."""
    from model.keeping.samples import FILE_NAME, Sample, SampleStore
    from model.learning.pen_data import render, validation_digits

    digits = validation_digits()
    chosen = [i for d in range(10) for i in np.flatnonzero(digits.labels == d)[:per_digit]]
    store = SampleStore(folder / FILE_NAME)
    store.add_many(Sample(label=int(digits.labels[i]),
                          tensor=render(digits.strokes(i)).astype(np.float32) / 255,
                          strokes=tuple(tuple((float(x) * 280, float(y) * 280, 1.0)
                                              for x, y in stroke)
                                        for stroke in digits.strokes(i)))
                   for i in chosen)
    store.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--mnist", default=str(ROOT.parent / "shared" / "data" / "mnist.npz"),
                        help="MNIST (Keras' mnist.npz) for the Network view and the Train tab")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from gui.i18n import ensure_hangul_font
    from gui.main_window import MainWindow
    from tests.gui_helpers import dark_palette

    app = QApplication.instance() or QApplication([])
    ensure_hangul_font()
    light = app.palette()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    def settle(seconds: float = 0.3) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    def wait_for(condition, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise SystemExit("screenshots: the window did not get there in time")
            settle(0.05)

    def shoot(window, page, name: str) -> None:
        window.tabs.setCurrentWidget(page)
        settle()
        path = out / name
        window.grab().save(str(path))
        print(path)

    def shoot_tabs(window, suffix: str) -> None:
        wait_for(lambda: window.session.active is not None, 60)
        draw_number(window)
        settle()
        shoot(window, window.draw_tab, f"draw-{suffix}")
        training = window.training_tab.settings
        training.local_radio.setChecked(True)
        training.data_path_edit.setText(args.mnist)
        view = window.network_view
        window.tabs.setCurrentWidget(view)
        wait_for(lambda: len(view.neighbours) > 0, 300)
        shoot(window, view, f"network-{suffix}")
        shoot(window, window.digits_tab, f"digits-{suffix}")
        # The book's recipe on all of MNIST, 10 % kept for validation: its curves.
        training.architecture_combo.setCurrentIndex(training.architecture_combo.findData("book"))
        training.validation_spin.setValue(0.1)
        training.seed_spin.setValue(1)
        tab = window.training_tab
        window.tabs.setCurrentWidget(tab)
        tab.train_button.click()
        wait_for(lambda: not tab.is_running(), 600)
        tab.details.setCurrentWidget(tab.confusion_view)
        shoot(window, tab, f"train-{suffix}")

    with tempfile.TemporaryDirectory() as scratch:
        add_pen_digits(Path(scratch))
        for language in ("en", "ko"):
            for look, palette in (("light", light), ("dark", dark_palette())):
                app.setPalette(palette)
                settings = QSettings(str(Path(scratch) / f"{language}-{look}.ini"),
                                     QSettings.Format.IniFormat)
                settings.setValue("window/language", language)
                window = MainWindow(settings=settings, models_dir=Path(scratch) / "models")
                window.resize(*SIZE)
                window.show()
                shoot_tabs(window, f"{language}-{look}.png")
                window.close()
    app.setPalette(light)
    return 0


if __name__ == "__main__":
    sys.exit(main())
