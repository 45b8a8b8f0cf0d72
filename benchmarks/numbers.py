"""Numbers as people write them: numbers made of the real pen digits of writers held out from
training and tuning (model/learning/pen_numbers.py: apart, touching, overlapping, joined in one
stroke, with separators), read exactly; the same numbers photographed on paper
(tests/pen_numbers.py on_paper: grain, ruled lines, uneven light, shadows); and lone held-out
digits cut in two. Today's reader weighs candidates by the model's whole-digit fit.
Today's reader beside the reader before it learnt to cut joined ink, leave separators out and
take the paper away (model/reading/segment.py as of BASELINE_COMMIT, loaded from git so both run in
one process on the same strokes; both open pictures with today's model.reading.preprocess)."""

from __future__ import annotations

import functools
import subprocess
import sys
import types

import numpy as np

from benchmarks.common import ROOT, row

BASELINE_COMMIT = "7209bf6"  # the reader before this wave's numbers work


def baseline_reader():
    """model/reading/segment.py as it was at BASELINE_COMMIT, or None outside a git checkout."""
    try:
        # It lived in model/ then, beside the preprocessing it imports (now model/reading/).
        source = subprocess.run(["git", "show", f"{BASELINE_COMMIT}:model/segment.py"],
                                cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    source = source.replace("from model.preprocess import", "from model.reading.preprocess import")
    module = types.ModuleType("segment_before")
    sys.modules[module.__name__] = module  # its dataclasses look themselves up there
    exec(compile(source, "segment_before.py", "exec"), module.__dict__)  # noqa: S102
    return module


def run(smoke: bool = False) -> list[dict]:
    from model.keeping.paths import DEFAULT_MODEL
    from model.learning.pen_data import TEST, read_unipen, shared_file
    from model.learning.pen_numbers import pen_numbers
    from model.reading import segment
    from model.reading.line import bundled_line_reader
    from model.reading.loading import load

    if shared_file() is None:
        return []
    held_out = read_unipen(shared_file()).part(TEST)
    predictor = load(DEFAULT_MODEL).predictor  # as the window reads: its pass, its gate
    predict = predictor.predict_many
    before = baseline_reader()
    readers = [segment] + ([before] if before else [])

    def weighed(reader, picture: bool = False) -> dict:  # today's reader as the window
        # reads: weighed by the whole-digit fit (a picture's for pictures), with what is not
        # a digit left out
        return {"whole_digit": functools.partial(predictor.whole_digit, picture=picture),
                "refuse": predictor.refusals,
                **({} if picture else {"line_reader": bundled_line_reader()})} \
            if reader is segment else {}

    numbers = pen_numbers(held_out, 4 if smoke else 100, seed=11)
    rows = exact_rows("real pens", numbers, (number.strokes for number in numbers),
                      lambda reader, strokes: reader.read_strokes(strokes, predict,
                                                                  **weighed(reader)), readers)
    rows += photo_rows(held_out, predict, readers, smoke, weighed)
    lone = range(0, len(held_out), 40 if smoke else 1)
    cut = {reader: sum(pieces(reader.read_strokes([s * 100 for s in held_out.strokes(i)],
                                                  predict, **weighed(reader))) > 1
                       for i in lone)
           for reader in readers}
    rows.append(row(f"numbers: lone real pen digits cut in two (of {len(lone):,})",
                    cut[segment], cut[before] if before else None, "digits"))
    return rows


def pieces(number) -> int:
    """Digits read, and things left out as no digit (not commas): more than one for a lone
    digit is a digit cut in two."""
    return len(number) + len(getattr(number, "refused", ()))


def exact_rows(what: str, numbers, inputs, read, readers) -> list[dict]:
    """A row for each layout (and all): the share of its numbers today's reader (readers[0])
    reads exactly, the reader before (readers[1], if any) beside it. `inputs` gives what each
    number is read from, `read(reader, given)` its digits; a number refused as no number is
    read wrong."""
    from model.reading.segment import NoNumberError

    exact = {reader: {} for reader in readers}
    for number, given in zip(numbers, inputs):
        for reader in readers:
            try:
                digits = "".join(str(r.digit) for r in read(reader, given))
            except NoNumberError:
                digits = ""
            exact[reader].setdefault(number.layout, []).append(digits == number.text)
    rows = []
    for layout in (*dict.fromkeys(number.layout for number in numbers), "all"):
        shares = [100 * np.mean([v for name, values in exact[reader].items()
                                 if layout in (name, "all") for v in values])
                  for reader in readers]
        rows.append(row(f"numbers: {what}, {layout}, read exactly", shares[0],
                        shares[1] if len(shares) > 1 else None, "%", higher_is_better=True))
    return rows


def photo_rows(held_out, predict, readers, smoke: bool, weighed) -> list[dict]:
    import tempfile
    from pathlib import Path

    from PIL import Image

    from model.learning.pen_numbers import PHOTO_LAYOUTS, lone_number, pen_numbers
    from model.reading.preprocess import load_image
    from model.reading.segment import NoNumberError
    from tests.pen_numbers import on_paper, pictures

    numbers = pen_numbers(held_out, 2 if smoke else 50, seed=12, layouts=PHOTO_LAYOUTS)
    with tempfile.TemporaryDirectory() as folder:
        def opened_photos():  # each photo saved as a phone would, and opened as the app does
            for k, picture in enumerate(pictures(numbers, seed=12)):
                path = Path(folder) / f"{k}.jpg"
                Image.fromarray(picture).save(path, quality=85)
                yield load_image(path)

        rows = exact_rows("photos of real pen numbers on paper", numbers, opened_photos(),
                          lambda reader, ink: reader.read_picture(
                              ink, predict, **weighed(reader, picture=True)), readers)
        # Lone digits photographed the same way: a shadow's edge, a ruled line's end or a cut
        # must not make a second digit beside the one written.
        lone = range(0, len(held_out), 120 if smoke else 3)
        rng = np.random.default_rng(13)
        more = dict.fromkeys(readers, 0)
        for i in lone:
            path = Path(folder) / "lone.jpg"
            Image.fromarray(on_paper(lone_number(held_out, i), rng)).save(path, quality=85)
            ink = load_image(path)
            for reader in readers:
                try:
                    read = reader.read_picture(ink, predict, **weighed(reader, picture=True))
                except NoNumberError:
                    continue
                more[reader] += pieces(read) > 1
        before = readers[1] if len(readers) > 1 else None
        rows.append(row(f"numbers: photos of lone real pen digits read as more than one (of "
                        f"{len(lone):,})", more[readers[0]], more[before] if before else None,
                        "digits"))
        return rows
