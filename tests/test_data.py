import numpy as np
import pytest

from model.learning.data import ENV_VAR, DatasetError, load_mnist, load_npz, one_hot, prepare_images
from tests.conftest import write_npz


def arrays(n_train=20, n_test=10, **override):
    rng = np.random.default_rng(0)
    base = {
        "x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, n_train, dtype=np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, n_test, dtype=np.uint8),
    }
    base.update(override)
    return {key: value for key, value in base.items() if value is not None}


def test_valid_file_loads_with_its_source(tmp_path):
    path = write_npz(tmp_path / "ok.npz", **arrays())
    data = load_npz(path)
    assert data.x_train.shape == (20, 28, 28) and data.x_test.shape == (10, 28, 28)
    assert data.source == str(path)


def test_environment_variable_points_at_local_copy(tmp_path, monkeypatch):
    path = write_npz(tmp_path / "env.npz", **arrays())
    monkeypatch.setenv(ENV_VAR, str(path))
    assert load_mnist().source == str(path)


@pytest.mark.parametrize(
    ("override", "says"),
    [
        ({"y_test": None}, "missing y_test"),
        ({"x_train": np.zeros((20, 28), np.uint8)}, "x_train has shape"),
        ({"x_train": np.zeros((20, 32, 32), np.uint8)}, "expected (N, 28, 28)"),
        ({"x_train": np.zeros((20, 28, 28), np.float32)}, "float32 pixels"),
        ({"x_test": np.full((10, 28, 28), np.nan)}, "float64 pixels"),
        ({"y_train": np.full(20, 10, np.uint8)}, "labels from 10 to 10"),
        ({"y_train": np.full(20, -1, np.int64)}, "labels from -1"),
        ({"y_train": np.zeros(19, np.uint8)}, "20 images but y_train has 19"),
        ({"y_test": np.zeros((10, 10), np.uint8)}, "y_test has shape"),
        ({"y_test": np.zeros(10, np.float32)}, "integer labels"),
    ],
)
def test_malformed_arrays_are_named(tmp_path, override, says):
    path = write_npz(tmp_path / "bad.npz", **arrays(**override))
    with pytest.raises(DatasetError) as error:
        load_npz(path)
    assert says in str(error.value) and str(path) in str(error.value)


@pytest.mark.parametrize(
    "content", [b"", b"PK\x03\x04 truncated zip", bytes(range(256)) * 40],
    ids=["empty", "truncated", "random"],
)
def test_unreadable_files(tmp_path, content):
    path = tmp_path / "broken.npz"
    path.write_bytes(content)
    with pytest.raises(DatasetError, match="not a readable .npz"):
        load_npz(path)


def test_truncated_real_archive(tmp_path):
    good = write_npz(tmp_path / "good.npz", **arrays(200, 100))
    cut = tmp_path / "cut.npz"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(DatasetError, match="cut.npz"):
        load_npz(cut)


def test_missing_file():
    with pytest.raises(DatasetError, match="no such file"):
        load_mnist("/nonexistent/mnist.npz")


def test_failed_download_explains_how_to_use_a_local_copy(tmp_path, monkeypatch):
    # The real Keras download path, with an empty cache and the network unreachable (conftest).
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))

    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))
    with pytest.raises(DatasetError) as error:
        load_mnist()
    message = str(error.value)
    assert "Could not download MNIST" in message and ENV_VAR in message and "--data" in message


def test_book_preparation(mnist):
    flat = prepare_images(mnist.x_test[:5], (784,))
    assert flat.shape == (5, 784) and flat.dtype == np.float32
    assert flat.max() == pytest.approx(1.0) and flat.min() == 0.0
    assert prepare_images(mnist.x_test[:5], (28, 28, 1)).shape == (5, 28, 28, 1)
    labels = one_hot(mnist.y_test[:5])
    assert labels.shape == (5, 10) and (labels.argmax(axis=1) == mnist.y_test[:5]).all()


def test_shared_copy_is_the_full_set(mnist):
    assert mnist.x_train.shape == (60000, 28, 28) and mnist.x_test.shape == (10000, 28, 28)
    assert np.bincount(mnist.y_test).tolist()[:3] == [980, 1135, 1032]


# ---- the download into Keras' cache, against a server on this machine --------------------

@pytest.fixture
def served(tmp_path, monkeypatch):
    """A file served over HTTP on 127.0.0.1, and a private Keras cache."""
    import functools
    import http.server
    import threading

    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))
    root = tmp_path / "www"
    root.mkdir()
    payload = write_npz(root / "mnist.npz", **arrays(500, 100))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/mnist.npz", payload
    server.shutdown()


def test_download_fills_the_keras_cache_with_progress(served):
    from model.keeping.files import sha256_of
    from model.learning.data import download_mnist, keras_cache_file

    url, payload = served
    seen = []
    path = download_mnist(lambda done, total: seen.append((done, total)), url=url,
                          sha256=sha256_of(payload))
    assert path == keras_cache_file() and path.read_bytes() == payload.read_bytes()
    assert seen[-1] == (payload.stat().st_size, payload.stat().st_size)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_keras_reads_what_the_download_cached(served, monkeypatch):
    """The whole real path offline: our download fills the cache, Keras' get_file finds it
    there (checking its hash) and the arrays come back validated."""
    import model.learning.data as data
    from model.keeping.files import sha256_of

    url, payload = served
    monkeypatch.setattr(data, "KERAS_MNIST_URL", url)
    monkeypatch.setattr(data, "KERAS_MNIST_SHA256", sha256_of(payload))
    data.download_mnist(url=url, sha256=sha256_of(payload))
    loaded = data.load_through_keras()
    assert loaded.source == data.KERAS_SOURCE and loaded.x_train.shape == (500, 28, 28)


def test_cancelled_or_damaged_download_leaves_nothing(served):
    from model.keeping.files import sha256_of
    from model.learning.cancel import CancelToken
    from model.learning.data import DownloadCancelled, download_mnist, keras_cache_file

    url, payload = served
    token = CancelToken()
    with pytest.raises(DownloadCancelled):
        download_mnist(lambda done, total: token.cancel(), token, url=url,
                       sha256=sha256_of(payload))
    with pytest.raises(DatasetError, match="damaged"):
        download_mnist(url=url, sha256="0" * 64)
    assert list(keras_cache_file().parent.iterdir()) == []


def test_download_offline_says_what_to_do(tmp_path, monkeypatch):

    from model.learning.data import download_mnist

    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    with pytest.raises(DatasetError, match=ENV_VAR):
        download_mnist()


def test_our_download_matches_what_keras_fetches():
    import inspect

    from keras.src.datasets import mnist

    from model.learning.data import KERAS_MNIST_SHA256, KERAS_MNIST_URL

    source = inspect.getsource(mnist.load_data)
    assert KERAS_MNIST_SHA256 in source and KERAS_MNIST_URL.rsplit("/", 1)[0] in source
