"""Small file helpers shared by the core: atomic writes and checksums."""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success flush it to disk and rename it over
    `path`. An error or a crash at any point leaves whatever was at `path` untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Keras insists on the .keras suffix, so the temporary name keeps the real one's suffix.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; the result should look like any file
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call write(temporary path), then move the result over `path` (see atomic_target)."""
    with atomic_target(path) as tmp:
        write(tmp)


LEFTOVER_AGE = 600  # s: no write DigitPad makes takes this long, so an older one was killed


def remove_leftovers(folder: Path, suffix: str) -> None:
    """Delete what writes killed midway left in `folder`: atomic_target's hidden temporaries
    and the empty names new_model_path reserves, once they are older than any write takes
    (a kill while learning or while the feature index was written)."""
    now = time.time()
    try:
        candidates = list(Path(folder).glob(f"*{suffix}"))
    except OSError:
        return
    for path in candidates:
        try:
            stat = path.stat()
            if now - stat.st_mtime >= LEFTOVER_AGE and \
                    (path.name.startswith(".") or stat.st_size == 0):
                path.unlink()
        except OSError:
            continue  # not ours to remove, or gone already


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible on every platform; the rename itself is still atomic
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
