"""The named architectures DigitPad can train.

The names, descriptions and input shapes import nothing heavy: the CLI's choices and the Train
tab's list read them before Keras is loaded. Keras comes in when a network is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import keras

ARCHITECTURES = {
    "book": "Dense network from Deep Learning with Python, ch. 2 (784-512-10)",
    "cnn": "Small convnet trained with augmentation (better on drawn digits)",
}
# How the Train tab lists them.
TITLES = {"book": "Dense (the book's)", "cnn": "Convnet (best for drawings)"}
INPUT_SHAPES = {"book": (784,), "cnn": (28, 28, 1)}


CNN_RATE = 2e-3  # Adam's peak learning rate for a convnet trained from scratch


def build(arch: str, total_steps: int | None = None, rate: float | None = None) -> keras.Model:
    """A freshly initialised, compiled network. `total_steps` lets the convnet decay its rate
    from `rate` (by default CNN_RATE)."""
    if arch == "book":
        return build_book()
    if arch == "cnn":
        return build_cnn(total_steps, rate or CNN_RATE)
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


def build_cnn(total_steps: int | None = None, peak: float = CNN_RATE) -> keras.Model:
    import keras
    from keras import layers

    # Batch norm with a short memory: a quick run of a few dozen batches from the Train tab must
    # end with usable running statistics too, not the 0.99 default's half-initialised ones.
    def batch_norm() -> layers.Layer:
        return layers.BatchNormalization(momentum=0.9)

    def conv_block(filters: int) -> list[layers.Layer]:
        return [
            layers.Conv2D(filters, 3, padding="same", use_bias=False),
            batch_norm(),
            layers.Activation("relu"),
        ]

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
            layers.Flatten(),
            layers.Dense(128, use_bias=False),
            batch_norm(),
            layers.Activation("relu"),
            layers.Dropout(0.3),
            layers.Dense(10, activation="softmax"),
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
