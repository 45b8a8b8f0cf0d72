"""Resident memory: the app idle with its model loaded, and at its peak during a training run,
beside a plain Keras script doing the same (load the model; fit the book network).

Each side runs in a fresh process (`python -m benchmarks.memory --child app|plain DATA`), so
neither inherits the other's memory.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from benchmarks.common import ROOT, mnist_path, row


def status_mb(key: str) -> float:
    with open("/proc/self/status", encoding="utf-8") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith(key)) / 1024


def app_child(data: str, train_limit: int) -> dict:
    """The real window: idle with the bundled model, then one epoch of the book network."""
    from benchmarks.common import open_window

    app, window = open_window()
    for _ in range(100):  # settle: deferred work after the model arrives
        app.processEvents()
        time.sleep(0.01)
    idle = status_mb("VmRSS")
    tab = window.training_tab
    tab.settings.local_radio.setChecked(True)
    tab.settings.data_path_edit.setText(data)
    tab.settings.epochs_spin.setValue(1)
    tab.settings.limit_spin.setValue(train_limit)
    tab.start()
    while tab.is_running():
        app.processEvents()
        time.sleep(0.005)
    return {"idle": idle, "peak": status_mb("VmHWM")}


def plain_child(data: str, train_limit: int) -> dict:
    """What a person would write with Keras alone: load the model; fit the book's network."""
    import model

    model.import_tensorflow_quietly()
    import keras
    import numpy as np

    from model.keeping.paths import DEFAULT_MODEL

    keras.saving.load_model(DEFAULT_MODEL, compile=False)
    idle = status_mb("VmRSS")
    arrays = np.load(data)
    limit = train_limit or None
    x = arrays["x_train"][:limit].reshape(-1, 784).astype("float32") / 255
    y = keras.utils.to_categorical(arrays["y_train"][:limit], 10)
    net = keras.Sequential([keras.Input((784,)), keras.layers.Dense(512, activation="relu"),
                            keras.layers.Dense(10, activation="softmax")])
    net.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    net.fit(x, y, epochs=1, batch_size=128, verbose=0)
    return {"idle": idle, "peak": status_mb("VmHWM")}


def measure(side: str, train_limit: int) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "benchmarks.memory", "--child", side,
                           str(mnist_path()), str(train_limit)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(lines[-1])


def run(smoke: bool = False) -> list[dict]:
    limit = 2000 if smoke else 0
    ours, plain = measure("app", limit), measure("plain", limit)
    return [
        row("memory: RSS idle, model loaded (app vs plain Keras script)", ours["idle"],
            plain["idle"], "MB"),
        row("memory: peak RSS training the book network (app vs plain)", ours["peak"],
            plain["peak"], "MB"),
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", choices=("app", "plain"), required=True)
    parser.add_argument("data")
    parser.add_argument("train_limit", type=int)
    args = parser.parse_args()
    child = app_child if args.child == "app" else plain_child
    print(json.dumps(child(args.data, args.train_limit)))
