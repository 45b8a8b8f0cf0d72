"""Learning from corrections: 100 digits of an odd hand (tests/odd_handwriting.py) learnt from
the bundled model as the My digits tab does (gui.workers.LearningRun: the model loaded into
Keras, the fit, MNIST before and after, the gate, saved and loaded for use), timed from the
click to the new model ready for use: cold (TensorFlow not yet imported, a fresh process) and
warm (a second click in the same process). Beside it, in the same process, the first recipe
(3 epochs of 20 repeats and 2,000 MNIST images at 1e-4, all of MNIST test before and after).
Also the honest figures: held-out samples and MNIST test, before → after.

Run alone: .venv/bin/python -m benchmarks.learning [--smoke]
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from benchmarks.common import mnist_path, row

COLD_TARGET, WARM_TARGET = 25.0, 15.0  # seconds, click → the new model in use


def first_recipe():
    from model.learning.finetune import FinetuneConfig

    return FinetuneConfig(epochs=3, repeats=20, replay=2000, learning_rate=1e-4, batch_size=64,
                          test_digits=None)


def smoke_recipe():
    from model.learning.finetune import FinetuneConfig

    return FinetuneConfig(epochs=1, replay=200, test_digits=200)


def child(smoke: bool) -> None:
    """Three clicks in one fresh process (the first cold): ours, ours again, the first recipe;
    prints their seconds and results as JSON."""
    started = time.perf_counter()
    import tempfile
    from pathlib import Path

    import numpy as np

    from gui.workers import LearningRun, LearnRequest
    from model.keeping.paths import DEFAULT_MODEL
    from model.reading.preprocess import render_strokes, to_mnist
    from tests.odd_handwriting import odd_digits

    drawn = odd_digits(2 if smoke else 10, seed=11, width=500, height=500)
    images = np.array([to_mnist(render_strokes(strokes)) for _, strokes in drawn])
    labels = np.array([label for label, _ in drawn])
    out = {"setup": time.perf_counter() - started}
    with tempfile.TemporaryDirectory() as models:
        for name, config in (("cold", smoke_recipe() if smoke else None),
                             ("warm", smoke_recipe() if smoke else None),
                             ("first", smoke_recipe() if smoke else first_recipe())):
            outcomes: list = []
            run = LearningRun(LearnRequest(DEFAULT_MODEL, images, labels, str(mnist_path()),
                                           Path(models), config))
            run.succeeded.connect(outcomes.append)
            run.failed.connect(outcomes.append)
            began = time.perf_counter()
            run.run()  # on this thread: the clock covers exactly what the worker does
            seconds = time.perf_counter() - began
            if not outcomes or isinstance(outcomes[0], BaseException):
                raise RuntimeError(f"learning failed: {outcomes}")
            result = outcomes[0].result
            out[name] = {"seconds": seconds, "held": result.held,
                         "held_before": result.held_before, "held_after": result.held_after,
                         "mnist_before": result.mnist_before, "mnist_after": result.mnist_after,
                         "test_digits": result.test_digits}
    print(json.dumps(out))


def run(smoke: bool = False) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "benchmarks.learning", "--child",
                           *(["--smoke"] if smoke else [])],
                          capture_output=True, text=True, timeout=900)
    if done.returncode:
        raise RuntimeError(f"the learning child failed: {done.stderr[-2000:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    cold, warm, first = out["cold"], out["warm"], out["first"]
    n = cold["held"]
    return [
        row("learning: 100 corrections, click → in use, cold vs the 25 s target",
            cold["seconds"], COLD_TARGET, "s"),
        row("learning: 100 corrections, click → in use, warm vs the 15 s target",
            warm["seconds"], WARM_TARGET, "s"),
        row("learning: click → in use, warm, ours vs the first recipe", warm["seconds"],
            first["seconds"], "s"),
        row(f"learning: held-out corrections ({n}), after, ours vs the first recipe",
            warm["held_after"] * 100, first["held_after"] * 100, "%", higher_is_better=True),
        row(f"learning: held-out corrections ({n}), after vs before", warm["held_after"] * 100,
            warm["held_before"] * 100, "%", higher_is_better=True),
        row(f"learning: MNIST test after vs before ({warm['test_digits']:,} test digits)",
            warm["mnist_after"] * 100, warm["mnist_before"] * 100, "%", higher_is_better=True),
        row("learning: the first recipe's MNIST test after vs before (all of it)",
            first["mnist_after"] * 100, first["mnist_before"] * 100, "%",
            higher_is_better=True),
    ]


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.smoke)
    else:
        for result in run(args.smoke):
            print(result)
