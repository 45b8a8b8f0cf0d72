"""Shared fixtures. Tests never touch the network and never show a real window."""

from __future__ import annotations

import os
import socket
from pathlib import Path

# Set before Qt, Keras or TensorFlow are imported anywhere in the test session.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
# English, whatever the machine's desktop speaks: tests that want Korean ask for it.
os.environ["LANGUAGE"] = "en"
if os.environ.get("PYTEST_XDIST_WORKER"):
    # make test runs a worker per core: each keeps to one thread, or the workers' TensorFlow
    # and BLAS thread pools fight over every core.
    for variable in ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "OMP_NUM_THREADS",
                     "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(variable, "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import model  # noqa: E402

model.import_tensorflow_quietly()

ROOT = Path(__file__).resolve().parents[1]
SHARED_MNIST = ROOT.parent / "shared" / "data" / "mnist.npz"


def mnist_file() -> Path | None:
    candidate = Path(os.environ.get("DIGITPAD_MNIST") or SHARED_MNIST)
    return candidate if candidate.is_file() else None


def pytest_collection_modifyitems(config, items):
    """Longest first: the tests marked heavy start before the rest, longest first, so that
    make test's workers finish together instead of one waiting for the other's last long test
    (the classic longest-processing-time order). make test hands tests out one at a time
    (`--maxschedchunk 1`): pytest-xdist's default hands each worker a contiguous quarter of its
    share at once, which would give every heavy test to the first worker."""
    def seconds(item) -> float:
        mark = item.get_closest_marker("heavy")
        return mark.args[0] if mark else 0

    items.sort(key=seconds, reverse=True)  # stable: the rest keep their order


@pytest.fixture(scope="session")
def mnist_path() -> Path:
    path = mnist_file()
    if path is None:
        pytest.skip(f"MNIST not found at {SHARED_MNIST} (or $DIGITPAD_MNIST); tests that need "
                    "the real data set are skipped")
    return path


@pytest.fixture(scope="session")
def unipen():
    """The full file of real pen digits (shared/data), every writer."""
    from model.learning.pen_data import SHARED, read_unipen, shared_file

    path = shared_file()
    if path is None:
        pytest.skip(f"the real pen digits are not at {SHARED} (or $DIGITPAD_UNIPEN); tests "
                    "that need them are skipped")
    return read_unipen(path)


@pytest.fixture(scope="session")
def mnist(mnist_path):
    from model.learning.data import load_npz

    return load_npz(mnist_path)


@pytest.fixture(scope="session")
def mnist_slice(mnist):
    """A few thousand training images, enough for a quick run that learns something."""
    return mnist.subset(train=6000, test=1000)


@pytest.fixture(scope="session")
def small_npz(mnist, tmp_path_factory):
    """An .npz in Keras' format with 4,000 training and 500 test images."""
    path = tmp_path_factory.mktemp("data") / "small.npz"
    write_npz(path, x_train=mnist.x_train[:4000], y_train=mnist.y_train[:4000],
              x_test=mnist.x_test[:500], y_test=mnist.y_test[:500])
    return path


@pytest.fixture(scope="session")
def bundled_model():
    from model.keeping.paths import DEFAULT_MODEL
    from model.keeping.store import load_model

    return load_model(DEFAULT_MODEL)[0]


