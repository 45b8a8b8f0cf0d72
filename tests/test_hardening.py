"""The doors a careful user or an attacker would try, each closed and worded."""

import json
import os
import subprocess
import sys
import textwrap
import zipfile

import numpy as np
import pytest

from model.keeping.store import ModelError, load_metadata, save_model
from model.learning import networks
from model.learning.data import DatasetError, load_npz
from tests.conftest import ROOT


def test_an_npz_claiming_a_terabyte_is_refused_before_allocation(tmp_path):
    path = tmp_path / "huge.npz"
    header = {"descr": "|u1", "fortran_order": False, "shape": (10**9, 28, 28)}
    with zipfile.ZipFile(path, "w") as archive:
        for key in ("x_train", "y_train", "x_test", "y_test"):
            with archive.open(f"{key}.npy", "w") as member:
                np.lib.format.write_array_header_1_0(member, header)
    assert path.stat().st_size < 2000
    with pytest.raises(DatasetError, match="GB of memory"):
        load_npz(path)


def test_a_sidecar_never_overwrites_an_unrelated_file(tmp_path):
    results = tmp_path / "results.json"
    results.write_text('{"experiment": 42}')
    with pytest.raises(ModelError, match="not DigitPad's metadata"):
        save_model(networks.build("book"), tmp_path / "results.keras", {})
    assert results.read_text() == '{"experiment": 42}'
    assert not (tmp_path / "results.keras").exists()


