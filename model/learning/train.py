"""One training function for the CLI and the GUI: fit, cancel between batches, evaluate."""

from __future__ import annotations

import dataclasses
import functools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

from model.errors import DigitPadError
from model.language import _
from model.learning import networks
from model.learning.cancel import CancelToken
from model.learning.data import Mnist, images_to_float, one_hot, prepare_images
from model.learning.drawing import WORKERS, PenEpoch, Stopped, Workers
from model.reading.confidence import Calibration, calibrate, log_loss
from model.reading.outliers import FIT_DIGITS, fit_for_model
from model.reading.views import ROTATIONS, combined, with_views


class TrainingError(DigitPadError):
    """Training could not finish (for instance the loss became NaN); the message says why."""


@dataclass(frozen=True)
class TrainConfig:
    arch: str = "book"
    epochs: int = 5
    batch_size: int = 128
    validation_split: float = 0.0  # fraction of the training set held out, taken from its end
    seed: int | None = None
    # Digits of the world's handwriting forms (model.learning.forms) mixed into the training images.
    forms: int = 0
    # Start from a saved model's weights (a second stage), at this peak learning rate.
    init_from: str | None = None
    learning_rate: float | None = None
    # Read the trained convnet with test-time views (model.reading.views); off only to reproduce the
    # MNIST-only model as it was shipped, read as drawn.
    views: bool = True
    # The training writers' real pen digits (model.learning.pen_data), varied afresh every epoch.
    pen: bool = False

    def __post_init__(self) -> None:
        if self.arch not in networks.ARCHITECTURES:
            raise ValueError(f"unknown architecture {self.arch!r}")
        if self.epochs < 1 or self.batch_size < 1:
            raise ValueError("epochs and batch size must be at least 1")
        if not 0.0 <= self.validation_split < 1.0:
            raise ValueError("validation split must be in [0, 1)")
        if self.forms < 0:
            raise ValueError("the number of generated handwriting forms cannot be negative")

    @property
    def rotations(self) -> tuple[float, ...]:
        """The test-time views the trained network is read with (model.reading.views): the convnet
        learnt turned digits; the book's network stays exactly the book's."""
        return ROTATIONS if networks.is_convnet(self.arch) and self.views else ()


@dataclass
class TrainResult:
    model: keras.Model
    config: TrainConfig
    history: dict[str, list[float]]  # per epoch: loss, accuracy (and val_loss, val_accuracy)
    epochs_completed: int
    cancelled: bool
    seconds: float
    test_loss: float | None = None
    test_accuracy: float | None = None  # read as the app reads it (with its views)
    test_accuracy_as_drawn: float | None = None  # the network on the test digits alone
    confusion: np.ndarray | None = None  # (10, 10): rows true digit, columns predicted
    test_predictions: np.ndarray | None = None  # predicted digit for every test image
    samples_seen: int = 0
    training_images: int = 0  # an epoch's, with the forms when it counts them
    calibration: Calibration | None = None  # temperature, reliability, "not a digit" level
    # Real pen digits learnt from (model.learning.pen_data), each varied per epoch.
    pen_digits: int = 0
    pen_writers: int = 0
    # (accuracy, digits, fingerprint) on the spread of MNIST test a later "Learn from my
    # digits" reads (model.learning.data.Mnist.spread): its "before", known at once.
    test_spread: tuple[float, int, str] | None = None


def split_sizes(n_train: int, config: TrainConfig) -> tuple[int, int]:
    """(training samples, validation samples) after holding out the validation split."""
    n_val = int(n_train * config.validation_split)
    return n_train - n_val, n_val


TEST_DIGITS = 2000  # MNIST test digits learning from corrections reads before and after:
# every fifth, both halves (its "spread", model.learning.finetune)
PERSONAL_SHARE = 0.02  # of the training images: a few dozen samples must count, not drown


def personal_repeats(n_personal: int, n_train: int) -> int:
    """How often each of the person's samples goes into a training epoch."""
    if not n_personal:
        return 0
    return int(min(50, max(1, round(PERSONAL_SHARE * n_train / n_personal))))


