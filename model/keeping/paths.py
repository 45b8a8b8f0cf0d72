"""Where DigitPad's bundled files live, in a source checkout and in a PyInstaller build."""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # model/


def _assets() -> Path:
    """PyInstaller unpacks bundled data under sys._MEIPASS/assets; an installed wheel carries
    it as model/assets; in a source checkout (or an editable install) assets/ sits beside
    model/."""
    if hasattr(sys, "_MEIPASS"):
        return Path(sys._MEIPASS) / "assets"
    installed = PACKAGE / "assets"
    return installed if (installed / "default_model.keras").is_file() else PACKAGE.parent / "assets"


ASSETS = _assets()
DEFAULT_MODEL = ASSETS / "default_model.keras"
# The default before it learnt the world's handwriting forms (model.learning.forms): MNIST only,
# read as drawn. Kept to show what the forms change, and as the "before" of the accuracy benchmark.
MNIST_ONLY_MODEL = ASSETS / "mnist_only_model.keras"


def user_data_dir() -> Path:
    """Where the app keeps the person's models and samples: the folder Qt's
    QStandardPaths.AppDataLocation names for organisation and application "DigitPad", found
    here without Qt so that the command line uses the same files."""
    import os

    home = Path.home()
    if sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    elif sys.platform.startswith("win"):
        base = Path(os.environ.get("APPDATA", home / "AppData" / "Roaming"))
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "DigitPad" / "DigitPad"
