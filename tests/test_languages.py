"""DigitPad in English and Korean: every word translatable, the catalogues complete and built
from their sources, the window switching language in place, the command line following LANG,
and Korean drawn with a real Hangul font."""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter
from PySide6.QtGui import Qt as GuiQt  # Qt.mightBeRichText lives in QtGui
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QStyle,
)

from model import language
from tests.gui_helpers import draw, seven

ROOT = Path(__file__).resolve().parents[1]
GUI = ROOT / "gui"
SOURCES = GUI / "translations"
BUILT = ROOT / "assets" / "translations"
PO = ROOT / "model" / "translations" / "ko.po"
TOOLS = Path(sys.executable).parent
HANGUL = re.compile("[가-힣]")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%n")

# Calls whose string arguments are for the program, not for a person.
TECHNICAL_CALLS = {"tr", "_", "N_", "setObjectName", "QKeySequence", "setStyleSheet", "value",
                   "setValue", "Signal", "QSettings", "findData", "getattr", "addApplicationFont",
                   "load", "environ", "QColor"}
# Names that stay as they are in every language.
NAMES = ("DigitPad", "English", "한국어", "MNIST", "UNIPEN", "Keras", "TensorFlow", "Qt")
# A diagnostic report for installers and CI, in English like a log (README, "Packaged app").
NOT_WINDOW_TEXT = {"self_test.py"}


def looks_like_words(text: str) -> bool:
    """A sentence or a capitalised word a person would read, once tags, placeholders and
    names are taken out ("Undo", "Draw a digit here"; not "window/geometry" or "%.2f")."""
    text = re.sub(r"<[^>]*>|\*\.\w+", " ", re.sub(r"\{[^{}]*\}", "", text))
    for name in NAMES:
        text = text.replace(name, " ")
    text = text.strip()
    return bool(re.search(r"[A-Za-z]{2,}", text)) and (
        " " in text or re.match(r"[A-Z][a-z]", text) is not None)


def untranslated_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                not isinstance(parents.get(node), ast.JoinedStr):
            text = node.value
        else:
            continue
        parent = parents.get(node)
        if isinstance(parent, ast.Expr):
            continue  # a docstring
        if isinstance(parent, ast.Call):
            name = getattr(parent.func, "id", None) or getattr(parent.func, "attr", None)
            if name in TECHNICAL_CALLS:
                continue
        if looks_like_words(text):
            found.append(f"{path.name}:{node.lineno}: {text!r}")
    return found


def test_every_sentence_in_the_window_goes_through_the_translator():
    found = [line for path in sorted(GUI.rglob("*.py")) if path.name not in NOT_WINDOW_TEXT
             for line in untranslated_strings(path)]
    assert found == [], "wrap these in tr() (gui/i18n.py):\n" + "\n".join(found)


