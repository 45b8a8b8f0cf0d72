"""The packaged executable's entry point (PyInstaller needs a script, not a module). One
executable serves both commands: called as `digitpad-train` (the .deb's /usr/bin link) it is
the command line, otherwise the app."""

import multiprocessing
import sys
from pathlib import Path

if __name__ == "__main__":
    # Training draws digits in spawned worker processes: in a frozen app each starts as this
    # executable, and freeze_support() runs the worker instead of the app.
    multiprocessing.freeze_support()
    if Path(sys.argv[0]).name == "digitpad-train":
        from model.cli import main
    else:
        from gui.app import main
    sys.exit(main())
