"""Mouse release → bars repainted, on the real widgets, split into its parts."""

from __future__ import annotations

import time

import numpy as np

from benchmarks.common import median, open_window, row


def run(smoke: bool = False) -> list[dict]:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    trials = 3 if smoke else 60
    app, window = open_window()
    canvas = window.canvas
    rng = np.random.default_rng(1)
    totals, parts = [], {"render": [], "preprocess": [], "model": [], "panel": [], "repaint": []}
    for trial in range(trials + 5):
        canvas.clear()
        start = rng.uniform(60, 300, 2)
        points = start + np.cumsum(rng.normal(0, 6, (60, 2)), axis=0)
        QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(*map(int, points[0])))
        for x, y in points[1:]:
            QTest.mouseMove(canvas, QPoint(int(x), int(y)))
        app.processEvents()
        began = time.perf_counter()
        QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           QPoint(*map(int, points[-1])))
        released = time.perf_counter()
        window.repaint()  # synchronous: canvas, bars, digit and preview all painted
        finished = time.perf_counter()
        if trial < 5:
            continue  # warm-up
        totals.append(finished - began)
        for key, value in window.last_timing.items():
            parts[key].append(value)
        parts["repaint"].append(finished - released)
    window.close()
    ms = 1000
    rows = [row("gui: mouse release → bars repainted, median", median(totals) * ms, 16.7, "ms")]
    for key, values in parts.items():
        rows.append(row(f"gui: … of which {key}, median", median(values) * ms, None, "ms"))
    return rows