def epoch_steps(n_train: int, config: TrainConfig, n_personal: int = 0) -> list[int]:
    """The batches of each epoch of a run on `n_train` MNIST images (and `n_personal` of the
    person's): an epoch whose loss does not count the generated forms leaves them out."""
    n_fit = split_sizes(n_train, config)[0]
    others = n_fit + n_personal * personal_repeats(n_personal, n_fit)
    if config.pen:
        from model.learning.pen_data import per_epoch

        others += per_epoch(n_fit, len(pen_training_digits()))
    return [math.ceil(n / config.batch_size) for n in images_by_epoch(others, config)]


def images_by_epoch(others: int, config: TrainConfig) -> list[int]:
    """How many images each epoch reads: `others`, and the config's forms from the first
    epoch whose loss counts them."""
    first = forms_from_epoch(config) if config.forms else config.epochs
    return [others + (config.forms if epoch >= first else 0) for epoch in range(config.epochs)]


def samples_seen(batches: int, sizes: Sequence[int], batch_size: int) -> int:
    """The images read in the first `batches` batches of epochs of `sizes` images."""
    seen = 0
    for size in sizes:
        steps = math.ceil(size / batch_size)
        if batches < steps:
            return seen + batches * batch_size
        seen, batches = seen + size, batches - steps
    return seen


@functools.lru_cache(maxsize=1)
def pen_training_digits():
    from model.learning.pen_data import training_digits

    return training_digits()


DRAWN_HERE_BELOW = 1000  # digits: fewer are drawn in the run's own thread (quicker than
# starting the workers), more by model.learning.drawing's workers side by side
_DRAWN: dict[str, tuple] = {}  # the last run's forms and first pen epoch, by what they were
# drawn from: a second run with the same seed (the Train tab's default) starts at once


def first_drawings(config: TrainConfig, pen_digits, pen_count: int, workers: Workers,
                   cancel: CancelToken | None = None):
    """The generated forms (a model.learning.forms.Generated, or None) and the real pen digits
    of the first epoch ((images, labels), or None) a run with `config` starts with, drawn side
    by side by `workers` (or remembered from the last run). Stopped when `cancel` is."""
    from model.learning import forms

    seed = config.seed or 0
    wanted = {"forms": (config.forms, seed) if config.forms else None,
              "pen": (pen_digits, seed, pen_count) if config.pen else None}  # by identity
    jobs = {}
    for kind, key in wanted.items():
        if key is not None and _DRAWN.get(kind, (None,))[0] != key:
            jobs[kind] = workers.start(forms.training_set, config.forms, seed) \
                if kind == "forms" else PenEpoch(workers, pen_digits, pen_count, seed, 0)
    stopped = (lambda: cancel.cancelled) if cancel is not None else None
    for kind, job in jobs.items():
        _DRAWN[kind] = (wanted[kind], job.get(stopped))
    return tuple(_DRAWN[kind][1] if key is not None else None for kind, key in wanted.items())


class StopGuard(keras.callbacks.Callback):
    """Stops at the next batch end when cancelled, or when the loss is no longer a number."""

    def __init__(self, cancel: CancelToken | None) -> None:
        super().__init__()
        self.cancel = cancel
        self.bad_loss: float | None = None
        self.batches = 0

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1
        loss = (logs or {}).get("loss")
        if loss is not None and not math.isfinite(float(loss)):
            self.bad_loss = float(loss)
            self.model.stop_training = True
        if self.cancel is not None and self.cancel.cancelled:
            self.model.stop_training = True


