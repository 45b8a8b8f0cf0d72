"""Train-time augmentation for the convnet: drawn digits are never as neat as MNIST's.

Applied in the tf.data pipeline, not inside the model, so a saved model is a plain stack of
standard layers (which the fast NumPy predictor can run and any Keras can load).
"""

from __future__ import annotations

import tensorflow as tf
from keras import layers


def augmenter(seed: int | None = None):
    """A function mapping a float batch (B, 28, 28, 1) in [0, 1] to an augmented batch."""
    geometry = [
        layers.RandomRotation(0.035, fill_mode="constant", seed=seed),  # about ±12°
        layers.RandomZoom((-0.15, 0.1), fill_mode="constant", seed=seed),
        layers.RandomTranslation(0.08, 0.08, fill_mode="constant", seed=seed),
    ]

    def augment(images: tf.Tensor) -> tf.Tensor:
        images = vary_thickness(images)
        for layer in geometry:
            images = layer(images, training=True)
        return tf.clip_by_value(images, 0.0, 1.0)

    return augment


def vary_thickness(images: tf.Tensor, strength: float = 0.7) -> tf.Tensor:
    """Blend each digit part-way towards its dilated (bolder) or eroded (thinner) self."""
    dilated = tf.nn.max_pool2d(images, ksize=3, strides=1, padding="SAME")
    eroded = -tf.nn.max_pool2d(-images, ksize=3, strides=1, padding="SAME")
    amount = tf.random.uniform((tf.shape(images)[0], 1, 1, 1), -strength, strength)
    target = tf.where(amount > 0, dilated, eroded)
    return images + tf.abs(amount) * (target - images)
