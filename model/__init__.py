"""DigitPad's Qt-free core: MNIST data, preprocessing, networks, training, storage, prediction.

Importing this package is cheap: TensorFlow/Keras are imported only by the modules that need
them (networks, train, store, predictor), so the GUI can show its window first.
"""

import importlib.metadata
import os
import threading

from model.language import _

# Keras must pick its backend before its first import, wherever that happens.
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
# TensorFlow's C++ start-up chatter is noise for users of a desktop app and a CLI.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

try:  # pyproject.toml is the version's one place; an installed DigitPad carries it along
    __version__ = importlib.metadata.version("digitpad")
except importlib.metadata.PackageNotFoundError:  # a source tree never installed
    __version__ = "0+unknown"


def import_tensorflow_quietly():
    """Import TensorFlow and Keras with their C++ start-up log lines kept off the terminal.

    TensorFlow 2.21 logs through absl before TF_CPP_MIN_LOG_LEVEL is read, so the only way to
    keep oneDNN/CUDA notices out of a desktop app's and a CLI's output is to park stderr (the
    file descriptor, where C++ writes) while it starts. Python errors are still raised normally.
    """
    import sys

    # One import at a time: two threads parking and restoring fd 2 at once would leave stderr
    # pointing at /dev/null for the rest of the session.
    with _IMPORT_LOCK:
        if "tensorflow" in sys.modules and "keras" in sys.modules:
            import tensorflow

            return tensorflow
        sys.stderr.flush()
        saved = os.dup(2)
        try:
            with open(os.devnull, "w") as devnull:
                os.dup2(devnull.fileno(), 2)
                preload_tensorflow_libraries()  # its static initialisers log too
                import keras  # noqa: F401
                import tensorflow

                tensorflow.constant(0)  # device discovery logs too; let it happen now
        except Exception as exc:  # a broken or missing install: say so, in words
            from model.errors import DigitPadError

            raise DigitPadError(_(
                "TensorFlow could not be loaded ({name}: {reason}). Reinstall DigitPad's "
                "dependencies (make run does) to train or to use this model.").format(
                    name=type(exc).__name__, reason=exc)) from exc
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        return tensorflow


_IMPORT_LOCK = threading.Lock()


# TensorFlow's native libraries in dependency order (measured: loading the framework first
# halves the stall again); the Python extension links against both.
_TF_LIBRARIES = ("libtensorflow_framework.so.2", "libtensorflow_cc.so.2",
                 "python/_pywrap_tensorflow_internal.so")


def preload_tensorflow_libraries() -> None:
    """Map TensorFlow's shared libraries with the GIL released (Linux; best effort).

    `import tensorflow` loads ~1 GB of shared libraries inside the import system, holding the
    GIL for ~0.3 s, so a GUI importing it in the background freezes that long. Calling
    libc's dlopen through ctypes releases the GIL during the load; the import that follows
    then finds the libraries already mapped. The longest stall drops from ~0.33 s to ~0.15 s
    (benchmarks/startup.py).
    """
    import sys

    if not sys.platform.startswith("linux") or "tensorflow" in sys.modules:
        return
    try:
        import ctypes
        import importlib.util

        spec = importlib.util.find_spec("tensorflow")
        if spec is None or not spec.submodule_search_locations:
            return
        folder = list(spec.submodule_search_locations)[0]
        libc = ctypes.CDLL(None)
        libc.dlopen.restype = ctypes.c_void_p
        libc.dlopen.argtypes = [ctypes.c_char_p, ctypes.c_int]
        for name in _TF_LIBRARIES:
            path = os.path.join(folder, name)
            if os.path.exists(path):
                # RTLD_LOCAL as the import system uses: RTLD_GLOBAL crashes TensorFlow.
                libc.dlopen(path.encode(), os.RTLD_NOW | os.RTLD_LOCAL)
    except (OSError, AttributeError, ValueError):
        return  # only an optimisation: the normal import still works
