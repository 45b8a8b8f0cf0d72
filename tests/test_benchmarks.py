"""`make bench` keeps working: every suite runs once, tiny (the figures come from make bench).
The suites that train or read tens of thousands of digits even when tiny (minutes here) run
in `make soak`; the ones that drive the window and time it run in `make test` too."""

import os
import subprocess
import sys

import pytest

from benchmarks.run import SUITES
from tests.conftest import ROOT

HEAVY = {"training", "accuracy", "learning", "recipes"}  # 40 s to 3 min each here, tiny


@pytest.mark.parametrize("suite", [
    pytest.param(suite, marks=[pytest.mark.slow] if suite in HEAVY else []) for suite in SUITES])
def test_every_benchmark_suite_runs_in_smoke_mode(mnist_path, suite):
    env = dict(os.environ, DIGITPAD_MNIST=str(mnist_path), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "benchmarks.run", "--smoke", "--only", suite],
                          cwd=ROOT, capture_output=True, text=True, timeout=900, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")][2:]
    prefix = suite.split("_")[0]  # gui_latency's rows read "gui: …"
    assert rows and all(row.startswith(f"| {prefix}") for row in rows), rows
    for row in rows:
        ours = row.split("|")[2].strip()
        assert ours not in ("", "–", "nan"), row
