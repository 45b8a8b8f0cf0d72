"""Train the line reader (model.reading.line): a small convolutional network that reads a whole
written number rendered as one line image, trained with CTC so that it never needs to know
where one digit ends and the next begins.

It learns from the training writers' pen digits only (model.learning.pen_data), laid out as
numbers of every layout the number reader is measured on (model.learning.pen_numbers: apart,
touching, overlapping, joined into one stroke, with separators, which it learns to pass over)
and as lone digits; new numbers every epoch. The validation writers' numbers are read after
each epoch (exact-number accuracy, greedy decoding), the test writers never.
`digitpad-train line-reader` (`make line-reader`): ~15 minutes on two cores.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from model.learning.pen_numbers import LAYOUTS, lone_number, pen_numbers
from model.reading.line import COLUMN, LINE_HEIGHT, LINE_WIDTH, greedy_text, render_line

EPOCHS, PER_LAYOUT, LONE = 14, 1500, 1500  # a run: 14 × (5 layouts × 1,500 + 1,500) lines
BATCH, LEARNING_RATE, SEED = 64, 2e-3, 1
MAX_DIGITS = 8  # the longest label a line holds (pen_numbers writes at most 6)


def line_examples(digits, per_layout: int, lone: int, seed: int):
    """(N, LINE_HEIGHT, LINE_WIDTH, 1) line images, (N, MAX_DIGITS) labels (digit + 1, 0 after
    the last: CTC's blank), and the numbers they show."""
    numbers = pen_numbers(digits, per_layout, seed)
    rng = np.random.default_rng(seed + 1)
    numbers += [lone_number(digits, int(i))
                for i in rng.choice(len(digits), size=min(lone, len(digits)), replace=False)]
    images = np.stack([render_line(n.strokes)[0] for n in numbers])[..., None]
    labels = np.zeros((len(numbers), MAX_DIGITS), np.int32)
    for k, number in enumerate(numbers):
        labels[k, :len(number.text)] = [int(c) + 1 for c in number.text]
    return images, labels, numbers


def line_network():
    """Convolutions that fold the height away, then (1, 5) convolutions along the columns;
    11 logits a column (none, 0…9). A Sequential stack the NumPy forward pass runs."""
    import keras
    from keras import layers

    def block(filters: int, kernel=3, pool=None) -> list:
        out = [layers.Conv2D(filters, kernel, padding="same", use_bias=False),
               layers.BatchNormalization(), layers.Activation("relu")]
        return out + ([layers.MaxPooling2D(pool)] if pool else [])

    return keras.Sequential([
        keras.Input((LINE_HEIGHT, LINE_WIDTH, 1)),
        *block(16, pool=(2, 2)), *block(32, pool=(2, 2)), *block(64), *block(64, pool=(2, 1)),
        *block(128, pool=(4, 1)),  # (1, LINE_WIDTH / COLUMN, 128)
        *block(128, (1, 5)), *block(128, (1, 5)),
        layers.Dropout(0.2),
        layers.Conv2D(11, 1),
        layers.Reshape((LINE_WIDTH // COLUMN, 11)),
    ], name="line_reader")


def train_line_reader(out: Path, epochs: int = EPOCHS, per_layout: int = PER_LAYOUT,
                      lone: int = LONE, report=print) -> float:
    """Train and save the line reader to `out` (atomically); the validation writers' numbers
    read exactly, as a share."""
    import keras

    from model.keeping.files import atomic_write
    from model.learning.pen_data import training_digits, validation_digits

    keras.utils.set_random_seed(SEED)
    network = line_network()
    steps = epochs * (len(LAYOUTS) * per_layout + lone) // BATCH
    network.compile(keras.optimizers.Adam(keras.optimizers.schedules.CosineDecay(
        LEARNING_RATE, steps)), loss=keras.losses.CTC())
    training = training_digits()
    check_images, _, check_numbers = line_examples(validation_digits(), 200, 0, seed=22)
    accuracy = 0.0
    for epoch in range(epochs):
        images, labels, _ = line_examples(training, per_layout, lone, seed=1000 + epoch)
        network.fit(images, labels, batch_size=BATCH, epochs=1, verbose=0, shuffle=True)
        read = network.predict(check_images, batch_size=256, verbose=0)
        accuracy = float(np.mean([greedy_text(r) == n.text for r, n in zip(read, check_numbers)]))
        report(f"epoch {epoch + 1}/{epochs}: validation writers' numbers read {accuracy:.1%}")
    shipped = keras.models.clone_model(network)  # without the optimizer's state: a third
    shipped.set_weights(network.get_weights())  # of the size, and all that reading needs
    atomic_write(out, shipped.save)
    return accuracy

