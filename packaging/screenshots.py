"""`make screenshots`: the README's pictures of the window, made offscreen from the real window
with real mouse events, so they are made again whenever the window changes.

python packaging/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
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

    with tempfile.TemporaryDirectory() as scratch:
        for language in ("en", "ko"):
            for look, palette in (("light", light), ("dark", dark_palette())):
                app.setPalette(palette)
                settings = QSettings(str(Path(scratch) / f"{language}-{look}.ini"),
                                     QSettings.Format.IniFormat)
                settings.setValue("window/language", language)
                window = MainWindow(settings=settings, models_dir=Path(scratch) / "models")
                window.resize(*SIZE)
                window.show()
                deadline = time.monotonic() + 60
                while window.session.active is None and time.monotonic() < deadline:
                    settle(0.05)
                draw_number(window)
                settle()
                name = out / f"draw-{language}-{look}.png"
                window.grab().save(str(name))
                print(name)
                window.close()
    app.setPalette(light)
    return 0


if __name__ == "__main__":
    sys.exit(main())
