"""The window's words in the person's language, switched in place.

Every sentence a person reads in gui/ goes through `tr()` (one translation context for the
whole window, so `pyside6-lupdate` finds every call: `make translations` updates
`gui/translations/digitpad_<language>.ts` and builds the `.qm` files in assets/translations).
Messages that come from model/ are translated by the core's own catalogue (model/language.py),
switched together with Qt's here. Widgets set their words in `retranslate()`, which runs once
when they are built and again on every LanguageChange (`Retranslates`), so the Language menu
changes every visible word without a restart; numbers and percentages follow the language's
QLocale (`number`, `percent`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFontDatabase

from model import language as core_language
from model.keeping.paths import ASSETS

# Each language named in itself, as a Language menu shows them.
LANGUAGES = {"en": "English", "ko": "한국어"}
LOCALES = {"en": QLocale(QLocale.Language.English, QLocale.Country.UnitedStates),
           "ko": QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea)}
SETTING = "window/language"
TRANSLATIONS = ASSETS / "translations"


def tr(source: str, disambiguation: str | None = None, count: int = -1) -> str:
    """`source` in the window's language. With `count`, "%n" becomes the count and the form
    suits it ("1 digit", "2 digits"): pass it positionally, as pyside6-lupdate expects."""
    return QCoreApplication.translate("", source, disambiguation, count)


def number(value: float, decimals: int = 0) -> str:
    """A number as the language writes it ("60,000"; "1.5")."""
    locale = QLocale()
    if decimals == 0:
        return locale.toString(int(round(value)))
    return locale.toString(float(value), "f", decimals)


def percent(share: float, decimals: int = 0) -> str:
    """A share (0.97) as a percentage ("97%"), the language's digits and sign."""
    return tr("{value}%", "a percentage; the space and the sign as the language writes them"
              ).format(value=number(share * 100, decimals))


def numbers_locale(language: str) -> QLocale:
    """How numbers are written and read: as the desktop's region writes them (on a German
    desktop 0,5 and 60.000, whatever the window's language), so that what a person types into
    a spin box means what they meant; where the desktop names no region (C, POSIX), as the
    language writes them."""
    system = QLocale.system()
    return LOCALES[language] if system.language() == QLocale.Language.C else system


def system_language() -> str:
    """The desktop's language, if DigitPad speaks it; else English."""
    for name in QLocale.system().uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return "en"


def qt_translation_folders() -> list[Path]:
    """Where Qt's own catalogues are: Qt's configured place, else PySide6's folder (a
    one-folder build keeps them there)."""
    import PySide6

    return [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
            Path(PySide6.__file__).parent / "Qt" / "translations"]


def ensure_hangul_font() -> None:
    """Korean needs a Hangul font: when the desktop has none, load the ones the packaged app
    ships (assets/fonts), so Korean never shows as empty boxes."""
    if QFontDatabase.families(QFontDatabase.WritingSystem.Korean):
        return
    for font in sorted((ASSETS / "fonts").glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(font))


class Translators:
    """The translators installed in the application for the language in use: DigitPad's own
    and Qt's (the standard dialogs' buttons), and the core's catalogue beside them."""

    def __init__(self) -> None:
        self.language = "en"
        self._installed: list[QTranslator] = []

    def use(self, language: str) -> str:
        """Switch to `language` (unknown: English). Every widget is sent LanguageChange and
        retranslates itself; returns the language in use."""
        language = language if language in LANGUAGES else "en"
        app = QCoreApplication.instance()
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed = []
        # The core first and the locale before Qt's translators: the LanguageChange events the
        # installs send find every part already speaking the new language.
        core_language.use(language)
        QLocale.setDefault(numbers_locale(language))
        for name, folders in ((f"digitpad_{language}", [TRANSLATIONS]),
                              (f"qtbase_{language}", qt_translation_folders())):
            translator = QTranslator(app)
            if any(translator.load(name, str(folder)) for folder in folders):
                self._installed.append(translator)
        for translator in self._installed:
            app.installTranslator(translator)
        if not self._installed:  # English without Qt's catalogue: tell the widgets anyway
            QCoreApplication.sendEvent(app, QEvent(QEvent.Type.LanguageChange))
        self.language = language
        return language


class Retranslates:
    """Widget mixin: `retranslate()` sets the widget's words; it runs again whenever the
    language changes."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


_translators: Translators | None = None


def translators() -> Translators:
    """The application's one set of translators (every window shares the language)."""
    global _translators
    if _translators is None:
        _translators = Translators()
    return _translators