def test_a_failed_save_keeps_the_old_models_metadata(tmp_path, monkeypatch):
    path = save_model(networks.build("book"), tmp_path / "m.keras", {"round": 1})
    real_replace = os.replace

    def full_disk(source, target):
        if str(target).endswith(".keras"):
            raise OSError(28, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(ModelError, match="No space left"):
        save_model(networks.build("book"), path, {"round": 2})
    monkeypatch.undo()
    assert load_metadata(path)["round"] == 1


def test_stop_after_the_last_batch_still_stops(mnist_slice):
    import keras

    from model.learning.cancel import CancelToken
    from model.learning.train import TrainConfig, fit

    token = CancelToken()

    class StopAtTheEnd(keras.callbacks.Callback):
        def on_train_end(self, logs=None):
            token.cancel()  # pressed while the last batch finished: before the evaluation

    result = fit(mnist_slice.subset(train=1000), TrainConfig("book", epochs=1),
                 [StopAtTheEnd()], cancel=token)
    assert result.cancelled and result.test_accuracy is None


def test_stop_during_the_evaluation_installs_nothing(make_window, qtbot, small_npz,
                                                     monkeypatch):
    import model.learning.train as train
    from tests.test_training_tab import prepare

    window = make_window()
    tab = window.training_tab
    active = window.session.active
    real_evaluate = train.evaluate

    def slow_start(model, images, labels, cancel=None, rotations=(), learnt=None):
        tab.run.stop()  # the person presses Stop while the test set is being evaluated
        return real_evaluate(model, images, labels, cancel, rotations, learnt)

    monkeypatch.setattr(train, "evaluate", slow_start)
    prepare(tab, small_npz, epochs=1)
    with qtbot.waitSignal(tab.trainingFinished, timeout=120_000) as finished:
        tab.start()
    assert finished.args == [False] and window.session.active is active
    assert not list(tab.session.models_dir.glob("*.keras"))
    assert "stopped" in tab.message_label.text()


def test_out_of_memory_is_worded_as_memory():
    from gui.workers import describe_error

    assert describe_error(MemoryError()) == "The computer ran out of memory."


BROKEN_TENSORFLOW = textwrap.dedent("""
    import os, sys, threading
    sys.path.insert(0, sys.argv[1])  # a "tensorflow" that fails to import
    import model
    from model.errors import DigitPadError
    errors = []

    def attempt():
        try:
            model.import_tensorflow_quietly()
        except DigitPadError as exc:
            errors.append(str(exc))

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(len(errors), errors[0], flush=True)
    print("stderr still works", file=sys.stderr, flush=True)
""")


def test_a_failing_tensorflow_import_is_told_and_stderr_survives(tmp_path):
    fake = tmp_path / "site" / "tensorflow"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('libcudart.so.99: cannot open')\n")
    done = subprocess.run([sys.executable, "-c", BROKEN_TENSORFLOW, str(tmp_path / "site")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.startswith("4 TensorFlow could not be loaded")
    assert "libcudart.so.99" in done.stdout
    assert "stderr still works" in done.stderr


def test_the_cli_keeps_its_promise_for_every_failure(tmp_path, capsys, small_npz, monkeypatch):
    from model.cli import main

    assert main(["train", "--data", str(small_npz), "--train-limit", "-5",
                 "--out", str(tmp_path / "x.keras")]) == 1
    assert capsys.readouterr().err.strip() == \
        "digitpad-train: error: --train-limit must be a positive number of images, not -5"

    import model.learning.train

    def boom(*args, **kwargs):
        raise RuntimeError("the graph exploded")

    monkeypatch.setattr(model.learning.train, "fit", boom)
    assert main(["train", "--data", str(small_npz), "--out", str(tmp_path / "y.keras")]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "RuntimeError: the graph exploded" in error

    def no_memory(*args, **kwargs):
        raise MemoryError()

    monkeypatch.setattr(model.learning.train, "fit", no_memory)
    assert main(["train", "--data", str(small_npz), "--out", str(tmp_path / "z.keras")]) == 1
    assert "out of memory" in capsys.readouterr().err


def test_save_drawing_adds_png_before_asking_about_overwriting(make_window):
    from PySide6.QtWidgets import QFileDialog

    window = make_window(ready=False)
    dialog = window.save_dialog()
    assert dialog.defaultSuffix() == "png"
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert not dialog.testOption(QFileDialog.Option.DontConfirmOverwrite)


def test_json_sidecar_of_ours_is_replaced(tmp_path):
    path = save_model(networks.build("book"), tmp_path / "m.keras", {"round": 1})
    save_model(networks.build("book"), path, {"round": 2})
    assert json.loads(path.with_suffix(".json").read_text())["round"] == 2


@pytest.fixture
def stalled_server():
    """An HTTP server on 127.0.0.1 that sends the headers and a first chunk, then hangs."""
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def serve():
        connection, _ = listener.accept()
        connection.recv(4096)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 11000000\r\n\r\n" + b"x" * 70000)
        stop.wait(30)
        connection.close()

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/mnist.npz"
    stop.set()
    listener.close()


def test_a_stalled_download_ends_at_once_when_cancelled(stalled_server, tmp_path, monkeypatch):
    import threading
    import time

    from model.learning.cancel import CancelToken
    from model.learning.data import DownloadCancelled, download_mnist, keras_cache_file

    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    token, outcome, started = CancelToken(), [], threading.Event()

    def run():
        try:
            download_mnist(lambda done, total: started.set(), token, url=stalled_server)
        except DownloadCancelled as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    assert started.wait(10)
    time.sleep(0.3)  # now the read waits for bytes that never come
    cancelled_at = time.monotonic()
    token.cancel()
    worker.join(5)
    assert not worker.is_alive() and time.monotonic() - cancelled_at < 1.0
    assert outcome and not any(keras_cache_file().parent.iterdir())


def test_closing_the_window_during_a_download_is_quick(make_window, qtbot, stalled_server,
                                                       tmp_path, monkeypatch):
    import time

    import model.learning.data

    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setattr(model.learning.data, "KERAS_MNIST_URL", stalled_server)
    monkeypatch.setattr(model.learning.data.download_mnist, "__defaults__",
                        (None, None, stalled_server, model.learning.data.KERAS_MNIST_SHA256))
    window = make_window()
    tab = window.training_tab
    tab.settings.keras_radio.setChecked(True)
    tab.start()
    qtbot.waitUntil(lambda: "Downloading MNIST" in tab.progress_label.text(), timeout=30_000)
    started = time.monotonic()
    window.close()
    assert time.monotonic() - started < 1.5
    assert not any((tmp_path / "keras" / "datasets").iterdir())
