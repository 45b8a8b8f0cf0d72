"""The core's words in the person's language, without Qt: the command line and the window both
show messages that come from model/ (errors, refusals, the per-epoch line), so they are
translated here with GNU gettext, the one way for Qt-free code.

Every such message is wrapped in `_()` (or `ngettext()` where a count decides the form) and
filled in after translation (`_("{path}: no such file").format(path=path)`), so a translator
sees whole sentences. The sources are `model/translations/<language>.po`, compiled into
`assets/translations/core_<language>.mo` by `make translations`; English needs no catalogue.
The window switches this catalogue together with Qt's (gui/i18n.py); the CLI picks it from
LANGUAGE / LC_ALL / LC_MESSAGES / LANG as any Unix program does.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping

from model.keeping.paths import ASSETS

CATALOGUES = ASSETS / "translations"
LANGUAGES = ("en", "ko")  # English is the source language
_catalogue: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def catalogue_path(language: str):
    return CATALOGUES / f"core_{language}.mo"


def use(language: str) -> str:
    """Speak `language` ("en", "ko") from now on; an unknown one, or one whose catalogue is
    missing, falls back to English. Returns the language in use."""
    global _catalogue, _language
    path = catalogue_path(language)
    if language in LANGUAGES and language != "en" and path.is_file():
        with open(path, "rb") as file:
            _catalogue = gettext.GNUTranslations(file)
        _language = language
    else:
        _catalogue, _language = gettext.NullTranslations(), "en"
    return _language


def current() -> str:
    return _language


def _(message: str) -> str:
    """`message` in the language in use."""
    return _catalogue.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a sentence that suits `count`, in the language in use."""
    return _catalogue.ngettext(singular, plural, count)


def from_environment(environment: Mapping[str, str] = os.environ) -> str:
    """The language a Unix program should speak: the first of LANGUAGE, LC_ALL, LC_MESSAGES
    and LANG that is set decides (ko_KR.UTF-8 → "ko"); anything else is English."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environment.get(name, "")
        if value:
            first = value.split(":")[0].split(".")[0].split("_")[0].lower()
            return first if first in LANGUAGES else "en"
    return "en"


def N_(message: str) -> str:
    """Marks a message for translation where it is defined (a table of constants); it is
    translated where it is shown, with `_()`."""
    return message
