"""Start-up: process start → window shown → model ready, beside `import tensorflow` alone.

Also the longest event-loop stall while TensorFlow and the model load in the background: a
2 ms timer in the GUI thread records the largest gap between its ticks.
Run: .venv/bin/python -m benchmarks.startup [--trials N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time

from benchmarks.common import ROOT, row


def child() -> None:
    """Runs the real entry point (gui.app.main) with a few watchers installed first."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QWindow
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    marks: dict[str, float] = {}
    gaps: list[float] = []
    worst = {"gap": 0.0, "at": None}

    class Watcher(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Expose and "shown" not in marks \
                    and isinstance(obj, QWindow) and obj.isExposed():
                marks["shown"] = time.time()
            return False

    watcher = Watcher()
    app.installEventFilter(watcher)
    last = [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        if "shown" in marks and "ready" not in marks:
            gaps.append(now - last[0])
            if gaps[-1] > worst["gap"]:  # where the loading thread was when we got the GIL back
                frames = [f for ident, f in sys._current_frames().items()
                          if ident != threading.main_thread().ident]
                worst.update(gap=gaps[-1], at=[f"{f.f_code.co_filename.split('site-packages/')[-1]}"
                                               f":{f.f_lineno}" for f in frames])
        last[0] = now
        window = next((w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow"),
                      None)
        if window is not None and window.session.active is not None and "ready" not in marks:
            marks["ready"] = time.time()
            QTimer.singleShot(200, app.quit)

    timer = QTimer()
    timer.setInterval(2)
    timer.timeout.connect(tick)
    timer.start()
    QTimer.singleShot(60_000, app.quit)
    from gui import app as entry

    entry.main([])
    print(json.dumps({"shown": marks.get("shown"), "ready": marks.get("ready"),
                      # ready before the timer ticked once: no stall longer than a tick
                      "max_stall": max(gaps, default=0.0), "stall_at": worst["at"]}))


def measure_app() -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    started = time.time()
    done = subprocess.run([sys.executable, "-m", "benchmarks.startup", "--child"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    line = [raw for raw in done.stdout.splitlines() if raw.startswith("{")][-1]
    marks = json.loads(line)
    return {"shown": marks["shown"] - started, "ready": marks["ready"] - started,
            "max_stall": marks["max_stall"], "stall_at": marks["stall_at"]}


def measure_import_tensorflow() -> float:
    started = time.time()
    subprocess.run([sys.executable, "-c", "import tensorflow"], capture_output=True, check=True)
    return time.time() - started


def run(smoke: bool = False, trials: int = 5) -> list[dict]:
    trials = 1 if smoke else trials
    apps, imports = [], []
    for _ in range(trials):  # interleaved, so both see the same machine load
        imports.append(measure_import_tensorflow())
        apps.append(measure_app())
    shown = statistics.median(a["shown"] for a in apps)
    ready = statistics.median(a["ready"] for a in apps)
    stall = statistics.median(a["max_stall"] for a in apps)
    tf_import = statistics.median(imports)
    for app in apps:
        print(f"# stall {app['max_stall'] * 1000:.0f} ms, loader at {app['stall_at']}",
              file=sys.stderr)
    return [
        row("startup: window shown vs import tensorflow", shown, tf_import, "s"),
        row("startup: model ready vs import tensorflow", ready, tf_import, "s"),
        row("startup: longest event-loop stall while loading", stall * 1000, None, "ms"),
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--trials", type=int, default=5)
    args = parser.parse_args()
    if args.child:
        child()
    else:
        for result in run(trials=args.trials):
            print(json.dumps(result))