def test_the_translator_is_given_literal_sentences():
    """pyside6-lupdate reads the source: tr() of a variable is never translated, and a
    sentence with %n needs its count to choose its form."""
    problems = []
    for path in sorted(GUI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr":
                first = node.args[0] if node.args else None
                if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                    problems.append(f"{path.name}:{node.lineno}: not a literal")
                elif "%n" in first.value and len(node.args) < 3:
                    problems.append(f"{path.name}:{node.lineno}: %n without its count")
    assert problems == []


# ---- the catalogues ---------------------------------------------------------------------------

def ts_messages(path: Path) -> dict[tuple[str, str | None], list[str | None]]:
    """(source, disambiguation) → its translations (None where unfinished)."""
    messages = {}
    for message in ET.parse(path).getroot().iter("message"):
        translation = message.find("translation")
        unfinished = translation.get("type") in ("unfinished", "vanished", "obsolete")
        forms = [f.text for f in translation.findall("numerusform")] or [translation.text]
        comment = message.find("comment")
        key = (message.find("source").text, None if comment is None else comment.text)
        messages[key] = [None if unfinished or not form else form for form in forms]
    return messages


def refreshed(tmp_path: Path, name: str, *options: str) -> Path:
    """The committed .ts updated from today's code, as `make translations` would."""
    copy = tmp_path / name
    shutil.copy(SOURCES / name, copy)
    subprocess.run([str(TOOLS / "pyside6-lupdate"), *map(str, sorted(GUI.rglob("*.py"))),
                    "-locations", "none", "-no-obsolete", *options, "-ts", str(copy)],
                   check=True, capture_output=True)
    return copy


@pytest.mark.parametrize("name, options", [
    ("digitpad_ko.ts", ("-target-language", "ko_KR")),
    ("digitpad_en.ts", ("-target-language", "en_US", "-pluralonly")),
])
def test_the_window_catalogue_is_complete_and_current(tmp_path, name, options):
    committed = ts_messages(SOURCES / name)
    current = ts_messages(refreshed(tmp_path, name, *options))
    new = sorted(source for source, _ in set(current) - set(committed))
    gone = sorted(source for source, _ in set(committed) - set(current))
    unfinished = sorted(source for (source, _), forms in current.items() if None in forms)
    assert (new, gone, unfinished) == ([], [], []), \
        f"run `make translations` and translate: new {new}, gone {gone}, unfinished {unfinished}"
    for (source, _), forms in current.items():
        for form in forms:
            # A placeholder lost or misspelt would lose the detail, or fail as a KeyError.
            assert sorted(PLACEHOLDER.findall(form)) == sorted(PLACEHOLDER.findall(source)), \
                (source, form)
            assert form.count("&") == source.count("&"), (source, form)  # one shortcut letter


def test_the_korean_window_text_uses_the_books_terms():
    """The book's Korean terms, the same everywhere (the translation of Deep Learning with
    Python): an epoch is 에포크, never 에폭; a batch size 배치 크기; loss 손실, accuracy 정확도,
    validation 검증, the confusion matrix 혼동 행렬."""
    translations = {source: forms[0] for (source, _), forms in
                    ts_messages(SOURCES / "digitpad_ko.ts").items()}
    terms = {"epoch": "에포크", "batch size": "배치 크기", "loss": "손실", "accuracy": "정확도",
             "validation": "검증", "confusion matrix": "혼동 행렬"}
    for source, korean in translations.items():
        words = PLACEHOLDER.sub("", source.lower().replace("&", ""))
        for english, term in terms.items():
            if re.search(rf"\b{english}\b", words):
                assert term in korean, (source, korean, term)
        assert "에폭" not in korean and "미니배치" not in korean


def test_the_built_window_catalogues_are_their_sources(tmp_path):
    for source in sorted(SOURCES.glob("*.ts")):
        built = tmp_path / (source.stem + ".qm")
        subprocess.run([str(TOOLS / "pyside6-lrelease"), str(source), "-qm", str(built)],
                       check=True, capture_output=True)
        assert built.read_bytes() == (BUILT / built.name).read_bytes(), \
            f"{built.name} is older than {source.name}: run `make translations`"


def core_messages() -> set[str]:
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file

    files = sorted((ROOT / "model").rglob("*.py")) + [GUI / "app.py"]
    return {message[1] for path in files
            for message in extract_from_file("python", str(path), keywords=DEFAULT_KEYWORDS)}


def test_the_core_catalogue_is_complete_and_built_from_its_source():
    pytest.importorskip("babel", reason="Babel reads the core's catalogue (pip install babel)")
    from babel.messages.pofile import read_po

    with open(PO, "rb") as file:
        catalogue = read_po(file, locale="ko")
    translated = {m.id: m.string for m in catalogue if m.id and m.string and not m.fuzzy}
    missing = sorted(core_messages() - set(translated))
    assert missing == [], f"run `make translations` and translate: {missing}"
    for source, korean in translated.items():
        assert sorted(PLACEHOLDER.findall(korean)) == sorted(PLACEHOLDER.findall(source)), \
            (source, korean)
    with open(BUILT / "core_ko.mo", "rb") as file:
        built = gettext.GNUTranslations(file)
    stale = sorted(source for source, korean in translated.items()
                   if built.gettext(source) != korean)
    assert stale == [], f"core_ko.mo is older than ko.po (run `make translations`): {stale}"


# ---- the command line --------------------------------------------------------------------------

def test_the_command_line_follows_the_environment():
    assert language.from_environment({"LANG": "ko_KR.UTF-8"}) == "ko"
    assert language.from_environment({"LANGUAGE": "en_GB:ko", "LANG": "ko_KR.UTF-8"}) == "en"
    assert language.from_environment({"LC_ALL": "de_DE.UTF-8"}) == "en"  # not spoken: English
    assert language.from_environment({}) == "en"


def test_the_command_line_speaks_korean_when_lang_asks(monkeypatch, capsys, tmp_path):
    from model.cli import main

    missing = tmp_path / "none.sqlite3"
    try:
        assert main(["samples", "list", "--db", str(missing)]) == 1
        assert "no such samples database" in capsys.readouterr().err
        monkeypatch.delenv("LANGUAGE")
        monkeypatch.setenv("LANG", "ko_KR.UTF-8")
        assert main(["samples", "list", "--db", str(missing)]) == 1
        assert capsys.readouterr().err.strip() == \
            f"digitpad-train: 오류: {missing}: 샘플 데이터베이스가 없습니다"
    finally:
        language.use("en")


# ---- the window -------------------------------------------------------------------------------

def visible_words(window) -> list[str]:
    """Every label, button, group title, tab and menu a person can see now."""
    words = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    words += [action.text() for action in window.menuBar().actions()]
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if widget.isVisible() and widget.text():
            words.append(widget.text())
    words += [box.title() for box in window.findChildren(QGroupBox) if box.isVisible()]
    return [w for w in words if re.search(r"[A-Za-z가-힣]{2,}", re.sub(r"<[^>]*>", "", w))]


def english_only(words: list[str]) -> list[str]:
    return [w for w in words if not HANGUL.search(w) and looks_like_words(w)]


def switch(window, qtbot, code: str) -> None:
    window.language_actions[code].trigger()
    expected = {"en": "Draw", "ko": "그리기"}[code]
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == expected, timeout=5_000)


