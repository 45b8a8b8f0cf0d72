"""Numbers as people write them: numbers made of the real pen digits of writers held out from
training and tuning (tests/pen_numbers.py: apart, touching, overlapping, joined in one stroke,
with separators), read exactly; the same numbers photographed on paper (tests/pen_numbers.py
on_paper: grain, ruled lines, uneven light, shadows); and lone held-out digits cut in two.
Today's reader beside the reader before it learnt to cut joined ink, leave separators out and
take the paper away (model/segment.py as of BASELINE_COMMIT, loaded from git so both run in
one process on the same strokes; both open pictures with today's model.preprocess)."""

from __future__ import annotations

import subprocess
import sys
import types

import numpy as np

from benchmarks.common import ROOT, row

BASELINE_COMMIT = "7209bf6"  # the reader before this wave's numbers work


def baseline_reader():
    """model/segment.py as it was at BASELINE_COMMIT, or None outside a git checkout."""
    try:
        source = subprocess.run(["git", "show", f"{BASELINE_COMMIT}:model/segment.py"],
                                cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType("segment_before")
    sys.modules[module.__name__] = module  # its dataclasses look themselves up there
    exec(compile(source, "segment_before.py", "exec"), module.__dict__)  # noqa: S102
    return module


def run(smoke: bool = False) -> list[dict]:
    import model as core

    core.import_tensorflow_quietly()
    from model import segment
    from model.confidence import temperature_of
    from model.paths import DEFAULT_MODEL
    from model.pen_data import TEST, read_unipen, shared_file
    from model.predictor import Predictor
    from model.store import load_model
    from model.views import views_of
    from tests.pen_numbers import LAYOUTS, pen_numbers

    if shared_file() is None:
        return []
    held_out = read_unipen(shared_file()).part(TEST)
    keras_model, metadata = load_model(DEFAULT_MODEL)
    predict = Predictor(keras_model, temperature_of(metadata), views_of(metadata)).predict_many
    before = baseline_reader()
    readers = [segment] + ([before] if before else [])
    numbers = pen_numbers(held_out, 4 if smoke else 100, seed=11)
    rows = []
    exact = {reader: {} for reader in readers}
    for number in numbers:
        for reader in readers:
            read = "".join(str(r.digit) for r in reader.read_strokes(number.strokes, predict))
            exact[reader].setdefault(number.layout, []).append(read == number.text)
    for layout in (*LAYOUTS, "all"):
        ours, theirs = (100 * np.mean([v for name, values in exact[reader].items()
                                       if layout in (name, "all") for v in values])
                        for reader in (segment, before or segment))
        rows.append(row(f"numbers: real pens, {layout}, read exactly", ours,
                        theirs if before else None, "%", higher_is_better=True))
    rows += photo_rows(held_out, predict, readers, smoke)
    lone = range(0, len(held_out), 40 if smoke else 1)
    cut = {reader: sum(len(reader.read_strokes([s * 100 for s in held_out.strokes(i)],
                                               predict)) != 1 for i in lone)
           for reader in readers}
    rows.append(row(f"numbers: lone real pen digits cut in two (of {len(lone):,})",
                    cut[segment], cut[before] if before else None, "digits"))
    return rows


PHOTO_LAYOUTS = ("apart", "touching", "joined", "separators")


def photo_rows(held_out, predict, readers, smoke: bool) -> list[dict]:
    import tempfile
    from pathlib import Path

    from PIL import Image

    from model.preprocess import load_image
    from model.segment import NoNumberError
    from tests.pen_numbers import pen_numbers, pictures

    numbers = pen_numbers(held_out, 2 if smoke else 50, seed=12, layouts=PHOTO_LAYOUTS)
    exact = {reader: {} for reader in readers}
    with tempfile.TemporaryDirectory() as folder:
        for k, (number, picture) in enumerate(zip(numbers, pictures(numbers, seed=12))):
            path = Path(folder) / f"{k}.jpg"
            Image.fromarray(picture).save(path, quality=85)
            ink = load_image(path)
            for reader in readers:
                try:
                    read = "".join(str(r.digit) for r in reader.read_picture(ink, predict))
                except NoNumberError:  # a number taken for a page of text is read wrong
                    read = ""
                exact[reader].setdefault(number.layout, []).append(read == number.text)
    ours, before = readers[0], readers[-1] if len(readers) > 1 else None
    rows = []
    for layout in (*PHOTO_LAYOUTS, "all"):
        shares = [100 * np.mean([v for name, values in exact[reader].items()
                                 if layout in (name, "all") for v in values])
                  for reader in (ours, before or ours)]
        rows.append(row(f"numbers: photos of real pen numbers on paper, {layout}, read exactly",
                        shares[0], shares[1] if before else None, "%", higher_is_better=True))
    return rows
