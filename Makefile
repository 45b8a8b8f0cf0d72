# DigitPad: `make run` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MODEL_EPOCHS ?= 20

.PHONY: venv run test model pen-data non-digits whole-digits line-reader score-weights mnist-only-model soak bench package wheel-check clean sysdeps translations screenshots built-package deb dist install-check

# Qt needs a few system libraries (EGL, xkbcommon, fontconfig, the xcb helpers its X11
# plugin loads) that a bare machine may lack; install them once from Debian's packages.
QT_LIBS := libEGL.so.1 libxkbcommon.so.0 libfontconfig.so.1 libGL.so.1 libdbus-1.so.3 \
  libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1 libxkbcommon-x11.so.0
sysdeps:
	@missing=""; for lib in $(QT_LIBS); do ldconfig -p | grep -q "$$lib" || missing="$$missing $$lib"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Qt's system libraries ($$missing )"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
	      libxcb-xinerama0 libxcb-shape0 libxcb-randr0 libxcb-xkb1 >/dev/null; \
	  else echo "warning: Qt may need these system libraries:$$missing"; fi; \
	fi
	@# Korean needs a Hangul font; a bare machine has none and would draw empty boxes.
	@if command -v fc-list >/dev/null && ! fc-list :lang=ko | grep -q .; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing a Hangul font (fonts-nanum)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      fonts-nanum >/dev/null; \
	  else echo "warning: no Hangul font: install fonts-nanum (or any) to read DigitPad in Korean"; fi; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# The stamps make `venv` a no-op until pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-package: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[package]'
	touch $@

venv: sysdeps $(VENV)/.installed

run: venv
	$(BIN)/digitpad

# pytest exits 5 when it collected no tests: that is a broken suite, not a pass.
# One worker per core (pytest-xdist): half the time of one process here (README, "Tests").
test: sysdeps $(VENV)/.installed-test
	$(BIN)/ruff check gui model tests benchmarks packaging
	@$(BIN)/python -m pytest -n auto --maxschedchunk 1; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; \
	exit $$status

# The soak cases at full length, and the benchmark suites that train (tests marked slow).
soak: sysdeps $(VENV)/.installed-test
	$(BIN)/python -m pytest -n auto --maxschedchunk 1 -m slow

# The training writers' real pen digits the app ships (model/learning/pen_data.py), from shared/data.
pen-data: venv
	$(BIN)/digitpad-train pen-data --source ../shared/data/unipen_digits.jsonl.gz \
	  --out assets/pen_digits.npz --validation-out assets/pen_validation.npz

# The generated letters, shapes and scribbles "not a digit" gates are fitted on (model/reading/outliers.py),
# drawn once here so that a person waiting for a new model does not wait for them.
non-digits: venv
	$(BIN)/digitpad-train non-digits --out assets/non_digits.npz

# The number reader's candidates in the training writers' numbers, drawn and on paper, labelled one
# whole digit or not (model/learning/pen_numbers.py): every model's whole-digit fits learn from them.
whole-digits: venv
	$(BIN)/digitpad-train whole-digits --out assets/whole_digits.npz \
	  --pictures-out assets/picture_whole_digits.npz

# The line reader (model/learning/line_reader.py): a network trained with CTC on the training
# writers' pen numbers that reads a whole number at once, a second opinion on each digit the
# number reader chose (model/reading/line.py); ~15 minutes on two cores.
line-reader: venv
	$(BIN)/digitpad-train line-reader --out assets/line_reader.keras

# The weights of the number reader's scores (model/reading/segment.py DRAWING_SCORE, PICTURE_SCORE),
# fitted on every candidate it weighs in the training writers' numbers and lone digits, drawn and
# on paper, and in generated letters (model/learning/score_weights.py): prints the constants to
# paste. ~8 minutes here.
score-weights: venv
	$(BIN)/python -m model.learning.score_weights

# Retrain the bundled default model from the shared copy of MNIST: the convnet, with the real
# pen digits of UNIPEN's training writers varied afresh every epoch (model/learning/pen_data.py) and
# 10,000 generated digits of the world's handwriting forms counted in its last two epochs
# (model/learning/forms.py), read with the convnet's test-time views (model/reading/views.py);
# `make mnist-only-model` retrains the MNIST-only model it replaced (read as drawn, as it was
# shipped). ~20 minutes each here.
model: venv
	$(BIN)/digitpad-train train --arch cnn --epochs $(MODEL_EPOCHS) --seed 1 --forms 10000 --pen \
	  --data ../shared/data/mnist.npz --out assets/default_model.keras

mnist-only-model: venv
	$(BIN)/digitpad-train train --arch cnn --epochs $(MODEL_EPOCHS) --seed 1 --no-views \
	  --data ../shared/data/mnist.npz --out assets/mnist_only_model.keras

bench: sysdeps $(VENV)/.installed-test
	$(BIN)/python -m benchmarks.run

