"""Two DigitPads at once (issue 26, case 1): a second launch brings the first window forward,
and the files stay whole when another process (digitpad-train, a second launch racing the
first) writes them at the same time."""

import multiprocessing
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from tests.conftest import ROOT


def test_a_second_launch_brings_the_first_window_forward_and_opens_its_model(qtbot, tmp_path):
    from gui.single_instance import InstanceServer, server_name

    data_home = tmp_path / "data"
    server = InstanceServer(server_name(data_home / "DigitPad" / "DigitPad"))
    assert server.is_listening()
    wanted = tmp_path / "mine.keras"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(data_home),
               LANG="C.UTF-8", LANGUAGE="", LC_ALL="")
    with qtbot.waitSignal(server.requested, timeout=60_000) as asked:
        second = subprocess.Popen([sys.executable, "-m", "gui.app", "--model", str(wanted)],
                                  cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
    out, err = second.communicate(timeout=60)
    assert asked.args == [str(wanted.resolve())]
    assert second.returncode == 0, err[-2000:]
    assert "already open" in out


def test_a_socket_left_by_a_killed_digitpad_does_not_stop_the_next_start(qapp, tmp_path):
    from PySide6.QtCore import QDir

    from gui.single_instance import InstanceServer, hand_over, server_name

    name = server_name(tmp_path)
    leftover = socket.socket(socket.AF_UNIX)
    leftover.bind(os.path.join(QDir.tempPath(), name))  # bound, never listening: a dead one
    leftover.close()
    assert not hand_over(name, None)  # nobody answers: this launch opens its own window
    server = InstanceServer(name)
    assert server.is_listening()
    assert hand_over(name, None)


def test_bring_forward_restores_a_minimised_window_and_loads_the_named_model(
        make_window, qtbot):
    from model.keeping.paths import MNIST_ONLY_MODEL

    window = make_window()  # the bundled model
    window.showMinimized()
    with qtbot.waitSignal(window.session.modelChanged, timeout=60_000) as changed:
        window.bring_forward(str(MNIST_ONLY_MODEL))
    assert not window.isMinimized()
    assert Path(changed.args[0].path) == MNIST_ONLY_MODEL


def _save_corrections(path, label, count, started, done):
    from model.keeping.samples import Sample, SampleStore

    store = SampleStore(path)
    started.put(label)
    ids = [store.add(Sample(label=label, tensor=np.full((28, 28), i / count, np.float32)))
           for i in range(count)]
    store.close()
    done.put(ids)


def test_two_processes_saving_at_once_lose_nothing_and_wait_for_each_other(tmp_path):
    from model.keeping.samples import SampleStore

    path = tmp_path / "samples.sqlite3"
    SampleStore(path).close()
    spawn = multiprocessing.get_context("spawn")
    started, done = spawn.Queue(), spawn.Queue()
    writers = [spawn.Process(target=_save_corrections, args=(path, label, 80, started, done))
               for label in (3, 7)]
    # Another process keeps the database busy longer than sqlite's default 5 s wait (a long
    # import by digitpad-train) while two others save corrections as fast as they can.
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    for writer in writers:
        writer.start()
    for _ in writers:
        started.get(timeout=120)
    time.sleep(6)
    holder.execute("COMMIT")
    holder.close()
    reported = [done.get(timeout=120) for _ in writers]
    for writer in writers:
        writer.join(60)
        assert writer.exitcode == 0
    store = SampleStore(path)
    saved = store.samples()
    assert sorted(s.id for s in saved) == sorted(reported[0] + reported[1])  # none lost, none twice
    assert store.counts()[3] == store.counts()[7] == 80


def _reserve_names(folder, count, done):
    from model.keeping.store import new_model_path

    done.put([new_model_path(folder, "cnn").name for _ in range(count)])


def test_models_saved_by_two_processes_in_the_same_second_get_distinct_names(tmp_path):
    spawn = multiprocessing.get_context("spawn")
    done = spawn.Queue()
    processes = [spawn.Process(target=_reserve_names, args=(tmp_path, 40, done))
                 for _ in range(2)]
    for process in processes:
        process.start()
    names = done.get(timeout=120) + done.get(timeout=120)
    for process in processes:
        process.join(60)
    assert len(set(names)) == 80
    assert all(re.fullmatch(r"[0-9_-]+_cnn(-[0-9]+)?\.keras", name) for name in names)

