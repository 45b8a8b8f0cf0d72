import keras
import numpy as np
import pytest

from model.cancel import CancelToken
from model.train import TrainConfig, TrainingError, fit


def test_short_book_run_learns(mnist_slice):
    config = TrainConfig("book", epochs=3, batch_size=128, validation_split=0.1, seed=1)
    result = fit(mnist_slice, config)
    assert not result.cancelled and result.epochs_completed == 3
    assert set(result.history) >= {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert result.history["loss"][1] < result.history["loss"][0]
    assert result.test_accuracy > 0.85
    assert result.confusion.shape == (10, 10) and result.confusion.sum() == 1000
    assert np.trace(result.confusion) == round(result.test_accuracy * 1000)


def test_short_cnn_run_with_augmentation_learns(mnist):
    result = fit(mnist.subset(train=3000, test=500), TrainConfig("cnn", epochs=2, seed=3))
    assert result.test_accuracy > 0.8


def test_cancel_mid_epoch_stops_within_a_batch(mnist_slice):
    token = CancelToken()
    batches = []

    class CancelAtThird(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            batches.append(batch)
            if batch == 2:
                token.cancel()

    result = fit(mnist_slice, TrainConfig("book", epochs=3, batch_size=64), [CancelAtThird()],
                 cancel=token)
    assert result.cancelled and result.epochs_completed == 0
    assert len(batches) == 3  # not one batch more
    assert result.test_accuracy is None and result.confusion is None


def test_nan_loss_is_reported(mnist_slice, monkeypatch):
    from model import networks

    real_build = networks.build

    def exploding(arch, total_steps=None, rate=None):
        net = real_build(arch, total_steps, rate)
        net.compile(optimizer=keras.optimizers.SGD(1e12), loss="categorical_crossentropy",
                    metrics=["accuracy"])
        return net

    monkeypatch.setattr(networks, "build", exploding)
    with pytest.raises(TrainingError, match="not a number"):
        fit(mnist_slice.subset(train=2000), TrainConfig("book", epochs=2))


def test_bad_settings_are_refused():
    with pytest.raises(ValueError):
        TrainConfig("resnet")
    with pytest.raises(ValueError):
        TrainConfig(epochs=0)


def test_the_validation_split_is_held_out_from_training(mnist_slice):
    from model.data import Mnist

    # The last fifth carries wrong labels (each digit's label shifted by one). A network that
    # never trained on it scores near zero there; one that did would learn some of them.
    y = mnist_slice.y_train.copy()
    held = len(y) - len(y) // 5
    y[held:] = (y[held:] + 1) % 10
    data = Mnist(mnist_slice.x_train, y, mnist_slice.x_test, mnist_slice.y_test, "test")
    result = fit(data, TrainConfig("book", epochs=3, batch_size=128, validation_split=0.2,
                                   seed=2))
    assert result.history["accuracy"][-1] > 0.85
    assert result.history["val_accuracy"][-1] < 0.1
    assert result.samples_seen == held * 3


def test_generated_forms_join_the_training_images(mnist_slice):
    config = TrainConfig("book", epochs=1, batch_size=100, seed=4, forms=400)
    result = fit(mnist_slice.subset(train=600), config)
    assert result.samples_seen == 1000 and result.test_accuracy is not None


def test_a_few_personal_samples_are_weighted_to_count(mnist_slice):
    from model.train import personal_repeats

    assert personal_repeats(0, 60000) == 0
    assert personal_repeats(40, 60000) == 30  # 1,200 of 60,000 images: they count
    assert personal_repeats(5000, 60000) == 1  # many samples are not inflated further
    images = mnist_slice.x_test[:10].astype(np.float32) / 255
    labels = mnist_slice.y_test[:10]
    result = fit(mnist_slice.subset(train=1000), TrainConfig("book", epochs=1, batch_size=100,
                                                             seed=1), extra=(images, labels))
    assert result.samples_seen == 1000 + 10 * personal_repeats(10, 1000)
