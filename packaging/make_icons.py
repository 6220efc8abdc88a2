"""Render the app icon's PNG sizes from resources/icons/app.svg with Qt's SVG renderer.

Desktops look icons up by name in the hicolor theme, at the sizes they draw (16 in menus,
24/32 in panels, 48/64 in launchers, 128-512 in app stores and on HiDPI screens). The
PNGs are committed, so a checkout, a wheel and the bundle all have them; run this again
after changing the SVG:

    python packaging/make_icons.py            # writes resources/icons/hicolor/...
    python packaging/make_icons.py --check    # exit 1 if a PNG is missing or out of date
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from companion import APP_ID  # noqa: E402

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SOURCE = ROOT / "resources" / "icons" / "app.svg"
THEME_DIR = ROOT / "resources" / "icons" / "hicolor"


def png_path(size: int, theme_dir: Path = THEME_DIR) -> Path:
    return theme_dir / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render(size: int):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def matches(current, image) -> bool:
    """Same picture, allowing for the anti-aliasing differences between Qt versions."""
    if current.isNull() or current.size() != image.size():
        return False
    a = bytes(current.convertToFormat(image.format()).constBits())
    b = bytes(image.constBits())
    differences = [abs(x - y) for x, y in zip(a, b)]
    return max(differences) <= 64 and sum(differences) / len(differences) <= 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; fail if a PNG is missing or differs from the SVG")
    args = parser.parse_args(argv)
    # No display needed: Qt renders into memory.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QImage

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841 (fonts, plugins)
    stale = []
    for size in SIZES:
        image, path = render(size), png_path(size)
        if args.check:
            current = QImage(str(path))
            if not matches(current, image):
                stale.append(str(path.relative_to(ROOT)))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(path), "PNG"):
            raise SystemExit(f"could not write {path}")
        print(f"{path.relative_to(ROOT)}  {size}x{size}")
    if stale:
        print("Out of date (run python packaging/make_icons.py):\n  " + "\n  ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
