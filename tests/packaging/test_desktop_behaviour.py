"""Desktop manners of the live window: placement, the tray, quitting, light and dark."""

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QMessageBox

from companion.core.call import Call
from companion.core.placement import read_saved, setup_key
from companion.core.settings import Settings
from companion.store.drafts import DraftStore
from companion.store.settings_file import load_settings
from companion.ui import window_placement
from companion.ui.app import build_main_window, create_application, load_all_playbooks
from companion.ui.services import build_services
from companion.ui.theme import DARK, LIGHT, SCHEME_ENV


class ClosedByTheRep(QCloseEvent):
    """A close from the title bar: spontaneous, unlike `window.close()` called by code."""

    def spontaneous(self):
        return True


@pytest.fixture
def make_window(qtbot, paths, db):
    create_application([])

    def make(settings=None):
        window = build_main_window(build_services(paths, db, settings or Settings(), load_all_playbooks(paths)))
        qtbot.addWidget(window)
        return window

    return make


@pytest.fixture
def answers(monkeypatch):
    """Stand in for the rep answering QMessageBox.question; records each question."""
    asked, replies = [], []

    def question(parent, title, text, *args, **kwargs):
        asked.append(title)
        return replies.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked, replies


def test_setup_key_comes_from_the_screens_qt_reports(qapp):
    screens = QGuiApplication.screens()
    expected = setup_key([window_placement._rect(s.geometry()) for s in screens])
    assert window_placement.current_setup_key() == expected


def test_geometry_is_stored_under_the_screen_setup_and_restored(make_window):
    settings = Settings()
    window = make_window(settings)
    window.resize(400, 500)
    window.move(40, 30)
    window.close()
    saved = read_saved(settings.window_geometry)
    assert list(saved) == [window_placement.current_setup_key()]

    again = make_window(settings)
    assert (again.width(), again.height()) == (400, 500)
    assert (again.x(), again.y()) == (40, 30)


def test_window_left_off_screen_is_brought_back(make_window):
    window = make_window()
    window.move(9000, 9000)
    assert window_placement.bring_on_screen(window)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert screen.contains(window.frameGeometry())
    assert not window_placement.bring_on_screen(window)   # already fine: left alone


def test_saved_position_on_a_missing_monitor_opens_on_the_primary_screen(make_window):
    settings = Settings()
    window = make_window(settings)
    window.move(7000, 100)          # where a second monitor used to be
    window_placement.remember(window, settings)
    restored = make_window(settings)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert screen.intersects(restored.frameGeometry())
    assert restored.x() < screen.right()


def test_closing_with_a_tray_hides_the_window_and_hints_once(make_window, paths):
    settings = Settings()
    window = make_window(settings)
    hints = []
    window.hide_to_tray_when_closed(lambda title, text: hints.append(text))
    window.show()

    event = ClosedByTheRep()
    window.closeEvent(event)
    assert not event.isAccepted() and not window.isVisible()
    assert len(hints) == 1 and "tray" in hints[0]
    assert settings.tray_hint_shown
    assert load_settings(paths.settings_path).tray_hint_shown   # persisted for next time

    window.show()
    window.closeEvent(ClosedByTheRep())
    assert not window.isVisible() and len(hints) == 1


def test_without_a_tray_closing_quits_as_before(make_window):
    window = make_window()
    window.show()
    event = ClosedByTheRep()
    window.closeEvent(event)
    assert event.isAccepted()


def test_quitting_during_a_call_asks_and_keeps_the_draft(make_window, db, answers):
    asked, replies = answers
    window = make_window()
    window.hide_to_tray_when_closed(lambda title, text: None)
    window.show()
    window.begin(Call(contact="Dana Whitfield", playbook_id="discovery"))
    window.notes_edit.setPlainText("CFO signs off")

    replies.append(QMessageBox.StandardButton.No)
    assert window.request_quit() is False
    assert asked == ["Quit during a call?"] and window.isVisible() and window.call is not None

    replies.append(QMessageBox.StandardButton.Yes)
    assert window.request_quit() is True
    assert not window.isVisible()
    kept = DraftStore(db).pending()
    assert [c.contact for c in kept] == ["Dana Whitfield"]
    assert kept[0].notes == "CFO signs off"


def test_quitting_without_a_call_does_not_ask(make_window, answers):
    asked, _ = answers
    window = make_window()
    window.hide_to_tray_when_closed(lambda title, text: None)
    window.show()
    assert window.request_quit() is True
    assert asked == [] and not window.isVisible()


def test_quit_menu_action_goes_through_the_question(make_window, answers):
    asked, replies = answers
    window = make_window()
    window.show()
    window.begin(Call(contact="Sam Ortiz", playbook_id="discovery"))
    replies.append(QMessageBox.StandardButton.No)
    window.menu_actions["Quit"].trigger()
    assert asked == ["Quit during a call?"] and window.isVisible()


