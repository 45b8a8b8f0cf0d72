"""`digitpad --self-test`: prove an installation (or a packaged build) works, with no display.

Loads the bundled model into the real window, classifies the bundled sample digit, checks the
window's languages, and runs one training batch on the bundled slice of MNIST. Prints each
step (in English, like a log); exit status 0 when all pass.
"""

from __future__ import annotations

import os
import sys
import time


def run() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, QTemporaryDir
    from PySide6.QtWidgets import QApplication

    from model.keeping.paths import ASSETS, DEFAULT_MODEL

    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    scratch = QTemporaryDir()
    settings = QSettings(os.path.join(scratch.path(), "settings.ini"), QSettings.Format.IniFormat)
    failures = 0

    def step(name: str, ok: bool, detail: str) -> None:
        nonlocal failures
        failures += not ok
        print(f"[{'ok' if ok else 'FAILED'}] {name}: {detail}", flush=True)

    from gui.i18n import ensure_hangul_font
    from gui.main_window import MainWindow

    ensure_hangul_font()
    window = MainWindow(model_path=DEFAULT_MODEL, settings=settings)
    window.show()
    deadline = time.monotonic() + 120
    session = window.session
    while session.active is None and window.last_message is None and \
            time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    if window.session.active is None:
        step("load bundled model", False, window.last_message or "timed out")
        return 1
    step("load bundled model", True, f"{DEFAULT_MODEL}, {window.model_label.text()}, "
         f"predictor {window.session.active.predictor.backend}")

    sample = ASSETS / "sample_digit_7.png"
    opened = []
    window.imageOpened.connect(opened.append)
    window.open_image(sample)
    while not opened and time.monotonic() < deadline + 30:
        app.processEvents()
        time.sleep(0.01)
    opened = bool(opened and opened[0])
    probabilities = window.panel.probabilities()
    digit = max(range(10), key=probabilities.__getitem__) if probabilities else None
    step("classify sample digit", opened and digit == 7,
         f"{sample.name} read as {digit} ({max(probabilities or [0]):.1%})")

    check_languages(app, window, step)
    check_drawing_workers(step)

    try:
        from model.learning.data import load_npz
        from model.learning.train import TrainConfig, fit

        # The Train tab's convnet recipe, so the shipped real pen digits (and the bundled
        # non-digits its gate is fitted on) are read and drawn too.
        data = load_npz(ASSETS / "mnist_sample.npz")
        result = fit(data, TrainConfig("fast", epochs=1, batch_size=len(data.x_train),
                                       pen=True))
        ok = result.epochs_completed == 1 and result.test_accuracy is not None \
            and result.pen_digits > 0
        step("one training epoch", ok, f"{len(data.x_train)} images and real pen digits, "
             f"loss {result.history['loss'][0]:.3f}, test accuracy "
             f"{result.test_accuracy:.1%}")
    except Exception as exc:  # the self-test reports every failure instead of crashing
        step("one training epoch", False, f"{type(exc).__name__}: {exc}")
    window.close()
    verdict = "passed" if not failures else f"{failures} step(s) failed"
    print(f"self-test {verdict} in {time.perf_counter() - started:.1f} s")
    return 0 if not failures else 1


def check_drawing_workers(step) -> None:
    """Training draws its digits in spawned worker processes (model.learning.drawing); a
    packaged app starts them only through freeze_support() in its entry point."""
    import numpy as np

    from model.learning import forms
    from model.learning.drawing import Stopped, Workers

    began = time.monotonic()
    try:
        with Workers() as workers:
            processes = workers.pool is not None
            drawn = workers.start(forms.generate, 20, 3).get(
                lambda: time.monotonic() - began > 60)
        same = np.array_equal(drawn.images, forms.generate(20, 3).images)
        step("drawing in worker processes", processes and same,
             f"{'two worker processes' if processes else 'no worker processes'} drew 20 "
             f"digits {'as' if same else 'unlike'} this process does, in "
             f"{time.monotonic() - began:.1f} s")
    except Stopped:
        step("drawing in worker processes", False, "the workers gave no answer in 60 s")


def check_languages(app, window, step) -> None:
    """The window starts in the desktop's language (LANG=ko_KR.UTF-8: Korean), and Korean
    comes with its translations and a Hangul font."""
    from PySide6.QtGui import QFontDatabase

    from gui.i18n import system_language, translators

    def settle() -> None:
        for _ in range(5):  # the LanguageChange events are posted
            app.processEvents()

    started_in = translators().language
    translators().use("ko")
    settle()
    korean = window.tabs.tabText(0)
    fonts = QFontDatabase.families(QFontDatabase.WritingSystem.Korean)
    translators().use(started_in)
    settle()
    step("languages", started_in == system_language() and korean == "그리기" and bool(fonts),
         f"the window speaks {started_in} (the desktop: {system_language()}); in Korean its "
         f"first tab is {korean!r}; Hangul font: {fonts[0] if fonts else 'none'}")