def fit(
    data: Mnist,
    config: TrainConfig,
    callbacks: Sequence[keras.callbacks.Callback] = (),
    cancel: CancelToken | None = None,
    extra: tuple[np.ndarray, np.ndarray] | None = None,
    pen_digits=None,
) -> TrainResult:
    """Train a fresh network on `data`, then evaluate it on the test set unless cancelled.

    `extra`: the person's own samples ((N, 28, 28) in [0, 1], labels), repeated so that they
    make up about PERSONAL_SHARE of the training images. `pen_digits`: the real pen digits a
    run with `config.pen` learns (model.learning.pen_data.PenDigits), by default the training
    writers' the app ships. Prints nothing: callers watch through
    Keras `callbacks`.
    """
    if config.seed is not None:
        keras.utils.set_random_seed(config.seed)
    started = time.perf_counter()
    input_shape = networks.INPUT_SHAPES[config.arch]
    x = prepare_images(data.x_train, input_shape)
    y = one_hot(data.y_train)
    n_fit, n_val = split_sizes(len(x), config)
    validation = (x[n_fit:], y[n_fit:]) if n_val else None
    x, y, kind = x[:n_fit], y[:n_fit], np.full(n_fit, PLAIN, np.int8)
    pen_count = 0
    if config.pen:
        from model.learning.pen_data import per_epoch

        pen_digits = pen_training_digits() if pen_digits is None else pen_digits
        pen_count = per_epoch(n_fit, len(pen_digits))
    with Workers(WORKERS if config.forms + pen_count >= DRAWN_HERE_BELOW else 1) as workers:
        try:
            extra_forms, first_pen = first_drawings(config, pen_digits, pen_count, workers,
                                                    cancel)
        except Stopped:  # Stop pressed while the digits were being drawn: nothing trained
            return TrainResult(model=networks.build(config.arch), config=config, history={},
                               epochs_completed=0, cancelled=True,
                               seconds=time.perf_counter() - started)
        if extra is not None and len(extra[1]):
            repeats = personal_repeats(len(extra[1]), n_fit)
            x = np.concatenate([x, np.repeat(prepare_images(np.asarray(extra[0], np.float32),
                                                            input_shape), repeats, axis=0)])
            y = np.concatenate([y, np.repeat(one_hot(np.asarray(extra[1])), repeats, axis=0)])
            kind = np.concatenate([kind, np.full(len(extra[1]) * repeats, PLAIN, np.int8)])
        pen_offset = len(x)  # the real pen digits sit last: each epoch redraws them in place
        if first_pen is not None:
            x = np.concatenate([x, prepare_images(first_pen[0], input_shape)])
            y = np.concatenate([y, one_hot(first_pen[1])])
            kind = np.concatenate([kind, np.full(pen_count, PEN, np.int8)])
        # The forms sit last: an epoch that does not count them reads the rows before them.
        if extra_forms is not None:
            x = np.concatenate([x, prepare_images(extra_forms.images, input_shape)])
            y = np.concatenate([y, one_hot(extra_forms.labels)])
            kind = np.concatenate([kind, np.full(config.forms, FORM, np.int8)])
        learnt = learnt_sample(x, kind, config.seed or 0)
        sizes = images_by_epoch(len(x) - config.forms, config)
        steps = [math.ceil(size / config.batch_size) for size in sizes]
        model = networks.build(config.arch, total_steps=sum(steps), rate=config.learning_rate)
        if config.init_from:
            from model.keeping.store import load_model

            model.set_weights(load_model(config.init_from)[0].get_weights())
        guard = StopGuard(cancel)
        if networks.is_convnet(config.arch) or config.forms or config.pen:
            images, y = tf.Variable(x, trainable=False), tf.Variable(y, trainable=False)
            pen = PenEpochs(pen_digits, pen_count, config.seed or 0, images, y, pen_offset,
                            cancel, networks.RECIPES[config.arch].pen_redrawn, workers) \
                if config.pen else None
            history: dict[str, list] = {}
            # One fit for the epochs before the forms count and one for the rest, each on its
            # own rows (a dataset cannot change its length between epochs within one fit).
            for first, end in phases(sizes):
                part = model.fit(
                    training_dataset(images, y, config, sizes[first]), initial_epoch=first,
                    epochs=end, validation_data=validation, shuffle=False,
                    callbacks=[*callbacks, guard, *([pen] if pen else [])], verbose=0)
                for key, values in part.history.items():
                    history.setdefault(key, []).extend(values)
                if guard.bad_loss is not None or (cancel is not None and cancel.cancelled):
                    break
        else:
            history = model.fit(
                x, y, epochs=config.epochs, batch_size=config.batch_size,
                validation_data=validation, callbacks=[*callbacks, guard], verbose=0,
            ).history

    if guard.bad_loss is not None:
        raise TrainingError(
            _("training stopped: the loss became {loss} (not a number). Try a smaller batch "
              "size or check the data for invalid pixels.").format(loss=guard.bad_loss)
        )
    cancelled = cancel is not None and cancel.cancelled
    epochs_done = len(history.get("loss", []))
    if cancelled and guard.batches < sum(steps):
        epochs_done = int(np.searchsorted(np.cumsum(steps), guard.batches, side="right"))
    result = TrainResult(
        model=model, config=config,
        history={key: [float(v) for v in values] for key, values in history.items()},
        epochs_completed=epochs_done, cancelled=cancelled,
        seconds=time.perf_counter() - started,
        samples_seen=samples_seen(guard.batches, sizes, config.batch_size),
        training_images=max(sizes),
    )
    if config.pen:
        result.pen_digits, result.pen_writers = len(pen_digits), len(pen_digits.writer_names)
    if not cancelled:
        evaluate_into(result, data, cancel, learnt)
    return result


