"""Killed while learning from "My digits" or while the Network view's index was written
(issue 26, case 5): the next start finds what the kill left, removes it, rebuilds what it
must, and tells the person nothing, because nothing they did went wrong."""

import os
import shutil
import time

import numpy as np

from model.keeping.files import LEFTOVER_AGE, sha256_of
from model.keeping.paths import DEFAULT_MODEL
from model.keeping.samples import SampleStore
from tests.gui_helpers import draw, seven
from tests.test_samples import make_sample
from tests.test_session import saved_model


def aged(path, content=b""):
    path.write_bytes(content)
    then = time.time() - LEFTOVER_AGE - 60
    os.utime(path, (then, then))
    return path


def test_the_next_start_after_a_kill_cleans_up_rebuilds_and_says_nothing(
        make_window, qtbot, settings, tmp_path, small_npz):
    models, cache = tmp_path / "models", tmp_path / "cache"
    cache.mkdir()
    learnt = saved_model(models, "2026-12-04_09-00-00_cnn-mine.keras")  # learnt before
    settings.setValue("model/path", str(learnt))
    store = SampleStore(tmp_path / "samples.sqlite3")
    store.add_many([make_sample(d % 10, seed=d) for d in range(30)])
    store.close()
    # What a kill in the middle of learning leaves: the new model's temporary, half written,
    # and the name it had reserved; in the middle of the index: its temporary, and (a disk
    # that lost the end of a write) an index file cut short.
    half_model = aged(models / ".2026-12-04_10-00-00_cnn-mine-2-k1ll3d.keras",
                      DEFAULT_MODEL.read_bytes()[:5000])
    reserved = aged(models / "2026-12-04_10-00-00_cnn-mine-2.keras")
    half_index = aged(cache / ".features-0123456789abcdef-k1ll3d.npz", b"PK\x03\x04" * 100)
    index_file = cache / f"features-{sha256_of(learnt)[:16]}.npz"
    aged(index_file, b"PK\x03\x04" + bytes(2000))
    writing_now = models / ".2026-12-04_11-00-00_cnn-x9y8z7.keras"  # a save still running
    writing_now.write_bytes(b"")

    window = make_window()
    assert window.session.active.path == learnt
    assert window.last_message is None  # nothing to tell
    assert not half_model.exists() and not reserved.exists() and not half_index.exists()
    assert writing_now.exists()
    assert window.training_tab.history.list.count() == 1
    assert window.samples.count() == 30

    window.training_tab.settings.local_radio.setChecked(True)
    window.training_tab.settings.data_path_edit.setText(str(small_npz))
    view = window.network_view
    window.tabs.setCurrentWidget(view)
    draw(window.canvas, seven(window.canvas))
    qtbot.waitUntil(lambda: len(view.neighbours) > 0, timeout=120_000)
    assert not view.retry_button.isVisible() and view.index_status.text() == ""
    with np.load(index_file) as stored:  # built again, whole
        assert len(stored["index"]) == 4000
    shutil.rmtree(cache)