@pytest.fixture(scope="session")
def bundled_reads_test_sets(bundled_model, mnist, tmp_path_factory) -> dict:
    """The bundled model's reading of the test sets nothing was fitted on: all of MNIST test
    and, when shared/data holds them, the test writers' real pen digits ("pen test writers"),
    read as the app reads them (its test-time views; through Keras, which tests check reads
    as the app's NumPy pass does). For each set: "probabilities" (before the temperature),
    "as_drawn" (the digit read from the image alone), "labels", "refused" (its "not a digit"
    gate's reasons, "" for a digit); for MNIST test also "evaluation" (train.evaluate's
    figures and calibration). Several tests judge them, and reading ~12,000 digits four ways
    costs ~40 s here, so they are read once per `make test`: the first pytest-xdist worker to
    need them reads them and leaves them beside the workers' temporary folders; the others
    take them."""
    from model.keeping.paths import DEFAULT_MODEL
    from model.keeping.store import load_metadata
    from model.learning.data import prepare_images
    from model.learning.pen_data import TEST, read_unipen, rendered, shared_file
    from model.learning.train import evaluation_of, read_with_keras
    from model.reading.confidence import with_temperature
    from model.reading.outliers import Refusal, keras_gate_inputs
    from model.reading.views import views_of

    def read():
        metadata = load_metadata(DEFAULT_MODEL)
        rotations, refusal = views_of(metadata), Refusal.of(metadata)
        sets = {"MNIST test": (mnist.x_test / 255, mnist.y_test)}
        pen_file = shared_file()
        if pen_file is not None:
            held_out = read_unipen(pen_file).part(TEST)
            sets["pen test writers"] = (rendered(held_out) / 255, held_out.labels)
        readings = {}
        for name, (images, labels) in sets.items():
            inputs, drawn = keras_gate_inputs(bundled_model, prepare_images(
                images.astype(np.float32), tuple(bundled_model.input_shape[1:])))[0]
            probabilities, as_drawn = read_with_keras(bundled_model, images, rotations,
                                                      drawn=drawn)
            readings[name] = {
                "probabilities": probabilities, "labels": labels, "as_drawn": as_drawn,
                "refused": refusal.reasons(with_temperature(probabilities,
                                                            metadata["temperature"]),
                                           lambda read=inputs: read)}
        mnist_test = readings["MNIST test"]
        mnist_test["evaluation"] = evaluation_of(
            bundled_model, mnist_test["probabilities"], mnist_test["as_drawn"],
            mnist_test["labels"], rotations=rotations)
        return readings

    return shared_between_workers(tmp_path_factory, "bundled_reads_test_sets", read)


@pytest.fixture(scope="session")
def bundled_on_mnist_test(bundled_reads_test_sets):
    """train.evaluate's figures of the bundled model on all of MNIST test."""
    return bundled_reads_test_sets["MNIST test"]["evaluation"]


def shared_between_workers(tmp_path_factory, name: str, compute):
    """`compute()` once per test run, shared by the pytest-xdist workers through a file (all
    workers' temporary folders sit in one run folder), under a lock so that one computes."""
    import fcntl
    import pickle

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return compute()
    folder = tmp_path_factory.getbasetemp().parent
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stored = folder / f"{name}.pickle"
        if stored.exists():
            return pickle.loads(stored.read_bytes())
        value = compute()
        stored.write_bytes(pickle.dumps(value))
        return value


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to reach another machine fails the way an offline computer would."""
    real_connect = socket.socket.connect

    def connect(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in ("127.0.0.1", "::1", "localhost") \
                and self.family in (socket.AF_INET, socket.AF_INET6):
            raise OSError(101, "Network is unreachable (tests run offline)")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", _offline_getaddrinfo(socket.getaddrinfo))


def _offline_getaddrinfo(real):
    def getaddrinfo(host, *args, **kwargs):
        if host not in (None, "127.0.0.1", "::1", "localhost"):
            raise socket.gaierror(-3, "Temporary failure in name resolution (tests run offline)")
        return real(host, *args, **kwargs)

    return getaddrinfo


def write_npz(path: Path, **arrays: np.ndarray) -> Path:
    np.savez(path, **arrays)
    return path


@pytest.fixture
def settings(tmp_path, qapp):
    """A private settings file and data folder, so tests never see a person's real ones."""
    from PySide6.QtCore import QSettings, QStandardPaths

    QStandardPaths.setTestModeEnabled(True)
    qapp.setOrganizationName("DigitPadTests")
    qapp.setApplicationName("DigitPadTests")
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings, tmp_path):
    """Build a MainWindow; `ready=True` waits until its model is loaded."""
    from gui.main_window import MainWindow

    windows = []  # qtbot holds widgets weakly; a test may keep only a part of its window

    def make(model_path=None, ready=True, window_settings=None):
        window = MainWindow(model_path=model_path, settings=window_settings or settings,
                            models_dir=tmp_path / "models")
        windows.append(window)
        qtbot.addWidget(window)
        window.show()
        if ready:
            qtbot.waitUntil(lambda: window.session.active is not None, timeout=60_000)
        return window

    return make
