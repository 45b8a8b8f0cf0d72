"""Training through the GUI (worker thread, signals, live chart) vs a plain model.fit(verbose=0).

Both train the same network on the same data, interleaved, so both see the same machine.
While the GUI trains, a 10 ms timer on the GUI thread measures how late the event loop is.
"""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.common import median, mnist_path, open_window, percentile, row

SETUPS = {  # architecture: (training images, epochs)
    "book": (60000, 3),
    "fast": (6000, 1),
    "cnn": (6000, 1),
}
SMOKE_SETUPS = {"book": (1000, 1), "fast": (256, 1), "cnn": (256, 1)}
PEN_SETUP = (12000, 3)  # a fifth of MNIST: a fifth of the pen digits, the same proportions


def plain_fit(data, arch: str, epochs: int) -> float:
    """Samples per second of a bare Keras fit, the way the book runs it.

    Timed like the GUI run: the sum of its epochs' wall times (an epoch-level callback, which
    costs nothing per batch), so set-up outside the epochs counts for neither side.
    """
    import keras

    from model.learning import networks
    from model.learning.data import one_hot, prepare_images
    from model.learning.train import TrainConfig, training_dataset

    class EpochClock(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.seconds = 0.0

        def on_epoch_begin(self, epoch, logs=None):
            self.began = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.seconds += time.perf_counter() - self.began

    net = networks.build(arch)
    x = prepare_images(data.x_train, networks.INPUT_SHAPES[arch])
    y = one_hot(data.y_train)
    clock = EpochClock()
    if networks.is_convnet(arch):  # same input pipeline as ours, augmentation included
        net.fit(training_dataset(x, y, TrainConfig(arch, epochs)), epochs=epochs, verbose=0,
                callbacks=[clock])
    else:
        net.fit(x, y, epochs=epochs, batch_size=128, verbose=0, callbacks=[clock])
    return len(x) * epochs / clock.seconds


def gui_fit(app, window, data_path: Path, arch: str, limit: int, epochs: int,
            forms: bool = False, pen: bool = False):
    """MNIST samples per second through the Train tab, the GUI timer's lateness (ms), and the
    seconds of each epoch."""
    from PySide6.QtCore import QEventLoop, QTimer

    tab = window.training_tab
    tab.settings.local_radio.setChecked(True)
    tab.settings.data_path_edit.setText(str(data_path))
    tab.settings.architecture_combo.setCurrentIndex(tab.settings.architecture_combo.findData(arch))
    tab.settings.epochs_spin.setValue(epochs)
    tab.settings.batch_size_spin.setValue(128)
    tab.settings.limit_spin.setValue(limit if limit < 60000 else 0)
    tab.settings.forms_check.setChecked(forms)
    tab.settings.pen_check.setChecked(pen)
    epoch_seconds: list[float] = []
    lateness: list[float] = []
    last = [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        lateness.append(max(0.0, now - last[0] - 0.010))
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    loop = QEventLoop()  # a real event loop, idle between events, as in the app
    tab.trainingFinished.connect(loop.quit)
    tab.start()
    tab.run.epochEnded.connect(lambda epoch, logs, seconds: epoch_seconds.append(seconds))
    timer.start()
    loop.exec()
    timer.stop()
    tab.trainingFinished.disconnect(loop.quit)
    if len(epoch_seconds) != epochs:
        raise RuntimeError(f"GUI run did not finish: {tab.message_label.text()}")
    return limit * epochs / sum(epoch_seconds), lateness, epoch_seconds


def run(smoke: bool = False) -> list[dict]:
    import model as core

    core.import_tensorflow_quietly()
    from model.learning.data import load_npz

    rounds = 1 if smoke else 5
    data_path = mnist_path()
    full = load_npz(data_path)
    app, window = open_window()
    rows = []
    for arch, (limit, epochs) in (SMOKE_SETUPS if smoke else SETUPS).items():
        data = full.subset(train=limit)
        plain, ours, late = [], [], []
        for _ in range(rounds):
            plain.append(plain_fit(data, arch, epochs))
            speed, lateness, _ = gui_fit(app, window, data_path, arch, limit, epochs)
            ours.append(speed)
            late += lateness
        rows.append(row(f"training {arch}: GUI worker vs plain fit (samples/s)",
                        median(ours), median(plain), "samples/s", higher_is_better=True))
        rows.append(row(f"training {arch}: seconds per epoch of 60,000 (GUI)",
                        60000 / median(ours), 60000 / median(plain), "s"))
        rows.append(row(f"training {arch}: GUI 10 ms timer lateness p95",
                        percentile(late, 95) * 1000, 50.0, "ms"))
    # The world's handwriting forms add a sixth to the images of an epoch (model.learning.forms):
    # the convnet's epoch with them vs without, interleaved.
    limit, epochs = (SMOKE_SETUPS if smoke else SETUPS)["cnn"]
    with_forms, without = [], []
    for _ in range(rounds):
        with_forms += gui_fit(app, window, data_path, "cnn", limit, epochs, forms=True)[2]
        without += gui_fit(app, window, data_path, "cnn", limit, epochs, forms=False)[2]
    rows.append(row("training cnn: seconds per epoch with the world's forms vs without",
                    median(with_forms), median(without), "s"))
    # The real pen digits add a sixth more again (model.learning.pen_data), and the next epoch's are
    # drawn on a thread while an epoch trains: the middle epoch of three pays for that drawing
    # and for no warm-up. Today's recipe (the forms) beside the new one (forms + pen digits).
    limit, epochs = (1000, 3) if smoke else PEN_SETUP
    with_pen, forms_only = [], []
    for _ in range(1 if smoke else 2):
        with_pen.append(gui_fit(app, window, data_path, "cnn", limit, epochs, forms=True,
                                pen=True)[2][1])
        forms_only.append(gui_fit(app, window, data_path, "cnn", limit, epochs,
                                  forms=True)[2][1])
    rows.append(row("training cnn: seconds per epoch with the real pen digits vs today's "
                    "recipe (middle of 3 epochs)", median(with_pen), median(forms_only), "s"))
    window.close()
    return rows
