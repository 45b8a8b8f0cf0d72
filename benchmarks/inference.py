"""One image through the bundled model: Predictor vs model.predict vs model(x), one pass each;
the Predictor as the app uses it, with the model's test-time views (model.reading.views); and with
its "not a digit" gate (model.reading.outliers) vs without."""

from __future__ import annotations

import numpy as np

from benchmarks.common import median, percentile, row, timed


def run(smoke: bool = False) -> list[dict]:
    import model as core

    core.import_tensorflow_quietly()
    from model.keeping.paths import DEFAULT_MODEL
    from model.keeping.store import load_model
    from model.reading.outliers import Refusal
    from model.reading.predictor import Predictor
    from model.reading.views import views_of

    keras_model, metadata = load_model(DEFAULT_MODEL)
    predictor = Predictor(keras_model)
    viewed = Predictor(keras_model, rotations=views_of(metadata))
    judged = Predictor(keras_model, rotations=views_of(metadata), refusal=Refusal.of(metadata))
    image = np.random.default_rng(0).random((28, 28), dtype=np.float32)
    x = image.reshape((1, *keras_model.input_shape[1:]))
    for _ in range(5):  # warm-up: tracing, caches
        predictor.predict(image)
        viewed.predict(image)
        keras_model.predict(x, verbose=0)
        keras_model(x, training=False)
    ours, as_used, gated, predict, call = [], [], [], [], []
    for _ in range(2 if smoke else 30):  # interleaved: all three see the same machine load
        ours += timed(lambda: predictor.predict(image), 20)
        as_used += timed(lambda: viewed.predict(image), 20)
        gated += timed(lambda: judged.judge_many(image[None]), 20)
        predict += timed(lambda: keras_model.predict(x, verbose=0), 1)
        call += timed(lambda: keras_model(x, training=False), 3)
    ms = 1000
    return [
        row(f"inference: Predictor ({predictor.backend}) vs model.predict, median",
            median(ours) * ms, median(predict) * ms, "ms"),
        row("inference: Predictor vs model.predict, p95",
            percentile(ours, 95) * ms, percentile(predict, 95) * ms, "ms"),
        row("inference: Predictor vs model(x), median", median(ours) * ms, median(call) * ms,
            "ms"),
        row(f"inference: Predictor with the {1 + len(viewed.rotations)} views the app reads "
            "vs model.predict, median", median(as_used) * ms, median(predict) * ms, "ms"),
        row("inference: the views and the \"not a digit\" gate vs the views alone, median",
            median(gated) * ms, median(as_used) * ms, "ms"),
    ]