# The one-folder desktop build, then its self-test. Every library is stripped of its debugging
# symbols but NumPy's OpenBLAS, which stripping breaks (and the executable, which carries
# PyInstaller's archive).
PACKAGE_DIR := dist/DigitPad
package: sysdeps $(VENV)/.installed-package
	rm -rf build/pyinstaller $(PACKAGE_DIR)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist \
	  --workpath build/pyinstaller packaging/digitpad.spec
	find $(PACKAGE_DIR)/_internal -type f -name '*.so*' ! -path '*/numpy.libs/*' \
	  -exec strip --strip-unneeded {} +
	mkdir -p $(PACKAGE_DIR)/share/applications $(PACKAGE_DIR)/share/icons
	cp packaging/digitpad.desktop $(PACKAGE_DIR)/share/applications/
	cp assets/icon.svg $(PACKAGE_DIR)/share/icons/digitpad.svg
	cp packaging/icons/*.png $(PACKAGE_DIR)/share/icons/
	@du -sh $(PACKAGE_DIR)
	@# On a Korean desktop: the window must speak Korean (the self-test's "languages" step).
	env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=ko_KR.UTF-8 $(PACKAGE_DIR)/digitpad --self-test

# Installing it like desktop software: the one-folder build as a Debian package and as a
# compressed download with its checksum (packaging/deb.py; README, "Installing").
VERSION := $(shell $(PYTHON) -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])")
DEB := dist/digitpad_$(VERSION)_amd64.deb
ARCHIVE := dist/DigitPad-$(VERSION)-linux-x86_64.tar.zst
# zstd's level: 19 had not finished after 11 minutes here; 12 took 86 s.
ZSTD_LEVEL ?= 12
built-package:
	@test -x $(PACKAGE_DIR)/digitpad || $(MAKE) package

deb: built-package
	$(PYTHON) packaging/deb.py --build $(PACKAGE_DIR) --out dist

dist: built-package
	rm -f $(ARCHIVE) $(ARCHIVE).sha256
	tar -C dist --sort=name --owner=0 --group=0 --numeric-owner -cf - DigitPad \
	  | zstd -q -T0 -$(ZSTD_LEVEL) -o $(ARCHIVE)
	cd dist && sha256sum $(notdir $(ARCHIVE)) > $(notdir $(ARCHIVE)).sha256
	@ls -l $(DEB) $(ARCHIVE) 2>/dev/null || true

# Checked as a distribution checks a package (desktop-file-validate, appstreamcli, lintian),
# then installed with apt, self-tested from another folder and removed (tests/test_install.py;
# the install itself only as root with apt, else it says it skipped).
CHECKERS := desktop-file-validate:desktop-file-utils appstreamcli:appstream lintian:lintian
install-check: deb dist $(VENV)/.installed-test
	@missing=""; for pair in $(CHECKERS); do command -v $${pair%%:*} >/dev/null || \
	  missing="$$missing $${pair##*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing the package checkers ($$missing )"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      $$missing >/dev/null; \
	  else echo "warning: without$$missing some package checks are skipped"; fi; \
	fi
	$(BIN)/python -m pytest -rs tests/test_install.py

# Build the wheel, install it into a fresh environment outside the source tree, and run the
# installed app's self-test from there: the wheel alone must carry the model, icon and data.
WHEEL_DIR := $(abspath build/wheel)
WHEEL_ENV := $(abspath build/wheel-env)
wheel-check: sysdeps $(VENV)/.installed
	rm -rf $(WHEEL_DIR) $(WHEEL_ENV)
	$(BIN)/python -m pip wheel -q --no-deps -w $(WHEEL_DIR) .
	$(PYTHON) -m venv $(WHEEL_ENV)
	$(WHEEL_ENV)/bin/python -m pip install -q $(WHEEL_DIR)/digitpad-*.whl
	cd /tmp && $(WHEEL_ENV)/bin/digitpad --self-test

# The README's pictures of the window (English and Korean, light and dark), made offscreen.
screenshots: sysdeps $(VENV)/.installed-test
	$(BIN)/python packaging/screenshots.py --out docs/screenshots

clean:
	rm -rf $(VENV) build dist *.egg-info

# The translations: update the sources from the code (gui/ with pyside6-lupdate, model/ with
# Babel), then build what the app loads (assets/translations). Translators edit the .ts in Qt
# Linguist (pyside6-linguist) and the .po in any PO editor; tests/test_languages.py fails while
# an entry is missing or unfinished, or a built file is older than its source. English is the
# source language: its .ts holds only the plural forms.
LANGUAGES := ko
translations: $(VENV)/.installed-test
	mkdir -p build assets/translations
	for language in $(LANGUAGES); do \
	  $(BIN)/pyside6-lupdate gui/*.py gui/*/*.py -locations none -no-obsolete -target-language $$language \
	    -ts gui/translations/digitpad_$$language.ts || exit 1; done
	$(BIN)/pyside6-lupdate gui/*.py gui/*/*.py -locations none -no-obsolete -target-language en_US \
	  -pluralonly -ts gui/translations/digitpad_en.ts
	for language in $(LANGUAGES) en; do $(BIN)/pyside6-lrelease \
	  gui/translations/digitpad_$$language.ts -qm assets/translations/digitpad_$$language.qm \
	  || exit 1; done
	$(BIN)/pybabel extract --no-location --omit-header --sort-output -o build/core.pot \
	  model gui/app.py
	for language in $(LANGUAGES); do \
	  if [ -f model/translations/$$language.po ]; then \
	    $(BIN)/pybabel update -i build/core.pot -o model/translations/$$language.po \
	      -l $$language --no-wrap --ignore-obsolete --no-fuzzy-matching || exit 1; \
	  else $(BIN)/pybabel init -i build/core.pot -o model/translations/$$language.po \
	      -l $$language --no-wrap || exit 1; fi; \
	  $(BIN)/pybabel compile -i model/translations/$$language.po \
	    -o assets/translations/core_$$language.mo -l $$language || exit 1; done
