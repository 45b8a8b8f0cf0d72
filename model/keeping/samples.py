"""The person's own labelled digits: a SQLite database, safe against crashes, with export.

Each correction in the Draw tab becomes one sample: the 28×28 tensor the model saw, the raw
strokes (x, y, pressure per point, in drawing order), the label the person gave, what the model
said and how sure it was, which model, and when. One transaction per sample in WAL mode: a
crash or a kill mid-write loses at most the sample being written, never an earlier one.

A database that is damaged, or is some other program's, is refused with a message and never
written to.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from model.errors import DigitPadError
from model.language import _

APPLICATION_ID = 0x44504144  # "DPAD": marks the file as DigitPad's (PRAGMA application_id)
SCHEMA_VERSION = 1
FILE_NAME = "samples.sqlite3"
BUSY_TIMEOUT = 30.0  # s a write waits for another process's transaction before giving up

Point = tuple[float, float, float]  # x, y, pressure


class SampleError(DigitPadError):
    """The samples database or an export file cannot be used; the message says why."""


@dataclass(frozen=True)
class Sample:
    label: int
    tensor: np.ndarray  # (28, 28) float32 in [0, 1], what the model saw
    strokes: tuple[tuple[Point, ...], ...] = ()
    predicted: int | None = None
    confidence: float | None = None
    model: str = ""
    created: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(
        timespec="seconds"))
    id: int | None = None  # set once stored


@dataclass(frozen=True)
class Summary:
    """A sample as a list of them shows it: its image, its digit, when it was saved."""

    id: int
    label: int
    tensor: np.ndarray  # (28, 28) float32, read-only
    created: str


# Each entry brings a database from the version before it to its own; a new schema adds one.
MIGRATIONS: dict[int, Sequence[str]] = {
    1: ("""CREATE TABLE samples (
             id INTEGER PRIMARY KEY,
             label INTEGER NOT NULL CHECK (label BETWEEN 0 AND 9),
             tensor BLOB NOT NULL,
             strokes TEXT NOT NULL,
             predicted INTEGER,
             confidence REAL,
             model TEXT NOT NULL DEFAULT '',
             created TEXT NOT NULL)""",
        "CREATE INDEX samples_label ON samples (label)"),
}


@contextmanager
def immediate(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken at its start (BEGIN IMMEDIATE: another window's writer waits
    its busy timeout there, never midway), committed, or rolled back on any error."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


class SampleStore:
    """The samples database at `path` (created on first use)."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        existed = self.path.exists() and self.path.stat().st_size > 0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Another process (a second window, digitpad-train) may be writing: wait for it.
            db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT)
        except (OSError, sqlite3.Error) as exc:
            raise SampleError(_(
                "{path}: cannot open the samples database ({reason})").format(
                    path=self.path, reason=exc)) from exc
        try:
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if existed and app_id != APPLICATION_ID:
                raise SampleError(_(
                    "{path}: not a DigitPad samples database (another program's file?); it was "
                    "left untouched").format(path=self.path))
            if version > SCHEMA_VERSION:
                raise SampleError(_(
                    "{path}: written by a newer DigitPad (schema {version}); it was left "
                    "untouched").format(path=self.path, version=version))
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # WAL: a kill never loses a commit
            if not existed:
                db.execute(f"PRAGMA application_id={APPLICATION_ID}")
            self._migrate(db, version)
            if existed:
                problem = db.execute("PRAGMA quick_check").fetchone()[0]
                if problem != "ok":
                    raise SampleError(_(
                        "{path}: the samples database is damaged ({problem}); it was left "
                        "untouched").format(path=self.path, problem=problem))
        except sqlite3.DatabaseError as exc:
            db.close()
            raise SampleError(_(
                "{path}: not a readable samples database ({reason}); it was left "
                "untouched").format(path=self.path, reason=exc)) from exc
        except SampleError:
            db.close()
            raise
        return db

    @staticmethod
    def _migrate(db: sqlite3.Connection, version: int) -> None:
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with immediate(db):
                for statement in MIGRATIONS[target]:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version={target}")

    def close(self) -> None:
        self._db.close()

    # ---- writing --------------------------------------------------------------------------

    def add(self, sample: Sample) -> int:
        """Store one sample in its own transaction; its id."""
        return self.add_many([sample])[0]

    def add_many(self, samples: Iterable[Sample]) -> list[int]:
        rows = [_row(sample) for sample in samples]
        try:
            with immediate(self._db):
                ids = [self._db.execute(
                    "INSERT INTO samples (label, tensor, strokes, predicted, confidence, model, "
                    "created) VALUES (?, ?, ?, ?, ?, ?, ?)", row).lastrowid for row in rows]
        except sqlite3.Error as exc:
            raise SampleError(_(
                "{path}: could not save the sample: {reason}").format(
                    path=self.path, reason=write_failure(exc))) from exc
        return ids

    def delete(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        try:
            with immediate(self._db):
                self._db.executemany("DELETE FROM samples WHERE id = ?", [(i,) for i in ids])
        except sqlite3.Error as exc:
            raise SampleError(_(
                "{path}: could not delete samples ({reason})").format(
                    path=self.path, reason=exc)) from exc

    # ---- reading --------------------------------------------------------------------------

    def samples(self) -> list[Sample]:
        """Every sample, oldest first."""
        rows = self._db.execute(
            "SELECT id, label, tensor, strokes, predicted, confidence, model, created "
            "FROM samples ORDER BY id").fetchall()
        return [_sample(row) for row in rows]

    def summaries(self, ids: Iterable[int] | None = None) -> list[Summary]:
        """What a list of thousands of samples needs (no strokes, which take most of the
        reading): every sample oldest first, or those of `ids`."""
        query = "SELECT id, label, tensor, created FROM samples"
        if ids is None:
            rows = self._db.execute(query + " ORDER BY id").fetchall()
        else:  # in chunks: SQLite takes at most 999 parameters in one statement
            ids = list(ids)
            rows = [row for start in range(0, len(ids), 900)
                    for row in self._db.execute(
                        f"{query} WHERE id IN ({','.join('?' * len(ids[start:start + 900]))}) "
                        "ORDER BY id", ids[start:start + 900])]
        return [Summary(int(i), int(label),
                        np.frombuffer(tensor, dtype=np.float32).reshape(28, 28), created)
                for i, label, tensor, created in rows]

    def sample(self, sample_id: int) -> Sample | None:
        """One sample with its strokes, or None when it is gone."""
        row = self._db.execute(
            "SELECT id, label, tensor, strokes, predicted, confidence, model, created "
            "FROM samples WHERE id = ?", (sample_id,)).fetchone()
        return None if row is None else _sample(row)

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM samples").fetchone()[0]

    def counts(self) -> list[int]:
        """How many samples of each digit."""
        counts = [0] * 10
        for label, count in self._db.execute(
                "SELECT label, COUNT(*) FROM samples GROUP BY label"):
            counts[label] = count
        return counts


def write_failure(exc: sqlite3.Error) -> str:
    """Why a write failed, in the person's words (SQLite's own are for programmers)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name == "SQLITE_FULL":
        return _("the disk is full")
    if name.startswith("SQLITE_READONLY"):
        return _("the folder cannot be written to (read-only)")
    if name.startswith("SQLITE_BUSY"):
        return _("another program kept the database busy")
    if name.startswith("SQLITE_IOERR"):
        return _("the disk reported an error")
    return str(exc)


def _row(sample: Sample) -> tuple:
    tensor = np.asarray(sample.tensor, dtype=np.float32)
    if tensor.shape != (28, 28):
        raise SampleError(_("a sample is a 28×28 image, not {shape}").format(
            shape=tensor.shape))
    if not 0 <= int(sample.label) <= 9:
        raise SampleError(_("a sample's label is a digit, not {label}").format(
            label=sample.label))
    strokes = json.dumps([[list(map(float, point)) for point in stroke]
                          for stroke in sample.strokes])
    return (int(sample.label), tensor.tobytes(), strokes,
            None if sample.predicted is None else int(sample.predicted),
            None if sample.confidence is None else float(sample.confidence),
            sample.model, sample.created)


def _sample(row: tuple) -> Sample:
    sample_id, label, tensor, strokes, predicted, confidence, model_name, created = row
    points = tuple(tuple(tuple(point) for point in stroke) for stroke in json.loads(strokes))
    return Sample(int(label), np.frombuffer(tensor, dtype=np.float32).reshape(28, 28).copy(),
                  points, predicted, confidence, model_name, created, sample_id)


# ---- export and import ------------------------------------------------------------------------

def export_npz(samples: Sequence[Sample], path: str | os.PathLike) -> Path:
    """All samples as one .npz in Keras' layout: `x` (N, 28, 28) float32, `y` (N,) uint8, plus
    `strokes` (JSON text per sample) and what the model said, for an exact round trip."""
    from model.keeping.files import atomic_write

    path = Path(path)
    arrays = {
        "x": np.array([s.tensor for s in samples], dtype=np.float32).reshape(-1, 28, 28),
        "y": np.array([s.label for s in samples], dtype=np.uint8),
        "strokes": np.array([json.dumps(s.strokes) for s in samples], dtype=str),
        "predicted": np.array([-1 if s.predicted is None else s.predicted for s in samples],
                              dtype=np.int16),
        "confidence": np.array([np.nan if s.confidence is None else s.confidence
                                for s in samples], dtype=np.float64),
        "model": np.array([s.model for s in samples], dtype=str),
        "created": np.array([s.created for s in samples], dtype=str),
    }

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as out:
            np.savez_compressed(out, **arrays)

    try:
        atomic_write(path, write)
    except OSError as exc:
        raise SampleError(_(
            "Could not export to {path}: {reason}").format(
                path=path, reason=exc.strerror or exc)) from exc
    return path


def import_npz(path: str | os.PathLike) -> list[Sample]:
    """Samples from an .npz written by export_npz (or any `x`, `y` in MNIST's layout)."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
    except (OSError, ValueError, EOFError) as exc:
        raise SampleError(_("{path}: not a readable .npz of digits ({reason})").format(
            path=path, reason=exc)) from exc
    if "x" not in arrays or "y" not in arrays:
        raise SampleError(_("{path}: needs arrays x (N, 28, 28) and y (N,)").format(path=path))
    x, y = arrays["x"], arrays["y"]
    if x.ndim != 3 or x.shape[1:] != (28, 28) or len(x) != len(y):
        raise SampleError(_(
            "{path}: x has shape {x_shape} and y {y_shape}; expected (N, 28, 28) and "
            "(N,)").format(path=path, x_shape=x.shape, y_shape=y.shape))
    if x.dtype == np.uint8:
        x = x.astype(np.float32) / 255
    if not np.isfinite(x).all() or x.min() < 0 or x.max() > 1:
        raise SampleError(_("{path}: pixel values must be in [0, 1] (or 0-255 as uint8)").format(
            path=path))
    if len(y) and (y.min() < 0 or y.max() > 9):
        raise SampleError(_("{path}: labels must be digits 0-9").format(path=path))
    n = len(y)

    def column(key: str, default):
        values = arrays.get(key)
        return list(values) if values is not None and len(values) == n else [default] * n

    strokes, predicted = column("strokes", "[]"), column("predicted", -1)
    confidence, models = column("confidence", np.nan), column("model", "")
    created = column("created", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    try:
        return [Sample(int(y[i]), x[i].astype(np.float32),
                       tuple(tuple(tuple(p) for p in stroke) for stroke in json.loads(strokes[i])),
                       None if int(predicted[i]) < 0 else int(predicted[i]),
                       None if np.isnan(confidence[i]) else float(confidence[i]),
                       str(models[i]), str(created[i])) for i in range(n)]
    except (ValueError, TypeError) as exc:
        raise SampleError(_("{path}: the strokes are not readable ({reason})").format(
            path=path, reason=exc)) from exc


# Learning uses the newest this many of each digit: ten thousand saved digits would make it
# forty times as long, while the newest say most about today's handwriting.
LEARNT_PER_DIGIT = 40


def newest_per_digit(labels: Sequence[int], per_digit: int) -> np.ndarray:
    """Indices of the last `per_digit` samples of each digit (samples come oldest first)."""
    labels = np.asarray(labels)
    return np.sort(np.concatenate([np.flatnonzero(labels == d)[-per_digit:]
                                   for d in range(10)])).astype(np.int64)


def split_held_out(labels: Sequence[int], fraction: float, seed: int = 0) -> tuple[list[int],
                                                                                   list[int]]:
    """(indices to learn from, indices held out): `fraction` of each digit's samples held out
    (stratified), at least one of any digit that has two or more."""
    rng = np.random.default_rng(seed)
    labels = np.asarray(labels)
    learn, held = [], []
    for digit in range(10):
        members = rng.permutation(np.flatnonzero(labels == digit)).tolist()
        k = round(len(members) * fraction)
        if len(members) >= 2:
            k = min(max(k, 1), len(members) - 1)
        else:
            k = 0
        held += members[:k]
        learn += members[k:]
    return sorted(learn), sorted(held)
