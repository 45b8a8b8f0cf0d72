"""Mouse release → answer repainted, on the real widgets, split into its parts: for one digit
(the bars), and for the last stroke of an 8-digit number (the number, its boxes, the bars),
written apart or with two pairs of digits joined in one stroke each (cut and read again)."""

from __future__ import annotations

import time

import numpy as np

from benchmarks.common import median, open_window, row

FRAME_MS = 16.7  # one 60 Hz frame


def _release_latency(app, window, strokes) -> tuple[float, dict[str, float]]:
    """Draw all but the last stroke, then time the last release until all is repainted."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from tests.gui_helpers import draw

    canvas = window.canvas
    canvas.clear()
    draw(canvas, strokes[:-1])
    points = [QPoint(round(x), round(y)) for x, y in strokes[-1]]
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     points[0])
    for point in points[1:]:
        QTest.mouseMove(canvas, point)
    app.processEvents()
    began = time.perf_counter()
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       points[-1])
    released = time.perf_counter()
    window.repaint()  # synchronous: canvas, number, bars, digit and preview all painted
    finished = time.perf_counter()
    return finished - began, dict(window.last_timing, repaint=finished - released)


def joined_number(rng, width: float, height: float) -> list[np.ndarray]:
    """Eight digits written closely, the 2nd running into the 3rd and the 6th into the 7th
    without a pen lift."""
    from tests.drawn_numbers import digit_strokes

    size = min(height * 0.45, width * 0.9 / (8 * 0.62))
    x, digits = (width - 8 * 0.62 * size) / 2, []
    for digit in rng.integers(0, 10, 8):
        strokes = digit_strokes(int(digit), rng, "templates")
        digits.append([np.column_stack([x + (s[:, 0] - 0.15) / 0.7 * 0.55 * size,
                                        height / 2 + (s[:, 1] - 0.5) * size]) for s in strokes])
        x += 0.62 * size
    for k in (1, 5):
        digits[k + 1][0] = np.concatenate([digits[k].pop(), digits[k + 1][0]])
    return [stroke for digit in digits for stroke in digit]


def run(smoke: bool = False) -> list[dict]:
    from tests.drawn_numbers import drawn_number

    trials = 3 if smoke else 60
    app, window = open_window()
    canvas = window.canvas
    rng = np.random.default_rng(1)
    rows = []
    cases = {
        "one digit": lambda: [rng.uniform(60, 300, 2) + np.cumsum(rng.normal(0, 6, (60, 2)),
                                                                  axis=0)],
        "8-digit number": lambda: drawn_number(
            "".join(str(d) for d in rng.integers(0, 10, 8)), rng, canvas.width(),
            canvas.height(), spacing=0.3).strokes,
        "8-digit number, two pairs joined": lambda: joined_number(rng, canvas.width(),
                                                                  canvas.height()),
    }
    for case, make_strokes in cases.items():
        totals, parts = [], {}
        for trial in range(trials + 5):
            total, timing = _release_latency(app, window, make_strokes())
            if trial < 5:
                continue  # warm-up
            totals.append(total)
            for key, value in timing.items():
                parts.setdefault(key, []).append(value)
        rows.append(row(f"gui: mouse release → answer repainted, {case}, median",
                        median(totals) * 1000, FRAME_MS, "ms"))
        for key, values in parts.items():
            rows.append(row(f"gui: … {case}, of which {key}, median", median(values) * 1000,
                            None, "ms"))
    rows += photo_rows(app, window, 1 if smoke else 5)
    window.close()
    rows += my_digits_rows(app, 500 if smoke else 10_000, 1 if smoke else 5)
    return rows


def my_digits_rows(app, count: int, trials: int) -> list[dict]:
    """My digits holding `count` saved digits (MNIST's, imported): how long the window is held
    up by what a person does there. Each action runs on the GUI thread, so its duration is
    the event loop's stall."""
    import tempfile
    from pathlib import Path

    from PySide6.QtCore import QSettings

    from benchmarks.common import mnist_path
    from gui.main_window import MainWindow
    from model.learning.data import load_npz
    from tests.gui_helpers import draw, seven

    data = load_npz(mnist_path())
    timings: dict[str, list[float]] = {"Wrong only on or off": [], "a correction saved": [],
                                       "the tab painted": []}

    def timed(name: str, action) -> None:
        began = time.perf_counter()
        action()
        app.processEvents()
        timings[name].append(time.perf_counter() - began)

    with tempfile.TemporaryDirectory() as folder:
        np.savez(Path(folder) / "many.npz", x=data.x_train[:count], y=data.y_train[:count])
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings=settings, models_dir=Path(folder) / "models")
        window.resize(980, 620)
        window.show()
        while window.session.active is None:
            app.processEvents()
            time.sleep(0.01)
        tab = window.digits_tab
        tab.import_from(Path(folder) / "many.npz")
        while "misreads" not in tab.counts_label.text():  # read on a worker first
            app.processEvents()
            time.sleep(0.01)
        for _ in range(trials):
            window.tabs.setCurrentWidget(window.draw_tab)
            draw(window.canvas, seven(window.canvas))
            timed("a correction saved", lambda: window.correct(7))
            window.tabs.setCurrentWidget(tab)
            timed("the tab painted", lambda: window.repaint())
            for checked in (True, False):
                timed("Wrong only on or off", lambda checked=checked:
                      tab.wrong_only.setChecked(checked))
        window.close()
    return [row(f"gui: My digits holding {count:,}: {name}, longest", max(values) * 1000,
                50.0, "ms") for name, values in timings.items()]


def photo_rows(app, window, trials: int) -> list[dict]:
    """A 4000×3000 phone photo of a number opened: seconds until its answer is shown, and
    the longest the event loop went without running (a 2 ms timer's largest gap)."""
    import tempfile
    from pathlib import Path

    from PIL import Image
    from PySide6.QtCore import QTimer

    from model.learning.pen_numbers import PenNumber
    from tests.drawn_numbers import drawn_number
    from tests.pen_numbers import on_paper

    rng = np.random.default_rng(5)
    answers, stalls = [], []
    with tempfile.TemporaryDirectory() as folder:
        for trial in range(trials):
            strokes = drawn_number("2026", rng, 800, 300, spacing=0.05).strokes
            photo = on_paper(PenNumber("2026", strokes, "touching", "bench"), rng)
            path = Path(folder) / f"photo{trial}.jpg"
            Image.fromarray(photo).resize((4000, 3000)).save(path, quality=90)
            ticks, done = [], []
            timer = QTimer()
            timer.timeout.connect(lambda ticks=ticks: ticks.append(time.perf_counter()))
            window.imageOpened.connect(done.append)
            timer.start(2)
            began = time.perf_counter()
            window.open_image(path)
            while not done:
                app.processEvents()
                time.sleep(0.001)
            answers.append(time.perf_counter() - began)
            timer.stop()
            window.imageOpened.disconnect()
            gaps = np.diff([began, *ticks, time.perf_counter()])
            stalls.append(float(gaps.max()))
    return [row("gui: a 4000×3000 photo opened → its number shown, median", median(answers),
                1.0, "s"),
            row("gui: … longest event-loop stall meanwhile, median", median(stalls) * 1000,
                50.0, "ms")]
