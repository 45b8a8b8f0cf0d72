"""Learn a person's handwriting from their corrections, without forgetting MNIST.

The recipe: the active model's weights, a small learning rate (Adam 1e-4), the person's samples
repeated (so a few dozen matter) and mixed with MNIST training images (replay, so it keeps
reading everyone else's digits), the convnet's usual augmentation, a few epochs. Part of the
person's samples is held out, stratified by digit, and never learnt from: the before → after
accuracy on them, next to MNIST test before → after, says honestly whether it helped.

A person is waiting: MNIST before and after is read on a fixed spread of the test set
(TEST_DIGITS, with its 95 % interval) rather than all 10,000, and the "not a digit" gate is
fitted on a smaller sample of what was learnt than a full run's (docs/MODELS.md, "Fast where people
wait").
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import keras
import numpy as np

from model.keeping.samples import LEARNT_PER_DIGIT, newest_per_digit, split_held_out
from model.learning.cancel import CancelToken
from model.learning.data import Mnist, one_hot, prepare_images
from model.learning.train import (
    TEST_DIGITS,
    StopGuard,
    TrainConfig,
    evaluate,
    read_with_keras,
    training_dataset,
)
from model.reading.confidence import Calibration, margin
from model.reading.outliers import FIT_DIGITS

GATE_DIGITS = FIT_DIGITS // 4  # of what was learnt, for the tuned model's gate


@dataclass(frozen=True)
class FinetuneConfig:
    # Half the work of the first recipe (3 epochs of 20 repeats and 2,000 MNIST images at 1e-4,
    # batches of 64) in larger batches at twice the rate: the same held-out gain on the odd hand
    # of the benchmark, MNIST as well kept, 6.5 s of fitting instead of 13 (docs/MODELS.md).
    epochs: int = 2
    repeats: int = 15  # each learnt sample is seen this many times an epoch
    replay: int = 1500  # MNIST training images mixed in
    learning_rate: float = 2e-4
    batch_size: int = 128
    held_out: float = 0.3  # share of each digit's samples kept for the honest figure
    seed: int = 0
    test_digits: int | None = TEST_DIGITS  # None: all of MNIST test
    per_digit: int = LEARNT_PER_DIGIT


def test_spread(mnist: Mnist, count: int | None) -> tuple[np.ndarray, np.ndarray]:
    """The `count` MNIST test digits of Mnist.spread, ((N, 28, 28) in [0, 1], labels)."""
    picked = mnist.spread(count)
    return mnist.x_test[picked].astype(np.float32) / 255, mnist.y_test[picked]


@dataclass
class FinetuneResult:
    model: keras.Model | None  # None when cancelled
    learnt: int  # samples learnt from
    held: int  # samples held out
    held_before: float | None  # accuracy on the held-out samples (None when none are held)
    held_after: float | None
    mnist_before: float
    mnist_after: float | None
    seconds: float
    cancelled: bool = False
    calibration: Calibration | None = None  # the tuned model's, on MNIST test
    rotations: tuple[float, ...] = ()  # the test-time views both models are read with
    mnist_after_as_drawn: float | None = None  # without the views
    test_digits: int = 0  # how many MNIST test digits the before and after figures read
    offered: int = 0  # the samples there were; beyond config.per_digit of a digit, not used

    @property
    def mnist_margin(self) -> float:
        """Half the width of the 95 % interval around mnist_after (0 when not read)."""
        return margin(self.mnist_after, self.test_digits) if self.mnist_after is not None \
            else 0.0


def accuracy(model: keras.Model, images: np.ndarray, labels: np.ndarray,
             rotations: Sequence[float] = ()) -> float:
    """How many of `images` ((N, 28, 28) in [0, 1]) the model reads right, with the test-time
    views `rotations` (model.reading.views) as the app reads them."""
    if len(labels) == 0:
        return float("nan")
    probabilities, _ = read_with_keras(model, np.asarray(images, np.float32), rotations)
    return float(np.mean(probabilities.argmax(axis=1) == np.asarray(labels)))


def finetune(model: keras.Model, images: np.ndarray, labels: Sequence[int], mnist: Mnist,
             config: FinetuneConfig = FinetuneConfig(),
             callbacks: Sequence[keras.callbacks.Callback] = (),
             cancel: CancelToken | None = None,
             rotations: Sequence[float] = (), mnist_before: float | None = None
             ) -> FinetuneResult:
    """Fine-tune a copy of `model` on the samples (`images` (N, 28, 28) in [0, 1]) plus MNIST
    replay; `model` itself is left untouched. Both are judged as the app reads them, with the
    base model's test-time views `rotations` (model.reading.views), which the tuned model keeps.
    `mnist_before`: the base model's figure on these test digits when already known (its
    sidecar's, model.keeping.store.known_spread_accuracy), else read here."""
    started = time.perf_counter()
    offered = len(labels)
    used, learn, held = _chosen(labels, config)
    images = np.asarray(images, dtype=np.float32)[used]
    labels = np.asarray(labels, dtype=np.int64)[used]
    if not learn:
        raise ValueError("there are no samples to learn from")
    input_shape = tuple(model.input_shape[1:])
    test_x, test_y = test_spread(mnist, config.test_digits)
    tuned = tuner(model, config.learning_rate)  # `model`'s weights until it learns
    if mnist_before is None:
        mnist_before = accuracy(tuned, test_x, test_y, rotations)
    held_before = accuracy(tuned, images[held], labels[held], rotations) if held else None

    rng = np.random.default_rng(config.seed)
    replay = rng.choice(len(mnist.x_train), min(config.replay, len(mnist.x_train)),
                        replace=False) if config.replay else np.zeros(0, dtype=int)
    x = np.concatenate([np.repeat(images[learn], config.repeats, axis=0),
                        mnist.x_train[replay].astype(np.float32) / 255])
    y = np.concatenate([np.repeat(labels[learn], config.repeats), mnist.y_train[replay]])
    order = rng.permutation(len(x))
    x, y = prepare_images(x[order], input_shape), one_hot(y[order])

    guard = StopGuard(cancel)
    if input_shape == (28, 28, 1):  # a convnet learns from the same augmentation as always
        inputs = training_dataset(x, y, TrainConfig("cnn", config.epochs, config.batch_size,
                                                     seed=config.seed))
        tuned.fit(inputs, epochs=config.epochs, callbacks=[*callbacks, guard], verbose=0,
                  shuffle=False)
    else:
        tuned.fit(x, y, epochs=config.epochs, batch_size=config.batch_size,
                  callbacks=[*callbacks, guard], verbose=0)
    if cancel is not None and cancel.cancelled:
        return FinetuneResult(None, len(learn), len(held), held_before, None, mnist_before,
                              None, time.perf_counter() - started, cancelled=True,
                              offered=offered)
    # The tuned model's own "not a digit" gate, fitted on what it learnt from (the digits are
    # shuffled: the first ones are a fair sample).
    after = evaluate(tuned, test_x, test_y, rotations=rotations, learnt=x[:GATE_DIGITS])
    held_after = accuracy(tuned, images[held], labels[held], rotations) if held else None
    return FinetuneResult(
        released(tuned), len(learn), len(held), held_before, held_after,
        mnist_before, after.accuracy, time.perf_counter() - started,
        calibration=after.calibration, rotations=tuple(rotations),
        mnist_after_as_drawn=after.accuracy_as_drawn, test_digits=len(test_y), offered=offered)