def learnt_sample(x: np.ndarray, kind: np.ndarray, seed: int) -> np.ndarray:
    """Up to FIT_DIGITS of each kind of training image in `x` (MNIST and the person's, the
    generated forms, the real pen digits): the digits a "not a digit" gate learns to pass."""
    rng = np.random.default_rng((seed, 7))
    picked = [rng.choice(np.flatnonzero(kind == k), min(FIT_DIGITS, int(np.sum(kind == k))),
                         replace=False) for k in np.unique(kind)]
    return x[np.sort(np.concatenate(picked))]


def learnt_again(metadata: dict, data: Mnist, input_shape: tuple[int, ...]) -> np.ndarray:
    """For a saved model: a sample of what its recipe learnt from, as learnt_sample draws it
    during training (MNIST, and the forms and real pen digits its sidecar names). The seed
    need not be the run's: any draw of the same recipe's images serves."""
    seed = 1
    parts, kinds = [prepare_images(data.x_train, input_shape)], [np.full(len(data.x_train),
                                                                         PLAIN, np.int8)]
    if metadata.get("generated_forms"):
        from model.learning import forms

        generated = forms.training_set(int(metadata["generated_forms"]), seed)
        parts.append(prepare_images(generated.images, input_shape))
        kinds.append(np.full(len(generated.labels), FORM, np.int8))
    if metadata.get("pen_digits"):
        digits = pen_training_digits()
        images, _ = PenEpoch(None, digits, len(digits), seed, 0).get()
        parts.append(prepare_images(images, input_shape))
        kinds.append(np.full(len(images), PEN, np.int8))
    return learnt_sample(np.concatenate(parts), np.concatenate(kinds), seed)


@functools.lru_cache(maxsize=1)
def validation_digits() -> tuple[np.ndarray, np.ndarray] | None:
    """The validation writers' real pen digits as the canvas renders them ((N, 28, 28) in
    [0, 1], labels), where calibration and the "not a digit" level are fitted; None when the
    app's bundle of them is missing or broken (then the test set is cross-fitted)."""
    from model.learning.pen_data import PenDataError, rendered
    from model.learning.pen_data import validation_digits as bundled

    try:
        digits = bundled()
    except PenDataError:
        return None
    return rendered(digits).astype(np.float32) / 255, digits.labels


def forms_from_epoch(config: TrainConfig) -> int:
    """The first epoch (0-based) whose loss counts the generated forms (model.learning.forms)."""
    from model.learning.forms import first_epoch_with_forms

    return first_epoch_with_forms(config.epochs, second_stage=config.init_from is not None)


def phases(sizes: Sequence[int]) -> list[tuple[int, int]]:
    """(first epoch, end) of each run of epochs that read the same number of images: the
    epochs before the generated forms count leave them out, rather than weigh them 0 (a third
    of a fast run, and all but two epochs of the thorough one, read 10,000 images for
    nothing)."""
    starts = [0] + [e for e in range(1, len(sizes)) if sizes[e] != sizes[e - 1]]
    return list(zip(starts, [*starts[1:], len(sizes)]))


PLAIN, FORM, PEN = 0, 1, 2  # what each training image is (learnt_sample draws from each)


