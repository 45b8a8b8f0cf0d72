"""Render assets/icon.svg to the PNG sizes a Linux desktop and PyInstaller want.

Run: .venv/bin/python packaging/render_icons.py (the PNGs are committed).
"""

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SIZES = (16, 32, 48, 64, 128, 256, 512)

if __name__ == "__main__":
    app = QGuiApplication([])
    renderer = QSvgRenderer(str(ROOT / "assets" / "icon.svg"))
    out = ROOT / "packaging" / "icons"
    out.mkdir(exist_ok=True)
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(out / f"digitpad-{size}.png"))
