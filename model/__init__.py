"""DigitPad's Qt-free core: MNIST data, preprocessing, networks, training, storage, prediction.

Importing this package is cheap: TensorFlow/Keras are imported only by the modules that need
them (networks, train, store, predictor), so the GUI can show its window first.
"""

import os

# Keras must pick its backend before its first import, wherever that happens.
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
# TensorFlow's C++ start-up chatter is noise for users of a desktop app and a CLI.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

__version__ = "0.1.0"


def import_tensorflow_quietly():
    """Import TensorFlow and Keras with their C++ start-up log lines kept off the terminal.

    TensorFlow 2.21 logs through absl before TF_CPP_MIN_LOG_LEVEL is read, so the only way to
    keep oneDNN/CUDA notices out of a desktop app's and a CLI's output is to park stderr (the
    file descriptor, where C++ writes) while it starts. Python errors are still raised normally.
    """
    import sys

    if "tensorflow" in sys.modules:
        import tensorflow

        return tensorflow
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            import keras  # noqa: F401
            import tensorflow

            tensorflow.constant(0)  # device discovery logs too; let it happen now
    finally:
        os.dup2(saved, 2)
        os.close(saved)
    return tensorflow
