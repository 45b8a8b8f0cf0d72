"""Where DigitPad's bundled files live, in a source checkout and in a PyInstaller build."""

from __future__ import annotations

import sys
from pathlib import Path

# PyInstaller unpacks bundled data under sys._MEIPASS; from source, assets/ sits beside model/.
ROOT = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
ASSETS = ROOT / "assets"
DEFAULT_MODEL = ASSETS / "default_model.keras"
