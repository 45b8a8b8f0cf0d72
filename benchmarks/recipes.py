"""The convnet's two recipes side by side, as the Train tab runs them (MNIST, the world's
forms, the real pen digits): the fast one (three seeds) and the thorough one (one seed: it
takes a quarter of an hour or more). Each run in its own fresh process, timed from before
TensorFlow and MNIST are loaded to the model evaluated (its calibration and "not a digit"
gate fitted), with its peak memory. Each epoch's end reads MNIST test as the app reads it
(with the test-time views, off the clock) to find when a run first reaches TARGET. Then the
final figures, read as the app reads them: MNIST test, the held-out real-pen writers, the
generated forms sets.

Run alone: .venv/bin/python -m benchmarks.recipes [--smoke]  (a full run took ~55 minutes
on 12-01, over an hour on a slow day)
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

from benchmarks.common import median, mnist_path, row

TARGET = 0.994
FAST_SEEDS = (1, 2, 3)


def child(arch: str, seed: int, smoke: bool) -> None:
    """One run of a recipe; prints its figures as JSON."""
    began = time.perf_counter()
    import model as core

    core.import_tensorflow_quietly()
    import keras
    import numpy as np

    from model.learning.data import load_npz
    from model.learning.forms import forms_for, held_out_sets
    from model.learning.networks import RECIPES
    from model.learning.pen_data import TEST, read_unipen, rendered, shared_file
    from model.learning.train import TrainConfig, evaluate, fit, read_with_keras

    data = load_npz(mnist_path())
    if smoke:
        data = data.subset(train=1000, test=300)
    recipe = RECIPES[arch]
    config = TrainConfig(arch, epochs=1 if smoke else recipe.epochs,
                         batch_size=recipe.batch_size, seed=seed,
                         forms=forms_for(len(data.x_train)), pen=True)
    class Curve(keras.callbacks.Callback):
        """MNIST test after each epoch, the reading's time taken off the clock."""

        def __init__(self):
            super().__init__()
            self.off_clock, self.points = 0.0, []

        def on_epoch_end(self, epoch, logs=None):
            start = time.perf_counter()
            read = read_with_keras(self.model, data.x_test, config.rotations)[0].argmax(axis=1)
            self.off_clock += time.perf_counter() - start
            self.points.append((start - began - self.off_clock,
                                float(np.mean(read == data.y_test))))

    curve = Curve()
    result = fit(data, config, callbacks=[curve])
    seconds = time.perf_counter() - began - curve.off_clock
    reached = next((t for t, accuracy in curve.points if accuracy >= TARGET), None)
    out = {"arch": arch, "seed": seed, "seconds": seconds, "reached": reached,
           "curve": curve.points, "mnist": result.test_accuracy,
           "peak_mb": peak_mb()}
    sets = {name: (generated.images, generated.labels)
            for name, generated in held_out_sets(100 if smoke else 3000).items()}
    unipen = shared_file()
    if unipen:
        held_out = read_unipen(unipen).part(TEST)
        if smoke:
            held_out = held_out.select(np.arange(0, len(held_out), 20))
        sets["real pen digits of the held-out writers"] = (rendered(held_out), held_out.labels)
    out["sets"] = {name: evaluate(result.model, images, labels,
                                  rotations=config.rotations).accuracy
                   for name, (images, labels) in sets.items()}
    print(json.dumps(out))


def peak_mb() -> float:
    """The run's own peak memory. Its two drawing workers (model.learning.drawing) add ~60 MB
    each (their VmHWM, 2026-12-05); RUSAGE_CHILDREN cannot tell it, as it counts each worker
    at the parent's whole size for the instant between fork and exec."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_run(arch: str, seed: int, smoke: bool) -> dict:
    """One run's figures, also printed to stderr as it ends: a later run that fails (the
    thorough one outlived an hour's limit on a slow day) must not lose the earlier ones."""
    done = subprocess.run([sys.executable, "-m", "benchmarks.recipes", "--child", arch,
                           str(seed), *(["--smoke"] if smoke else [])],
                          capture_output=True, text=True, timeout=3 * 3600)
    if done.returncode:
        raise RuntimeError(f"the {arch} run failed: {done.stderr[-2000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(json.dumps(figures), file=sys.stderr, flush=True)
    return figures


def run(smoke: bool = False) -> list[dict]:
    fast = [one_run("fast", seed, smoke) for seed in (FAST_SEEDS[:1] if smoke else FAST_SEEDS)]
    thorough = one_run("cnn", 1, smoke)

    def reached(run: dict) -> float:
        return run["reached"] if run["reached"] is not None else float("inf")

    rows = [
        row(f"recipes: seconds to {TARGET:.1%} MNIST test, fast (median of {len(fast)}) vs "
            "thorough", median([reached(r) for r in fast]), reached(thorough), "s"),
        row(f"recipes: seconds from Train to the model ready, fast (median of {len(fast)}) "
            "vs thorough", median([r["seconds"] for r in fast]), thorough["seconds"], "s"),
        row("recipes: MNIST test read as the app reads it, fast (median) vs thorough",
            median([r["mnist"] for r in fast]) * 100, thorough["mnist"] * 100, "%",
            higher_is_better=True),
        row("recipes: peak memory of the run, fast (largest) vs thorough",
            max(r["peak_mb"] for r in fast), thorough["peak_mb"], "MB"),
    ]
    for name in thorough["sets"]:
        rows.append(row(f"recipes: {name}, fast (median) vs thorough",
                        median([r["sets"][name] for r in fast]) * 100,
                        thorough["sets"][name] * 100, "%", higher_is_better=True))
    return rows


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=2, metavar=("ARCH", "SEED"))
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.smoke)
    else:
        for result in run(args.smoke):
            print(json.dumps(result))