def test_a_korean_window_speaks_korean_in_every_tab(make_window, settings, qtbot):
    settings.setValue("window/language", "ko")
    window = make_window()
    try:
        draw(window.canvas, seven(window.canvas))
        assert HANGUL.search(window.panel.verdict_label.text())
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            qtbot.wait(20)
            assert english_only(visible_words(window)) == [], window.tabs.tabText(index)
    finally:
        switch(window, qtbot, "en")


def test_switching_language_changes_every_word_at_once(make_window, settings, qtbot):
    window = make_window()
    draw(window.canvas, seven(window.canvas))
    assert window.panel.verdict_label.text().startswith("It's a 7")
    english = visible_words(window)
    try:
        switch(window, qtbot, "ko")
        assert window.panel.verdict_label.text().startswith("7입니다")
        assert window.training_tab.train_button.text() == "훈련"
        assert window.panel.axes[0].titleText() == "숫자"  # the chart's axes too
        assert window.canvas.accessibleName() == "그리기 영역"
        assert english_only(visible_words(window)) == []
        assert settings.value("window/language") == "ko"  # remembered for the next start
        assert window.language_actions["ko"].isChecked()
    finally:
        switch(window, qtbot, "en")
    assert visible_words(window) == english


def test_switching_language_leaves_a_training_run_alone(make_window, qtbot, small_npz):
    from tests.test_training_tab import prepare

    window = make_window()
    tab = window.training_tab
    prepare(tab, small_npz, epochs=2)
    try:
        with qtbot.waitSignal(tab.trainingStarted):
            qtbot.mouseClick(tab.train_button, Qt.MouseButton.LeftButton)
        switch(window, qtbot, "ko")
        with qtbot.waitSignal(tab.trainingFinished, timeout=120_000) as finished:
            pass
        assert finished.args == [True]
        assert "테스트 정확도" in tab.result.label.text()
        assert "에포크 2/2" in tab.log.toPlainText()
    finally:
        switch(window, qtbot, "en")


