"""Resident memory: the app idle with its model loaded, and at its peak during a training run,
beside a plain Keras script doing the same (load the model; fit the book network)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from benchmarks.common import ROOT, mnist_path, row

APP = textwrap.dedent("""
    import json, os, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from benchmarks.common import qapp
    app = qapp()
    from pathlib import Path
    from PySide6.QtCore import QSettings
    from gui.main_window import MainWindow

    def status(key):
        with open("/proc/self/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith(key)) / 1024

    window = MainWindow(settings=QSettings("/tmp/digitpad-bench.ini", QSettings.Format.IniFormat),
                        models_dir=Path("/tmp/digitpad-bench-models"))
    window.show()
    while window.session.active is None:
        app.processEvents(); time.sleep(0.01)
    for _ in range(100):
        app.processEvents(); time.sleep(0.01)
    idle = status("VmRSS")
    tab = window.training_tab
    tab.settings.local_radio.setChecked(True)
    tab.settings.data_path_edit.setText({data!r})
    tab.settings.epochs_spin.setValue(1)
    tab.start()
    while tab.is_running():
        app.processEvents(); time.sleep(0.005)
    print(json.dumps({{"idle": idle, "peak": status("VmHWM")}}))
""")

PLAIN = textwrap.dedent("""
    import json, os
    import model; model.import_tensorflow_quietly()
    import keras, numpy as np
    from model.paths import DEFAULT_MODEL

    def status(key):
        with open("/proc/self/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith(key)) / 1024

    keras.saving.load_model(DEFAULT_MODEL, compile=False)
    idle = status("VmRSS")
    data = np.load({data!r})
    x = data["x_train"].reshape(-1, 784).astype("float32") / 255
    y = keras.utils.to_categorical(data["y_train"], 10)
    net = keras.Sequential([keras.Input((784,)), keras.layers.Dense(512, activation="relu"),
                            keras.layers.Dense(10, activation="softmax")])
    net.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    net.fit(x, y, epochs=1, batch_size=128, verbose=0)
    print(json.dumps({{"idle": idle, "peak": status("VmHWM")}}))
""")


def measure(script: str) -> dict:
    done = subprocess.run([sys.executable, "-c", script.format(data=str(mnist_path()))],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(lines[-1])


def run() -> list[dict]:
    ours, plain = measure(APP), measure(PLAIN)
    return [
        row("memory: RSS idle, model loaded (app vs plain Keras script)", ours["idle"],
            plain["idle"], "MB"),
        row("memory: peak RSS training the book network (app vs plain)", ours["peak"],
            plain["peak"], "MB"),
    ]
