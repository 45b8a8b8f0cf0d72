"""`make bench` keeps working: every suite runs once, tiny (the figures come from make bench)."""

import os
import subprocess
import sys

from benchmarks.run import SUITES
from tests.conftest import ROOT


def test_every_benchmark_suite_runs_in_smoke_mode(mnist_path):
    env = dict(os.environ, DIGITPAD_MNIST=str(mnist_path), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "benchmarks.run", "--smoke"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")][2:]
    prefixes = {suite.split("_")[0] for suite in SUITES}  # gui_latency's rows read "gui: …"
    for prefix in prefixes:
        assert any(row.startswith(f"| {prefix}") for row in rows), prefix
    for row in rows:
        ours = row.split("|")[2].strip()
        assert ours not in ("", "–", "nan"), row