# -- light and dark -------------------------------------------------------------------------
def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _switch(app, scheme, monkeypatch):
    # The test machine's desktop reports no scheme; announce one as the desktop would.
    monkeypatch.delenv(SCHEME_ENV, raising=False)
    app.styleHints().colorSchemeChanged.emit(scheme)


@pytest.mark.parametrize("scheme, name", [(Qt.ColorScheme.Dark, DARK), (Qt.ColorScheme.Light, LIGHT)])
def test_scheme_switches_live_and_custom_colours_stay_readable(qapp, monkeypatch, scheme, name):
    app = create_application([])
    _switch(app, scheme, monkeypatch)
    assert app.property("companionColorScheme") == name
    palette = app.palette()
    assert (palette.color(QPalette.ColorRole.Window).lightness() < 128) == (name == DARK)
    backgrounds = [palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.Base)]
    checked = 0
    for body in re.findall(r"\{([^}]*)\}", app.styleSheet()):
        text = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6}|white)", body)
        fill = re.search(r"background:\s*(#[0-9a-fA-F]{6})", body)
        if not text:
            continue
        behind = [QColor(fill.group(1))] if fill else backgrounds
        for background in behind:
            ratio = contrast(QColor(text.group(1)), background)
            assert ratio >= 4.5, f"{body.strip()} on {background.name()}: {ratio:.2f}"
            checked += 1
    assert checked >= 6
    _switch(app, Qt.ColorScheme.Light, monkeypatch)   # leave the app as other tests expect it


def test_dark_palette_keeps_muted_text_readable(qapp, monkeypatch):
    app = create_application([])
    _switch(app, Qt.ColorScheme.Dark, monkeypatch)
    palette = app.palette()
    muted = palette.color(QPalette.ColorRole.PlaceholderText)
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase):
        assert contrast(muted, palette.color(role)) >= 4.5
    _switch(app, Qt.ColorScheme.Light, monkeypatch)


def test_override_wins_over_the_desktop(qapp, monkeypatch):
    app = create_application([])
    monkeypatch.setenv(SCHEME_ENV, "dark")
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert app.property("companionColorScheme") == DARK
    _switch(app, Qt.ColorScheme.Light, monkeypatch)
    assert app.property("companionColorScheme") == LIGHT


def _ink(icon, size=24) -> QColor:
    """The most opaque colour an icon draws with (its stroke)."""
    image = icon.pixmap(size, size).toImage()
    best = QColor(0, 0, 0, 0)
    for y in range(size):
        for x in range(size):
            pixel = image.pixelColor(x, y)
            if pixel.alpha() > best.alpha():
                best = pixel
    assert best.alpha() > 200, "the icon drew nothing"
    return best


@pytest.mark.parametrize("scheme", [Qt.ColorScheme.Light, Qt.ColorScheme.Dark])
def test_line_icons_follow_the_scheme_and_stay_white_on_filled_buttons(qapp, monkeypatch, scheme):
    from companion.ui.style import ACCENT, BAD, icon

    app = create_application([])
    _switch(app, scheme, monkeypatch)
    window_colour = app.palette().color(QPalette.ColorRole.Window)
    for name in ("pin", "copy", "review"):
        assert contrast(_ink(icon(name)), window_colour) >= 4.5, name
    for name, fill in (("start", ACCENT), ("end", BAD)):
        assert contrast(_ink(icon(name, on_fill=True)), QColor(fill)) >= 4.5, name
    assert not icon("app").isNull()
    _switch(app, Qt.ColorScheme.Light, monkeypatch)


def test_unplugging_a_monitor_while_running_brings_the_window_back(make_window, qtbot):
    window = make_window()
    window.show()
    window.move(9000, 9000)          # where the monitor that just went away was
    app = QGuiApplication.instance()
    app.screenRemoved.emit(QGuiApplication.primaryScreen())
    screen = QGuiApplication.primaryScreen().availableGeometry()
    qtbot.waitUntil(lambda: screen.contains(window.frameGeometry()), timeout=2000)


@pytest.mark.parametrize("kind", ["QCheckBox", "QRadioButton"])
def test_unticked_check_box_and_radio_have_a_visible_edge_in_dark(qapp, monkeypatch, qtbot, kind):
    from PySide6 import QtWidgets

    app = create_application([])
    _switch(app, Qt.ColorScheme.Dark, monkeypatch)
    box = getattr(QtWidgets, kind)()
    qtbot.addWidget(box)
    box.resize(20, 20)
    image = box.grab().toImage()
    window_colour = app.palette().color(QPalette.ColorRole.Window)
    best = max(contrast(image.pixelColor(x, y), window_colour)
               for y in range(image.height()) for x in range(image.width()))
    assert best >= 3.0, f"the box's edge reaches only {best:.2f}:1 against the window"
    _switch(app, Qt.ColorScheme.Light, monkeypatch)
