"""Loading MNIST (a local .npz, or Keras' download and cache) and the book's preparation."""

from __future__ import annotations

import os
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from model.errors import DigitPadError
from model.keeping.files import atomic_write, sha256_of
from model.language import _
from model.learning.cancel import CancelToken
from model.wording import offline_hint

ENV_VAR = "DIGITPAD_MNIST"  # named in wording.offline_hint too
KEYS = ("x_train", "y_train", "x_test", "y_test")
KERAS_SOURCE = "keras.datasets.mnist"
# Where and what keras.datasets.mnist.load_data() downloads (tests check these against Keras).
KERAS_MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
KERAS_MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"


class DatasetError(DigitPadError):
    """The data set could not be loaded or is not MNIST-shaped; the message says why."""


class DownloadCancelled(DatasetError):
    """The person stopped the download; nothing was left half-written in the cache."""


@dataclass(frozen=True)
class Mnist:
    x_train: np.ndarray  # (N, 28, 28) uint8, white digit on black
    y_train: np.ndarray  # (N,) integer labels 0-9
    x_test: np.ndarray
    y_test: np.ndarray
    source: str  # a file path, or KERAS_SOURCE

    def spread(self, count: int | None) -> np.ndarray:
        """Indices of `count` test digits spread evenly over the test set: its two halves were
        written by different people, so a slice of one would flatter or wrong a model. All of
        them when `count` is None or not smaller than the set."""
        n = len(self.y_test)
        if not count or count >= n:
            return np.arange(n)
        return np.arange(0, n, n // count)[:count]

    def spread_id(self, count: int | None) -> str:
        """A short fingerprint of those digits and labels: a figure read on them is reused
        only for the very same digits."""
        import hashlib

        picked = self.spread(count)
        digest = hashlib.sha256(np.ascontiguousarray(self.x_test[picked]).tobytes())
        digest.update(np.asarray(self.y_test[picked], np.int64).tobytes())
        return digest.hexdigest()[:16]

    def subset(self, train: int | None = None, test: int | None = None) -> Mnist:
        """The first `train` training and `test` test samples (None keeps all)."""
        return Mnist(
            self.x_train[:train], self.y_train[:train], self.x_test[:test], self.y_test[:test],
            self.source,
        )


def load_mnist(path: str | os.PathLike | None = None) -> Mnist:
    """MNIST from `path`, else from $DIGITPAD_MNIST, else through Keras (download once, cache)."""
    if path is None:
        path = os.environ.get(ENV_VAR) or None
    if path is not None:
        return load_npz(Path(path))
    return load_through_keras()


def load_through_keras() -> Mnist:
    """The path real users take: Keras downloads mnist.npz once into its cache
    (~/.keras/datasets, or $KERAS_HOME/datasets) and reads it from there afterwards."""
    try:
        import keras

        # What keras.datasets.mnist.load_data() does, through the public get_file, with the
        # cache folder named here so that it is the one download_mnist fills.
        path = keras.utils.get_file("mnist.npz", origin=KERAS_MNIST_URL,
                                    file_hash=KERAS_MNIST_SHA256, cache_subdir="datasets",
                                    cache_dir=str(keras_home()))
        with np.load(path, allow_pickle=False) as data:
            arrays = {key: data[key] for key in KEYS}
    except Exception as exc:  # Keras wraps network, proxy and disk errors in plain Exceptions
        raise DatasetError(_("Could not download MNIST through Keras: {reason}. {hint}").format(
            reason=exc, hint=offline_hint())) from exc
    return validated(arrays, KERAS_SOURCE)


def keras_home() -> Path:
    """Keras' own folder, as Keras documents it: $KERAS_HOME, else ~/.keras (or /tmp/.keras
    where the home folder cannot be written)."""
    if os.environ.get("KERAS_HOME"):
        return Path(os.environ["KERAS_HOME"])
    base = Path.home() if os.access(Path.home(), os.W_OK) else Path("/tmp")
    return base / ".keras"


def keras_cache_file() -> Path:
    """Where Keras keeps its downloaded mnist.npz."""
    return keras_home() / "datasets" / "mnist.npz"


def download_mnist(
    progress: Callable[[int, int], None] | None = None,
    cancel: CancelToken | None = None,
    url: str = KERAS_MNIST_URL,
    sha256: str = KERAS_MNIST_SHA256,
) -> Path:
    """Fill Keras' cache the way Keras would, but with progress reports and a way to cancel.

    `progress(bytes done, bytes total or 0)` is called as chunks arrive. Afterwards
    `load_through_keras()` finds the file in its cache and does not download again.
    """
    target = keras_cache_file()
    if target.is_file() and sha256_of(target) == sha256:
        return target

    def fetch(tmp: Path) -> None:
        if cancel is not None and cancel.cancelled:
            raise DownloadCancelled(_("The MNIST download was cancelled."))
        with open(tmp, "wb") as out, \
                urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as response:
            if cancel is not None:  # Stop, or a closing window, ends a read that waits
                cancel.on_cancel(lambda: _interrupt(response))
            total = int(response.headers.get("Content-Length") or 0)
            done = 0
            while True:
                try:
                    chunk = response.read(1 << 16)
                except (OSError, ValueError):
                    if cancel is not None and cancel.cancelled:
                        raise DownloadCancelled(_("The MNIST download was cancelled.")) from None
                    raise
                if cancel is not None and cancel.cancelled:
                    raise DownloadCancelled(_("The MNIST download was cancelled."))
                if not chunk:
                    break
                out.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
        if sha256_of(tmp) != sha256:
            raise DatasetError(_(
                "The downloaded MNIST file from {url} is damaged (its checksum does not match); "
                "try again.").format(url=url))

    try:
        atomic_write(target, fetch)  # a cancelled or failed download leaves no partial file
    except OSError as exc:  # URLError, timeouts, refused connections, full disks
        reason = getattr(exc, "reason", None) or exc.strerror or exc
        raise DatasetError(_("Could not download MNIST: {reason}. {hint}").format(
            reason=reason, hint=offline_hint())) from exc
    return target


DOWNLOAD_TIMEOUT = 10  # s to connect and between two chunks; Stop needs no timeout


def _interrupt(response) -> None:
    """Shut the connection down under a read that may be waiting (from another thread)."""
    import socket

    try:
        with socket.fromfd(response.fileno(), socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.shutdown(socket.SHUT_RDWR)
    except (OSError, ValueError):
        pass  # already closed: nothing is waiting


def load_npz(path: str | os.PathLike) -> Mnist:
    path = Path(path)
    if not path.is_file():
        raise DatasetError(_("{path}: no such file").format(path=path))
    if not zipfile.is_zipfile(path):  # else NumPy would talk about pickles
        raise DatasetError(_("{path}: not a readable .npz file (an .npz is a zip archive of the "
                             "arrays {names})").format(path=path, names=", ".join(KEYS)))
    try:
        with np.load(path, allow_pickle=False) as npz:
            missing = [key for key in KEYS if key not in npz.files]
            if missing:
                raise DatasetError(_("{path}: missing {missing}; an MNIST .npz holds the arrays "
                                     "{names}").format(path=path, missing=", ".join(missing),
                                                       names=", ".join(KEYS)))
            check_sizes(path)
            arrays = {key: npz[key] for key in KEYS}
    except DatasetError:
        raise
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise DatasetError(_("{path}: not a readable .npz file ({reason})").format(
            path=path, reason=exc)) from exc
    return validated(arrays, str(path))


def validated(arrays: dict[str, np.ndarray], source: str) -> Mnist:
    """Check shapes, dtypes, labels and lengths; every violation names the source and the array."""
    for split in ("train", "test"):
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if x.ndim != 3 or x.shape[1:] != (28, 28):
            raise DatasetError(_(
                "{source}: x_{split} has shape {shape}, expected (N, 28, 28)").format(
                    source=source, split=split, shape=x.shape))
        if x.dtype != np.uint8:
            raise DatasetError(_("{source}: x_{split} holds {dtype} pixels, expected uint8 "
                                 "(0-255)").format(source=source, split=split, dtype=x.dtype))
        if y.ndim != 1:
            raise DatasetError(_(
                "{source}: y_{split} has shape {shape}, expected (N,)").format(
                    source=source, split=split, shape=y.shape))
        if len(x) != len(y):
            raise DatasetError(_("{source}: x_{split} has {images} images but y_{split} has "
                                 "{labels} labels").format(source=source, split=split,
                                                           images=len(x), labels=len(y)))
        if len(x) == 0:
            raise DatasetError(_("{source}: x_{split} is empty").format(source=source,
                                                                        split=split))
        if not np.issubdtype(y.dtype, np.integer):
            raise DatasetError(_(
                "{source}: y_{split} holds {dtype}, expected integer labels").format(
                    source=source, split=split, dtype=y.dtype))
        if y.min() < 0 or y.max() > 9:
            raise DatasetError(_("{source}: y_{split} has labels from {low} to {high}, expected "
                                 "0-9").format(source=source, split=split, low=y.min(),
                                               high=y.max()))
    return Mnist(
        arrays["x_train"], arrays["y_train"].astype(np.int64),
        arrays["x_test"], arrays["y_test"].astype(np.int64), source,
    )


MAX_ARRAY_BYTES = 2 * 2**30  # MNIST is 55 MB; a header asking for more than 2 GB is hostile


def check_sizes(path: Path) -> None:
    """Refuse an .npz whose array headers ask for more memory than is sensible, before any
    array is allocated (a 100-byte file can claim a terabyte)."""
    with zipfile.ZipFile(path) as archive:
        for key in KEYS:
            with archive.open(f"{key}.npy") as member:
                version = np.lib.format.read_magic(member)
                if version == (1, 0):
                    shape, _fortran_order, dtype = np.lib.format.read_array_header_1_0(member)
                else:
                    shape, _fortran_order, dtype = np.lib.format.read_array_header_2_0(member)
            size = int(np.prod(shape, dtype=np.float64)) * np.dtype(dtype).itemsize
            if size > MAX_ARRAY_BYTES:
                raise DatasetError(_(
                    "{path}: {key} would need {gigabytes:,.1f} GB of memory (shape {shape}); "
                    "MNIST needs 0.05 GB, so it was not loaded").format(
                        path=path, key=key, gigabytes=size / 2 ** 30, shape=shape))


def images_to_float(images: np.ndarray) -> np.ndarray:
    """The book's scaling: uint8 0-255 to float32 0-1."""
    return images.astype("float32") / 255


def prepare_images(images: np.ndarray, input_shape: tuple[int, ...]) -> np.ndarray:
    """Scale and reshape (N, 28, 28) images for a model: (N, 784) dense, (N, 28, 28, 1) convnet."""
    images = images_to_float(images) if images.dtype == np.uint8 else images.astype("float32")
    return images.reshape((len(images), *input_shape))


def one_hot(labels: np.ndarray) -> np.ndarray:
    from keras.utils import to_categorical

    return to_categorical(labels, 10)
