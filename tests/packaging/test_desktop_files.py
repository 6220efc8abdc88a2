"""The desktop entry, the AppStream metainfo and the icons: valid, and all under one id."""

import configparser
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from companion import APP_ID, APP_NAME, __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def need(tool: str) -> None:
    # scripts/test.sh installs both; without them the check cannot be made, which is a failure.
    assert shutil.which(tool) is not None, f"{tool} is not installed (scripts/test.sh installs it)"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def test_desktop_file_passes_desktop_file_validate():
    need("desktop-file-validate")
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    # The tool exits 0 on warnings too; any line it prints is a finding worth fixing.
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_metainfo_passes_appstreamcli_validate():
    need("appstreamcli")
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    # No errors and no warnings; "info"/"pedantic" notes (our id has capitals) are allowed.
    findings = [line for line in result.stdout.splitlines() if line[:2] in ("E:", "W:")]
    assert not findings, result.stdout


def test_one_application_id_everywhere():
    entry = desktop_entry()
    root = metainfo()
    assert DESKTOP.name == f"{APP_ID}.desktop"
    assert entry["Icon"] == APP_ID
    assert entry["Name"] == APP_NAME
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("icon") == APP_ID
    assert root.findtext("name") == APP_NAME
    assert root.find("provides/binary").text == entry["Exec"].split()[0] == "companion"
    # The running app tells the desktop the same id (window grouping, Wayland app_id).
    app_source = (ROOT / "companion" / "ui" / "app.py").read_text(encoding="utf-8")
    assert "setDesktopFileName(APP_ID)" in app_source
    # The PyInstaller launcher is the binary the entry starts.
    spec = (PACKAGING / "companion.spec").read_text(encoding="utf-8")
    assert 'name="companion"' in spec and "bundle_identifier=APP_ID" in spec


def test_metainfo_release_is_the_current_version():
    versions = [release.get("version") for release in metainfo().iter("release")]
    assert versions and versions[0] == __version__


def test_metainfo_screenshots_are_the_ones_in_docs():
    from PySide6.QtGui import QImage

    images = list(metainfo().iter("image"))
    assert len(images) >= 2
    for image in images:
        name = image.text.rsplit("/", 1)[-1]
        local = ROOT / "docs" / "screenshots" / name
        assert local.is_file(), f"{name} is referenced by the metainfo but not in docs/screenshots"
        picture = QImage(str(local))
        assert (picture.width(), picture.height()) == (int(image.get("width")), int(image.get("height")))


@pytest.mark.parametrize("size", SIZES)
def test_icon_png_at_every_size_desktops_ask_for(qapp, size):
    from PySide6.QtGui import QImage

    path = ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    image = QImage(str(path))
    assert not image.isNull(), path
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()            # rounded corners, not a square on the panel


def test_icon_pngs_match_the_svg():
    result = subprocess.run([sys.executable, str(PACKAGING / "make_icons.py"), "--check"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("panel", ["#ffffff", "#d8d8d8", "#3c3c3c", "#1a1a1a"])
def test_tray_icon_stands_out_on_light_and_dark_panels(qapp, panel):
    """Most of the icon must differ clearly from the panel behind it.

    The dark outline carries the shape on light panels, the grey fill and white tick on
    dark ones. (A mid-grey panel, around #8a8a8a, is the weak spot of any such design:
    there only the outline and the tick stand out, about 40% of the area.)
    """
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    size = 22                                    # the usual tray size on Linux panels
    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / "tray.svg"))

    def draw(fill) -> QImage:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(fill)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        return image

    alone = draw(Qt.GlobalColor.transparent)
    icon_pixels = [(x, y) for y in range(size) for x in range(size) if alone.pixelColor(x, y).alpha() > 200]
    background = QColor(panel)
    on_panel = draw(background)
    distinct = sum(1 for x, y in icon_pixels
                   if abs(on_panel.pixelColor(x, y).lightness() - background.lightness()) > 40)
    assert distinct >= 0.6 * len(icon_pixels), f"{distinct}/{len(icon_pixels)} px stand out on {panel}"