def training_dataset(x: np.ndarray | tf.Variable, y: np.ndarray | tf.Variable,
                     config: TrainConfig, rows: int | None = None) -> tf.data.Dataset:
    """Batches of the first `rows` rows (all by default), shuffled afresh every epoch,
    augmented for the convnet. `x` and `y` may be variables, whose rows a callback replaces
    between epochs (PenEpochs)."""
    from model.learning.augment import augmenter

    augment = augmenter(config.seed) if networks.is_convnet(config.arch) else None
    # A variable, not a constant: a constant this large would be copied into the graph.
    images = x if isinstance(x, tf.Variable) else tf.Variable(x, trainable=False)
    labels = y if isinstance(y, tf.Variable) else tf.constant(y)
    size = int(y.shape[0]) if rows is None else rows

    # Plain TensorFlow ops: AutoGraph has nothing to convert, and in a packaged app (no source
    # files) it would only warn that it cannot read this function.
    @tf.autograph.experimental.do_not_convert
    def prepare_batch(indices):
        batch = tf.gather(images, indices)
        if augment is not None:
            batch = augment(batch)
        return batch, tf.gather(labels, indices)

    return (
        tf.data.Dataset.range(size)
        .shuffle(size, seed=config.seed, reshuffle_each_iteration=True)
        .batch(config.batch_size)
        .map(prepare_batch, num_parallel_calls=tf.data.AUTOTUNE)
        .prefetch(2)
    )


