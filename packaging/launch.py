"""The packaged executable's entry point (PyInstaller needs a script, not a module). One
executable serves both commands: called as `digitpad-train` (the .deb's /usr/bin link) it is
the command line, otherwise the app."""

import sys
from pathlib import Path

if __name__ == "__main__":
    if Path(sys.argv[0]).name == "digitpad-train":
        from model.cli import main
    else:
        from gui.app import main
    sys.exit(main())
