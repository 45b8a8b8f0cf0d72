"""Entry point: `digitpad [--model FILE]`. The window appears before TensorFlow is imported."""

from __future__ import annotations

import argparse
import locale
import sys
import time
from collections.abc import Sequence


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    # The command line speaks the environment's language, as digitpad-train does (the window
    # then follows the desktop's, or the one chosen in its Language menu).
    from model import language
    from model.language import _

    language.use(language.from_environment())
    parser = argparse.ArgumentParser(prog="digitpad", description=_(
        "Draw a digit; a neural network reads it live. Retrain it on your own machine."))
    parser.add_argument("--model", help=_("a .keras model to use instead of the remembered "
                                          "one"))
    parser.add_argument("--self-test", action="store_true",
                        help=_("check the installation without a display, then exit"))
    parser.add_argument("--timing", action="store_true", help=_(
        "print when the window is shown and when the first prediction is possible (Unix "
        "time), then exit: for measuring start-up"))
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_test:
        from gui import self_test

        return self_test.run()
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from gui.session import default_models_dir
    from gui.single_instance import InstanceServer, hand_over, server_name
    from model.language import _

    app = QApplication.instance() or QApplication(sys.argv[:1])
    # Qt applies the desktop's locale to the C library too; on a German desktop C code that
    # reads numbers (TensorFlow, HDF5) would take "0.5" for 0. The window formats its own.
    locale.setlocale(locale.LC_NUMERIC, "C")
    app.setOrganizationName("DigitPad")
    app.setApplicationName("DigitPad")
    # Asked before the window's modules load, so that a second launch returns at once.
    instance = server_name(default_models_dir().parent)
    if not args.timing and hand_over(instance, args.model):
        print(_("DigitPad is already open: its window was brought forward."))
        return 0

    import model
    from gui.i18n import ensure_hangul_font
    from gui.main_window import MainWindow
    from model.keeping.paths import ASSETS

    ensure_hangul_font()
    app.setApplicationVersion(model.__version__)
    # The desktop entry the .deb installs (packaging/deb.py): a Wayland desktop matches the
    # window to it, for its icon and name in the dock.
    app.setDesktopFileName("io.github.digitpad.DigitPad")
    app.setWindowIcon(QIcon(str(ASSETS / "icon.svg")))
    window = MainWindow(model_path=args.model)
    window.show()
    server = InstanceServer(instance, window)
    server.requested.connect(window.bring_forward)
    if args.timing:
        print(f"shown {time.time():.3f}", flush=True)

        def ready(loaded) -> None:
            print(f"ready {time.time():.3f} {loaded.predictor.backend}", flush=True)
            window.close()

        window.session.modelChanged.connect(ready)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