class PenEpochs(keras.callbacks.Callback):
    """The real pen digits, varied afresh for every epoch: drawn as the epoch begins and
    written over the last rows of the images (and labels). Drawn between epochs by the run's
    workers, not beside the fit: on two cores a third busy thread stalled TensorFlow's own
    threads (measured: the epoch took 2.7× as long, for 2 s of drawing)."""

    def __init__(self, digits, count: int, seed: int, images: tf.Variable,
                 labels: tf.Variable, offset: int, cancel: CancelToken | None,
                 redrawn: float = 1.0, workers: Workers | None = None) -> None:
        """`images` and `labels`: the training variables; the pen digits are their rows from
        `offset` on. `redrawn`: the share varied afresh each epoch, in turn (a run beside
        all of MNIST, whose pen digits are all of them in order)."""
        super().__init__()
        self.digits, self.count, self.seed = digits, count, seed
        self.images, self.labels, self.offset, self.cancel = images, labels, offset, cancel
        self.parts = max(1, round(1 / redrawn)) if count == len(digits) else 1
        self.workers = workers

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == 0:
            return  # the first epoch's are in place from the start (first_drawings)
        shape = tuple(self.images.shape[1:])
        rows = np.arange(self.count)
        if self.parts > 1:
            size = -(-self.count // self.parts)
            rows = rows[epoch % self.parts * size:][:size]
            if not len(rows):
                return  # fewer digits than parts: this part is empty
            drawing = PenEpoch(self.workers, self.digits.select(rows), len(rows), self.seed,
                               epoch)
        else:
            drawing = PenEpoch(self.workers, self.digits, self.count, self.seed, epoch)
        try:
            images, labels = drawing.get(lambda: self.cancel is not None and
                                         self.cancel.cancelled)
        except Stopped:
            return  # the run is ending: the fit stops at its next batch
        self.images[self.offset + rows[0]:self.offset + rows[-1] + 1].assign(
            prepare_images(images, shape))
        self.labels[self.offset + rows[0]:self.offset + rows[-1] + 1].assign(one_hot(labels))


@dataclass(frozen=True)
class Evaluation:
    loss: float
    accuracy: float
    accuracy_as_drawn: float  # from the digits alone, without the turned views
    confusion: np.ndarray
    predictions: np.ndarray
    # Of the combined, uncalibrated probabilities (model.reading.confidence)
    calibration: Calibration
    # and, given the digits a model learnt from, its "not a digit" gate (model.reading.outliers)


class Cancelled(Exception):
    """Stop was pressed during the evaluation."""


EVALUATION_CHUNK = 1000  # images between two looks at Stop: ~0.3 s for the convnet here


def read_with_keras(model: keras.Model, images: np.ndarray, rotations: Sequence[float] = (),
                    cancel: CancelToken | None = None,
                    drawn: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """((N, 10) probabilities as the app reads `images` before its temperature: the network's
    own, combined over the test-time views `rotations` (model.reading.views); (N,) the digit the
    network reads in each image alone). `drawn`: the network's own (N, 10) output on the
    images as drawn when already read (keras_gate_inputs), so only the turned views are read.
    Raises Cancelled when `cancel` is set between two chunks of images."""
    input_shape = tuple(model.input_shape[1:])
    images = images_to_float(images) if images.dtype == np.uint8 else images.astype("float32")
    images = images.reshape(-1, 28, 28)
    n_views = 1 + len(rotations)
    chunk = max(EVALUATION_CHUNK // n_views, 1)  # the same work between two looks at Stop
    parts, as_drawn = [], []
    for start in range(0, len(images), chunk):
        if cancel is not None and cancel.cancelled:
            raise Cancelled()
        block = images[start:start + chunk]
        views = with_views(block, rotations)
        if drawn is not None:
            views = views[len(block):]
        raw = np.asarray(model.predict_on_batch(prepare_images(views, input_shape)), np.float64) \
            if len(views) else np.zeros((0, 10))
        if drawn is not None:
            raw = np.concatenate([np.asarray(drawn[start:start + chunk], np.float64), raw])
        as_drawn.append(raw[:len(raw) // n_views].argmax(axis=1))
        parts.append(combined(raw, n_views))
    if not parts:
        return np.zeros((0, 10)), np.zeros(0, np.int64)
    return np.concatenate(parts), np.concatenate(as_drawn)


def evaluate(model: keras.Model, images: np.ndarray, labels: np.ndarray,
             cancel: CancelToken | None = None,
             rotations: Sequence[float] = (), learnt: np.ndarray | None = None) -> Evaluation:
    """Test loss, accuracy (with the views `rotations`, and from each image alone), confusion
    matrix, predicted labels and calibration, of the images read as the app reads them
    (read_with_keras). The calibration is fitted on the validation writers' digits, and
    with `learnt` (network inputs of digits the model learnt from) holds a "not a digit" gate.
    Raises Cancelled when `cancel` is set between two chunks of images."""
    probabilities, as_drawn = read_with_keras(model, images, rotations, cancel)
    return evaluation_of(model, probabilities, as_drawn, labels, cancel, rotations, learnt)


def evaluation_of(model: keras.Model, probabilities: np.ndarray, as_drawn: np.ndarray,
                  labels: np.ndarray, cancel: CancelToken | None = None,
                  rotations: Sequence[float] = (),
                  learnt: np.ndarray | None = None) -> Evaluation:
    """evaluate's figures of images already read by read_with_keras (`probabilities`,
    `as_drawn`), for a caller that keeps the reading too."""
    validation = validation_digits()
    gate = drawn = None
    if learnt is not None and validation is not None:
        gate, drawn = fit_for_model(model, learnt, prepare_images(
            validation[0], tuple(model.input_shape[1:])))
    fitted = None if validation is None else \
        (read_with_keras(model, validation[0], rotations, cancel, drawn)[0], validation[1])
    calibration = dataclasses.replace(calibrate(probabilities, labels, fitted), gate=gate)
    loss = log_loss(probabilities, labels, floor=1e-7)  # Keras' epsilon: its own test_loss
    predictions = probabilities.argmax(axis=1)
    confusion = np.bincount(labels * 10 + predictions, minlength=100).reshape(10, 10)
    return Evaluation(loss, float(np.mean(predictions == labels)),
                      float(np.mean(as_drawn == labels)), confusion, predictions, calibration)


def evaluate_into(result: TrainResult, data: Mnist, cancel: CancelToken | None = None,
                  learnt: np.ndarray | None = None) -> None:
    try:
        evaluation = evaluate(result.model, data.x_test, data.y_test, cancel,
                              result.config.rotations, learnt)
    except Cancelled:
        result.cancelled = True  # pressed after the last batch: still a stopped run
        return
    result.test_loss = evaluation.loss
    result.test_accuracy = evaluation.accuracy
    result.test_accuracy_as_drawn = evaluation.accuracy_as_drawn
    result.confusion = evaluation.confusion
    result.test_predictions = evaluation.predictions
    result.calibration = evaluation.calibration
    result.test_spread = spread_of(evaluation.predictions, data)


def spread_of(predictions: np.ndarray, data: Mnist) -> tuple[float, int, str]:
    """(accuracy, digits, fingerprint) of full-test `predictions` on the spread of MNIST test
    that learning from corrections reads (TEST_DIGITS)."""
    picked = data.spread(TEST_DIGITS)
    return (float(np.mean(predictions[picked] == data.y_test[picked])), len(picked),
            data.spread_id(TEST_DIGITS))
