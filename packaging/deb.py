"""`make deb`: the one-folder build (dist/DigitPad) as a Debian package, with dpkg-deb.

/opt/digitpad holds the build; /usr/bin/digitpad and /usr/bin/digitpad-train start it (the one
executable reads its name: packaging/launch.py); the desktop entry, the icons and the AppStream
metainfo go where desktops look for them; /usr/share/doc/digitpad/copyright names the licence of
everything it ships. The version comes from pyproject.toml.

python packaging/deb.py --build dist/DigitPad --out dist
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
NAME = "digitpad"
APP_ID = "io.github.digitpad.DigitPad"  # AppStream's reverse-DNS id, also the desktop file's
# The system libraries Qt's xcb (X11) platform plugin and its OpenGL need, as Debian names them
# (the same list `make sysdeps` installs), and a Hangul font for Korean.
DEPENDS = ["libc6 (>= 2.31)", "libegl1", "libgl1", "libxkbcommon0", "libxkbcommon-x11-0",
           "libfontconfig1", "libfreetype6", "libdbus-1-3", "libxcb-cursor0", "libxcb-icccm4",
           "libxcb-keysyms1", "libxcb-image0", "libxcb-render-util0", "libxcb-xinerama0",
           "libxcb-shape0", "libxcb-randr0", "libxcb-xkb1", "libx11-xcb1"]
RECOMMENDS = ["fonts-nanum"]
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
SCREENSHOTS = "docs/screenshots"  # where the README's pictures are (make screenshots)
RELEASE_DATE = "2026-12-01"  # of the version in pyproject.toml
COMPRESSION = 6  # xz's level: measured in the README ("Installing")
MAINTAINER = "DigitPad maintainers <maintainers@users.noreply.r-seed-38171a93.example>"


def version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


def control(installed_kib: int) -> str:
    return "\n".join([
        f"Package: {NAME}",
        f"Version: {version()}",
        "Architecture: amd64",
        f"Maintainer: {MAINTAINER}",
        f"Installed-Size: {installed_kib}",
        f"Depends: {', '.join(DEPENDS)}",
        f"Recommends: {', '.join(RECOMMENDS)}",
        "Section: science",
        "Priority: optional",
        "Description: draw a digit and watch a neural network read it",
        " DigitPad is a desktop app for learning what a neural network does: draw a",
        " digit or a whole number with the mouse or a pen tablet and a Keras model",
        " reads it live, with a bar chart of its confidence. One click retrains the",
        " model on this computer with a live progress bar and curves; it can also learn",
        " your own handwriting from the digits you correct. In English and Korean.",
        " .",
        " It grows out of chapter 2 of Deep Learning with Python (MNIST, a dense",
        " network, then a small convnet) and ships its own Python, Qt and TensorFlow.",
        "",
    ])


def copyright_file() -> str:
    """Debian's machine-readable copyright format: DigitPad and what it ships."""
    return (ROOT / "packaging" / "copyright").read_text(encoding="utf-8")


def changelog() -> bytes:
    text = (f"{NAME} ({version()}) stable; urgency=medium\n\n"
            "  * See the README's history of issues for what changed.\n\n"
            f" -- {MAINTAINER}  Tue, 01 Dec 2026 00:00:00 +0000\n")
    # -n: no name or time in the gzip header, so the same changelog gives the same bytes.
    return gzip.compress(text.encode(), compresslevel=9, mtime=0)


def metainfo(homepage: str | None) -> str:
    """AppStream's description of the app. Its screenshots and home page need the project's
    public web address (AppStream accepts only web URLs): given `homepage`, they point at the
    README's screenshots there; without one the metainfo leaves them out."""
    web = ""
    if homepage:
        images = "\n".join(
            f"""    <screenshot{' type="default"' if i == 0 else ''}>
      <caption>{caption}</caption>
      <image>{homepage.rstrip('/')}/{SCREENSHOTS}/{name}</image>
    </screenshot>""" for i, (name, caption) in enumerate((
                ("draw-en-light.png", "A handwritten number read live, each digit with its "
                                      "confidence"),
                ("digits-en-light.png", "My digits: saved digits to correct and learn from"),
                ("train-en-light.png", "Training: live curves and the confusion matrix"),
                ("network-en-light.png", "What each layer of the network sees"),
                ("draw-ko-dark.png", "The same in Korean, on a dark desktop"))))
        web = (f'  <url type="homepage">{homepage}</url>\n'
               f"  <screenshots>\n{images}\n  </screenshots>\n")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<component type="desktop-application">
  <id>{APP_ID}</id>
  <metadata_license>CC0-1.0</metadata_license>
  <project_license>MIT</project_license>
  <name>DigitPad</name>
  <summary>Draw a digit and watch a neural network read it</summary>
  <description>
    <p>
      DigitPad is a desktop app for learning what a neural network does. Draw a digit or a
      whole number with the mouse or a pen tablet, and a Keras model reads it live, with a bar
      chart of its confidence and the 28×28 picture it was given.
    </p>
    <p>
      One click retrains the model on your own computer, with a live progress bar, curves and a
      confusion matrix; DigitPad can also learn your handwriting from the digits you correct.
      It speaks English and Korean and works from the keyboard and with a screen reader.
    </p>
  </description>
  <launchable type="desktop-id">{APP_ID}.desktop</launchable>
{web}  <developer_name>DigitPad maintainers</developer_name>
  <content_rating type="oars-1.1"/>
  <provides>
    <binary>digitpad</binary>
    <binary>digitpad-train</binary>
  </provides>
  <categories>
    <category>Education</category>
    <category>Science</category>
  </categories>
  <releases>
    <release version="{version()}" date="{RELEASE_DATE}"/>
  </releases>
