"""The named architectures DigitPad can train.

The names, descriptions and input shapes import nothing heavy: the CLI's choices and the Train
tab's list read them before Keras is loaded. Keras comes in when a network is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from model.language import N_

if TYPE_CHECKING:
    import keras

ARCHITECTURES = {
    "book": N_("Dense network from Deep Learning with Python, ch. 2 (784-512-10)"),
    "fast": N_("Convnet sized for a laptop's CPU: a strided stem, two stages, warm-up and "
               "cosine rate (a few minutes)"),
    "cnn": N_("Small convnet trained with augmentation (the thorough recipe, about 20 "
              "minutes)"),
}
INPUT_SHAPES = {"book": (784,), "fast": (28, 28, 1), "cnn": (28, 28, 1)}


@dataclass(frozen=True)
class Recipe:
    """How a network is trained unless the person says otherwise."""

    epochs: int
    batch_size: int
    # The share of the real pen digits varied afresh each epoch (the rest keep an earlier
    # epoch's variation): drawing all of them (~1 ms each) is a third of a fast epoch.
    pen_redrawn: float = 1.0


RECIPES = {"book": Recipe(5, 128), "fast": Recipe(5, 256, pen_redrawn=0.25),
           "cnn": Recipe(20, 128)}


def is_convnet(arch: str) -> bool:
    """A network that sees the digit as an image (augmented, read with test-time views)."""
    return INPUT_SHAPES.get(arch) == (28, 28, 1)


CNN_RATE = 2e-3  # Adam's peak learning rate for a convnet trained from scratch
FAST_RATE = 3e-3  # the fast convnet's, after a warm-up


def build(arch: str, total_steps: int | None = None, rate: float | None = None) -> keras.Model:
    """A freshly initialised, compiled network. `total_steps` lets a convnet schedule its
    rate around its peak `rate` (by default its own)."""
    if arch == "book":
        return build_book()
    if arch == "cnn":
        return build_cnn(total_steps, rate or CNN_RATE)
    if arch == "fast":
        return build_fast(total_steps, rate or FAST_RATE)
    raise ValueError(f"unknown architecture {arch!r}; choose one of {', '.join(ARCHITECTURES)}")


def build_book() -> keras.Model:
    """Exactly the book's network and compile settings."""
    import keras
    from keras import layers

    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            layers.Dense(512, activation="relu"),
            layers.Dense(10, activation="softmax"),
        ],
        name="book",
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def batch_norm():
    # Batch norm with a short memory: a quick run of a few dozen batches from the Train tab must
    # end with usable running statistics too, not the 0.99 default's half-initialised ones.
    from keras import layers

    return layers.BatchNormalization(momentum=0.9)


def conv_block(filters: int, size: int = 3, strides: int = 1) -> list:
    from keras import layers

    return [layers.Conv2D(filters, size, strides=strides, padding="same", use_bias=False),
            batch_norm(), layers.Activation("relu")]


def classifier_head(dropout: float) -> list:
    """Flattened maps → a 128-wide hidden layer → the ten digits."""
    from keras import layers

    return [layers.Flatten(), layers.Dense(128, use_bias=False), batch_norm(),
            layers.Activation("relu"), layers.Dropout(dropout),
            layers.Dense(10, activation="softmax")]


def build_cnn(total_steps: int | None = None, peak: float = CNN_RATE) -> keras.Model:
    import keras
    from keras import layers

    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            *conv_block(32),
            *conv_block(32),
            layers.MaxPooling2D(2),
            layers.Dropout(0.1),
            *conv_block(64),
            *conv_block(64),
            layers.MaxPooling2D(2),
            layers.Dropout(0.15),
            *classifier_head(0.3),
        ],
        name="cnn",
    )
    rate: float | keras.optimizers.schedules.LearningRateSchedule = peak
    if total_steps:
        # Cosine decay to a small rate squeezes the last tenths of a percent out of few epochs.
        rate = keras.optimizers.schedules.CosineDecay(peak, decay_steps=total_steps, alpha=0.02)
    model.compile(
        optimizer=keras.optimizers.Adam(rate),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def build_fast(total_steps: int | None = None, peak: float = FAST_RATE) -> keras.Model:
    """The fast recipe's network, sized by time per batch on a 2-core CPU, not by parameters:
    a 5×5 stem with stride 2 reads the digit at 14×14 at once (the thorough network's two
    full-size layers cost half its time), then 64 and 128 filters at 14×14 and 7×7. ~7 M
    multiply-adds a digit against the thorough one's ~19 M; a third of its time per epoch.
    Trained with a warm-up to `peak`, then a cosine decay, and label smoothing
    (docs/MODELS.md, "Fast where people wait")."""
    import keras
    from keras import layers

    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            *conv_block(32, 5, strides=2),
            *conv_block(64),
            layers.MaxPooling2D(2),
            *conv_block(128),
            layers.MaxPooling2D(2),
            # Its narrow last hidden layer is cheap here, and it is what the "not a digit" gate
            # and the Network view's nearest neighbours read (1,152 numbers made both slow).
            *classifier_head(0.2),
        ],
        name="fast",
    )
    rate: float | keras.optimizers.schedules.LearningRateSchedule = peak
    if total_steps:
        warm_up = max(1, total_steps // 10)
        rate = keras.optimizers.schedules.CosineDecay(
            peak / 10, decay_steps=max(1, total_steps - warm_up), alpha=0.01,
            warmup_target=peak, warmup_steps=warm_up)
    model.compile(
        optimizer=keras.optimizers.Adam(rate),
        loss=keras.losses.CategoricalCrossentropy(label_smoothing=0.1),
        metrics=["accuracy"],
    )
    return model