_TUNERS: dict[tuple[str, float], keras.Model] = {}  # the last learning's network, traced


def tuner(model: keras.Model, learning_rate: float) -> keras.Model:
    """A compiled copy of `model` to fine-tune, its early layers kept as they are. The copy of
    the last learning of a network like this one is reused with these weights and a fresh
    optimizer: its training step is traced already (~2 s of a learning on this machine)."""
    key = (model.to_json(), learning_rate)
    tuned = _TUNERS.get(key)
    if tuned is None:
        tuned = keras.models.clone_model(model)
        for layer in kept_as_they_are(tuned):
            layer.trainable = False
        tuned.compile(optimizer=keras.optimizers.Adam(learning_rate),
                      loss="categorical_crossentropy", metrics=["accuracy"])
        _TUNERS.clear()
        _TUNERS[key] = tuned
    elif tuned.optimizer.built:
        for variable in tuned.optimizer.variables:  # its moments and step count start again
            if variable is not tuned.optimizer.learning_rate:
                variable.assign(np.zeros(variable.shape, variable.dtype))
    tuned.set_weights(model.get_weights())
    return tuned


def released(tuned: keras.Model) -> keras.Model:
    """The tuned network as a model of its own, every layer trainable as any model DigitPad
    saves: the tuner itself is reused by the next learning."""
    copy = keras.models.clone_model(tuned)
    for layer in copy.layers:
        layer.trainable = True
    copy.set_weights(tuned.get_weights())
    return copy


def kept_as_they_are(model: keras.Model) -> list:
    """A convnet's layers before its last convolution, which learning from corrections leaves
    as they are: they find strokes, edges and their parts, which a person's hand does not
    change, and they are the costly part of a training step (the thorough convnet's step takes
    under a third of the time with them kept: 116 ms against 393 ms here). The last
    convolution and the classifier adapt to the hand; kept, the earlier batch normalisations
    read with their running statistics. Chosen on the odd hand and the validation writers
    (docs/MODELS.md, "Fast where people wait")."""
    convolutions = [i for i, layer in enumerate(model.layers)
                    if isinstance(layer, keras.layers.Conv2D)]
    return model.layers[:convolutions[-1]] if convolutions else []


def _chosen(labels: Sequence[int], config: FinetuneConfig
            ) -> tuple[np.ndarray, list[int], list[int]]:
    """(the samples used: the newest of each digit, then of those: the ones learnt from,
    the ones held out)."""
    used = newest_per_digit(labels, config.per_digit)
    learn, held = split_held_out(np.asarray(labels)[used], config.held_out, config.seed)
    return used, learn, held


def steps_per_epoch(labels: Sequence[int], config: FinetuneConfig) -> int:
    """Batches in one epoch of fine-tuning on samples with these labels."""
    _, learn, _ = _chosen(labels, config)
    return -(-(len(learn) * config.repeats + config.replay) // config.batch_size)
