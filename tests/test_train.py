import keras
import numpy as np
import pytest

from model.learning.cancel import CancelToken
from model.learning.train import TrainConfig, TrainingError, fit


def test_short_book_run_learns(mnist_slice):
    config = TrainConfig("book", epochs=3, batch_size=128, validation_split=0.1, seed=1)
    result = fit(mnist_slice, config)
    assert not result.cancelled and result.epochs_completed == 3
    assert set(result.history) >= {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert result.history["loss"][1] < result.history["loss"][0]
    assert result.test_accuracy > 0.85
    assert result.confusion.shape == (10, 10) and result.confusion.sum() == 1000
    assert np.trace(result.confusion) == round(result.test_accuracy * 1000)
    # The book's network is read (and scored) exactly as the book does: one look per digit.
    assert result.test_accuracy == result.test_accuracy_as_drawn
    assert result.config.rotations == ()


@pytest.mark.heavy(48)
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
    from model.learning import networks

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
    from model.learning.data import Mnist

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
    config = TrainConfig("book", epochs=3, batch_size=100, seed=4, forms=400)
    result = fit(mnist_slice.subset(train=600), config)
    # in the last two epochs only (the first reads the 600 MNIST images alone)
    assert result.samples_seen == 600 + 2 * 1000 and result.test_accuracy is not None


def test_a_run_from_scratch_reads_the_forms_only_in_its_last_epochs():
    from model.learning.train import (
        epoch_steps,
        forms_from_epoch,
        images_by_epoch,
        phases,
        training_dataset,
    )

    assert forms_from_epoch(TrainConfig("cnn", epochs=20, forms=10)) == 18
    assert forms_from_epoch(TrainConfig("cnn", epochs=1, forms=10)) == 0
    assert forms_from_epoch(TrainConfig("cnn", epochs=3, forms=10, init_from="a.keras")) == 0
    config = TrainConfig("book", epochs=3, batch_size=3, seed=1, forms=3)
    sizes = images_by_epoch(5, config)  # 5 images, then the 3 forms (the last rows) too
    assert sizes == [5, 8, 8] and phases(sizes) == [(0, 1), (1, 3)]
    assert phases([7, 7, 7]) == [(0, 3)]
    x = np.zeros((8, 28, 28, 1), np.float32)
    y = np.eye(10, dtype=np.float32)[np.arange(8)]

    def labels_read(rows) -> list[int]:
        dataset = training_dataset(x, y, config, rows)
        return sorted(int(d) for _, labels in dataset for d in np.argmax(labels, axis=1))

    assert labels_read(5) == [0, 1, 2, 3, 4] and labels_read(None) == list(range(8))
    # the progress bar counts each epoch's own batches: 60 images, the 6 forms in the last two
    config = TrainConfig("cnn", epochs=3, batch_size=10, forms=6, validation_split=0.5)
    assert epoch_steps(120, config) == [6, 7, 7]


def test_the_forms_recipe_teaches_the_forms(mnist_slice):
    """Trained on MNIST, then (last epochs) with the forms: reads unseen digits of the trained
    forms (the held-out seed) with less than half the mistakes of the same run without them."""
    from model.learning import forms

    held = forms.generate(300, forms.HELD_OUT_SEED)
    accuracy = {}
    for count in (0, 1500):
        config = TrainConfig("book", epochs=4, batch_size=64, seed=2, forms=count)
        model = fit(mnist_slice.subset(train=1500), config).model
        predicted = model.predict(held.images.reshape(-1, 784) / 255, verbose=0).argmax(axis=1)
        accuracy[count] = float(np.mean(predicted == held.labels))
    assert 1 - accuracy[1500] < 0.5 * (1 - accuracy[0])  # measured: 10.7 % → 1.7 % wrong


def test_a_few_personal_samples_are_weighted_to_count(mnist_slice):
    from model.learning.train import personal_repeats

    assert personal_repeats(0, 60000) == 0
    assert personal_repeats(40, 60000) == 30  # 1,200 of 60,000 images: they count
    assert personal_repeats(5000, 60000) == 1  # many samples are not inflated further
    images = mnist_slice.x_test[:10].astype(np.float32) / 255
    labels = mnist_slice.y_test[:10]
    result = fit(mnist_slice.subset(train=1000), TrainConfig("book", epochs=1, batch_size=100,
                                                             seed=1), extra=(images, labels))
    assert result.samples_seen == 1000 + 10 * personal_repeats(10, 1000)


@pytest.mark.heavy(21)
def test_the_fast_convnet_learns_quickly_and_is_read_like_the_thorough_one(mnist):
    """The fast recipe (the Train tab's convnet default) on a small slice: it learns, and the
    app reads it with the same test-time views; its sidecar remembers the figure a later
    "Learn from my digits" starts from."""
    from model.keeping.store import build_metadata
    from model.learning.networks import RECIPES
    from model.reading.views import ROTATIONS

    data = mnist.subset(train=3000, test=500)
    config = TrainConfig("fast", epochs=3, batch_size=RECIPES["fast"].batch_size // 2, seed=3)
    result = fit(data, config)
    assert result.test_accuracy > 0.8
    assert config.rotations == ROTATIONS
    assert result.history["loss"][1] < result.history["loss"][0]
    metadata = build_metadata(result, "mnist.npz")
    assert metadata["architecture"] == "fast" and "augmentation" in metadata["recipe"]
    assert metadata["test_spread"]["digits"] == 500  # all of this small test set
    assert metadata["test_spread"]["accuracy"] == result.test_accuracy