</component>
"""


def lintian_overrides() -> str:
    return (PACKAGING / "lintian-overrides").read_text(encoding="utf-8")


def stage(build: Path, root: Path, homepage: str | None) -> None:
    """The package's files under `root`, with the modes Debian expects."""
    if root.exists():
        shutil.rmtree(root)
    opt = root / "opt" / NAME
    # The build's own share/ (desktop entry, icons for a copied folder) goes to /usr/share.
    shutil.copytree(build, opt, symlinks=True, ignore=shutil.ignore_patterns("share"))
    bin_dir = root / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    for command in ("digitpad", "digitpad-train"):
        (bin_dir / command).symlink_to(f"/opt/{NAME}/digitpad")  # across top-level folders
    man = root / "usr" / "share" / "man" / "man1"
    man.mkdir(parents=True)
    for page in sorted((PACKAGING / "man").glob("*.1")):
        text = page.read_text(encoding="utf-8").replace("@VERSION@", version())
        (man / f"{page.name}.gz").write_bytes(gzip.compress(text.encode(), 9, mtime=0))
    share = root / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy(PACKAGING / "digitpad.desktop", share / "applications" / f"{APP_ID}.desktop")
    for size in ICON_SIZES:
        folder = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copy(PACKAGING / "icons" / f"digitpad-{size}.png", folder / "digitpad.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy(ROOT / "assets" / "icon.svg", scalable / "digitpad.svg")
    (share / "metainfo").mkdir()
    (share / "metainfo" / f"{APP_ID}.metainfo.xml").write_text(metainfo(homepage),
                                                              encoding="utf-8")
    doc = share / "doc" / NAME
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(copyright_file(), encoding="utf-8")
    (doc / "changelog.gz").write_bytes(changelog())
    overrides = share / "lintian" / "overrides"
    overrides.mkdir(parents=True)
    (overrides / NAME).write_text(lintian_overrides(), encoding="utf-8")
    for folder, _dirs, files in os.walk(root):
        os.chmod(folder, 0o755)
        for name in files:
            path = Path(folder) / name
            if not path.is_symlink():
                # Programs run; libraries and Python's extension modules are only loaded.
                program = path.stat().st_mode & 0o111 and ".so" not in path.name
                os.chmod(path, 0o755 if program else 0o644)
    installed = sum(p.lstat().st_size for p in root.rglob("*")) // 1024
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN" / "control").write_text(control(installed), encoding="utf-8")
    os.chmod(root / "DEBIAN", 0o755)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=str(ROOT / "dist" / "DigitPad"))
    parser.add_argument("--out", default=str(ROOT / "dist"))
    parser.add_argument("--staging", default=str(ROOT / "build" / "deb" / NAME))
    parser.add_argument("--homepage", default=os.environ.get("DIGITPAD_HOMEPAGE") or None,
                        help="the project's public web address (AppStream's screenshots)")
    parser.add_argument("--level", type=int, default=COMPRESSION)
    args = parser.parse_args(argv)
    build = Path(args.build)
    if not (build / "digitpad").is_file():
        print(f"no one-folder build at {build}: run `make package` first", file=sys.stderr)
        return 1
    root = Path(args.staging)
    stage(build, root, args.homepage)
    out = Path(args.out) / f"{NAME}_{version()}_amd64.deb"
    # xz: what Debian's archive accepts (lintian calls a zstd .deb malformed).
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", f"-z{args.level}", "--build",
                    str(root), str(out)], check=True)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