def test_the_window_starts_in_the_desktops_language(tmp_path):
    """A fresh start on a Korean desktop speaks Korean; a remembered choice wins."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QSettings\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from gui.main_window import MainWindow\n"
        "folder = Path(sys.argv[1])\n"
        "for name in ('fresh', 'chose'):\n"
        "    settings = QSettings(str(folder / f'{name}.ini'), QSettings.Format.IniFormat)\n"
        "    if name == 'chose':\n"
        "        settings.setValue('window/language', 'en')\n"
        "    window = MainWindow(settings=settings, models_dir=folder / 'models')\n"
        "    print(window.tabs.tabText(0), window.training_tab.train_button.text())\n"
        "    window.close()\n"
    )
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    environment.update(LANG="ko_KR.UTF-8", QT_QPA_PLATFORM="offscreen")
    shown = subprocess.run([sys.executable, "-c", script, str(tmp_path)], cwd=ROOT,
                           env=environment, capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split("\n")[:2] == ["그리기 훈련", "Draw Train"]


def glyph(character: str) -> QImage:
    image = QImage(48, 48, QImage.Format.Format_Grayscale8)
    image.fill(QColor("white"))
    painter = QPainter(image)
    font = QFont()
    font.setPixelSize(32)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(QRect(0, 0, 48, 48), Qt.AlignmentFlag.AlignCenter, character)
    painter.end()
    return image


def test_korean_is_drawn_with_a_hangul_font_not_boxes(qapp):
    assert QFontDatabase.families(QFontDatabase.WritingSystem.Korean), \
        "no Hangul font: `make` installs fonts-nanum (sysdeps)"
    hun, ryeon, unknown = glyph("훈"), glyph("련"), glyph("\ue000")
    blank = glyph(" ")
    # A missing glyph is drawn as the same box for every character.
    assert hun != blank and hun != ryeon and hun != unknown and ryeon != unknown


def text_room(widget) -> int:
    """How wide a text the widget can show whole: its width less the style's margins, and a
    check box's or radio button's indicator."""
    style, metric = widget.style(), QStyle.PixelMetric
    if isinstance(widget, QLabel):
        return widget.contentsRect().width()
    if isinstance(widget, (QCheckBox, QRadioButton)):
        return widget.width() - style.pixelMetric(metric.PM_IndicatorWidth, None, widget) - \
            style.pixelMetric(metric.PM_CheckBoxLabelSpacing, None, widget)
    return widget.width() - 2 * (style.pixelMetric(metric.PM_ButtonMargin, None, widget) +
                                 style.pixelMetric(metric.PM_DefaultFrameWidth, None, widget))


@pytest.mark.parametrize("code", ["en", "ko"])
def test_nothing_is_clipped_at_the_default_size(make_window, settings, qtbot, code):
    settings.setValue("window/language", code)
    window = make_window()
    try:
        window.resize(980, 620)  # the size a first start opens at
        draw(window.canvas, seven(window.canvas))
        clipped = []
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            qtbot.wait(20)
            for widget in window.findChildren(QAbstractButton) + window.findChildren(QLabel):
                if not widget.isVisible() or not widget.text() or \
                        (isinstance(widget, QLabel) and (widget.wordWrap() or
                                                         GuiQt.mightBeRichText(widget.text()))):
                    continue
                needed = widget.fontMetrics().horizontalAdvance(widget.text().replace("&", ""))
                if needed > text_room(widget):
                    clipped.append((window.tabs.tabText(index), widget.text(), needed,
                                    text_room(widget)))
        assert clipped == []
    finally:
        switch(window, qtbot, "en")


def test_numbers_follow_the_language(make_window, settings, qtbot):
    from gui.i18n import number, percent

    settings.setValue("window/language", "ko")
    window = make_window(ready=False)
    try:
        assert (number(60000), percent(0.973), percent(0.99491, 2)) == \
            ("60,000", "97%", "99.49%")
        assert window.training_tab.settings.limit_spin.specialValueText() == "전체 60,000개"
    finally:
        switch(window, qtbot, "en")
    assert window.training_tab.settings.limit_spin.specialValueText() == "all 60,000"
    QLocale.setDefault(QLocale(QLocale.Language.German))  # a locale that writes 60.000
    try:
        assert (number(60000), number(0.5, 2)) == ("60.000", "0,50")
    finally:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))


def test_a_german_desktop_shows_and_reads_numbers_with_a_decimal_comma(tmp_path):
    """Words in English (DigitPad does not speak German), numbers as the region writes them,
    and what the person types into a number field read the same way (issue 26, case 6)."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QSettings\n"
        "from PySide6.QtTest import QTest\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from gui.i18n import number, percent\n"
        "from gui.main_window import MainWindow\n"
        "folder = Path(sys.argv[1])\n"
        "settings = QSettings(str(folder / 'de.ini'), QSettings.Format.IniFormat)\n"
        "window = MainWindow(settings=settings, models_dir=folder / 'models')\n"
        "spin = window.training_tab.settings.validation_spin\n"
        "spin.setValue(0.1)\n"
        "shown = spin.text()\n"
        "spin.lineEdit().selectAll()\n"
        "QTest.keyClicks(spin.lineEdit(), '0,25')\n"
        "spin.interpretText()\n"
        "print(window.tabs.tabText(0), number(60000), percent(0.975, 1), shown, spin.value(),\n"
        "      sep='|')\n"
        "window.close()\n"
    )
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LC_NUMERIC")}
    environment.update(LANG="de_DE.UTF-8", QT_QPA_PLATFORM="offscreen")
    shown = subprocess.run([sys.executable, "-c", script, str(tmp_path)], cwd=ROOT,
                           env=environment, capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split("\n")[0].split("|") == [
        "Draw", "60.000", "97,5%", "0,10", "0.25"]
