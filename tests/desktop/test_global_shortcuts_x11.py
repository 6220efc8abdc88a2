"""The companion beside a call app on a real X11 desktop (Xvfb + openbox), as a rep uses it.

An xterm stands in for the video call and keeps the keyboard. Global shortcuts and mouse
clicks must change the call (read back from the draft in the database) and leave the
xterm the active window; a combination another X client holds is reported by name and
the others keep working. The tests run in order against one app, like one call.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from companion.core.call_codec import call_from_dict
from tests.x11_session import XSession, require_tools, wait_for

pytestmark = pytest.mark.slow
HERE = Path(__file__).parent
HOLDER = HERE.parent / "hotkeys" / "grab_holder.py"
CONTROL_ALT = 4 | 8


class Desktop:
    def __init__(self, root: Path):
        require_tools("Xvfb", "openbox", "xterm", "xdotool")
        self.x = XSession(root)
        self.data_dir = root / "data"
        self.report_path = root / "report.json"
        try:
            self.x.start_window_manager()
            self.xterm = self.x.start_xterm("call-app")
            # Another application holds Ctrl+Alt+9 before the companion starts.
            self.holder = self.x.start([sys.executable, str(HOLDER), "9", str(CONTROL_ALT)],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            assert self.holder.stdout.readline().strip() == "held"
            self.app = self.x.start([sys.executable, str(HERE / "app_driver.py"), str(self.data_dir),
                                     str(self.report_path)])
            wait_for(lambda: self.report().get("problems") is not None, "the companion to start", 60)
            self.focus_call_app()
        except BaseException:
            self.x.close()
            raise

    @property
    def window(self) -> str:
        return str(self.report()["window_id"])

    # -- what the test looks at ---------------------------------------------------------------
    def report(self) -> dict:
        try:
            return json.loads(self.report_path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}

    def draft(self):
        db_path = self.data_dir / "calls.sqlite3"
        if not db_path.exists():
            return None
        connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10)
        try:
            row = connection.execute("SELECT body FROM drafts ORDER BY updated_at DESC LIMIT 1").fetchone()
        except sqlite3.OperationalError:     # tables not created yet
            return None
        finally:
            connection.close()
        return call_from_dict(json.loads(row[0]), where="draft") if row else None

    def wait_draft(self, condition, what: str):
        return wait_for(lambda: (lambda d: d is not None and condition(d))(self.draft()) and self.draft(),
                        what)

    # -- what the rep does ----------------------------------------------------------------------
    def press(self, keys: str) -> None:
        self.x.xdotool("key", keys)

    def click(self, point: list[int]) -> None:
        self.x.xdotool("mousemove", "--sync", str(point[0]), str(point[1]))
        self.x.xdotool("click", "1")

    def settled_position(self, button: str) -> list[int]:
        """Where a button is once the window stopped moving (a window shown anew after the
        on-top change may be placed again by the window manager)."""
        def same_twice():
            first = self.report()["buttons"][button]
            time.sleep(0.3)
            return first if first == self.report()["buttons"][button] else None
        return wait_for(same_twice, f"the {button} button to stay in place")

    def focus_call_app(self) -> None:
        self.x.xdotool("windowactivate", "--sync", self.xterm)
        wait_for(lambda: self.x.active_window() == self.xterm, "the call app to have the focus")
        # The companion notices within a moment that the focus went elsewhere and stops
        # accepting it; a person's hand takes longer than that to come back to it.
        wait_for(lambda: self.report().get("accepting_focus") is False, "the companion to let go")

    def assert_call_app_active(self) -> None:
        assert self.x.active_window() == self.xterm, "the companion took the keyboard from the call app"

    def clipboard_text(self) -> str:
        return self._qt("print(app.clipboard().text())")

    def clear_clipboard(self) -> None:
        # The clipboard empties when its owner, this short-lived helper, exits.
        self._qt("app.clipboard().setText('')")
        wait_for(lambda: self.clipboard_text() == "", "the clipboard to be empty")

    def _qt(self, statement: str) -> str:
        code = f"from PySide6.QtWidgets import QApplication; app = QApplication([]); {statement}"
        return subprocess.run([sys.executable, "-c", code], env={**self.x.env, "QT_QPA_PLATFORM": "xcb"},
                              capture_output=True, text=True, timeout=60).stdout.strip()

    def close(self) -> None:
        self.holder.stdin.close()
        self.x.close()


@pytest.fixture(scope="module")
def desktop(tmp_path_factory):
    desk = Desktop(tmp_path_factory.mktemp("desktop"))
    yield desk
    desk.close()


def test_a_shortcut_held_by_another_application_is_named_at_start(desktop):
    report = desktop.report()
    assert report["problems"] == ["Ctrl+Alt+9 is taken by another application"]
    assert "Ctrl+Alt+9 is taken by another application" in report["status"]


def test_start_call_shortcut_opens_the_start_dialog_for_the_name(desktop):
    desktop.press("ctrl+alt+shift+n")
    wait_for(lambda: desktop.x.xdotool("getactivewindow", "getwindowname", check=False) == "Start call",
             "the start dialog to have the focus")
    desktop.x.xdotool("type", "--delay", "20", "Dana Smith")
    desktop.press("Return")
    call = desktop.wait_draft(lambda d: d.contact == "Dana Smith", "the call to start")
    assert call.moments == {}
    wait_for(lambda: desktop.report().get("on_top"), "the window to be on top during the call")
    desktop.focus_call_app()


def test_moment_shortcuts_tick_and_untick_while_the_call_app_keeps_the_keyboard(desktop):
    order = list(desktop.report()["moments"])
    desktop.press("ctrl+alt+1")
    desktop.wait_draft(lambda d: set(d.moments) == {order[0]}, "moment 1 to be ticked")
    wait_for(lambda: order[0] in desktop.report()["flashing"] or
             desktop.report()["status"].startswith("Agreed"), "visible feedback")
    assert desktop.report()["status"].startswith("Agreed: ")
    desktop.assert_call_app_active()
    desktop.press("ctrl+alt+2")
    desktop.wait_draft(lambda d: set(d.moments) == {order[0], order[1]}, "moment 2 to be ticked")
    desktop.press("ctrl+alt+1")
    desktop.wait_draft(lambda d: set(d.moments) == {order[1]}, "moment 1 to be unticked")
    desktop.assert_call_app_active()


def test_objection_shortcut_cycles_raised_resolved_cleared(desktop):
    first = list(desktop.report()["objections"])[0]
    desktop.press("ctrl+alt+shift+1")
    desktop.wait_draft(lambda d: first in d.objections and d.objections[first].is_open, "objection raised")
    desktop.press("ctrl+alt+shift+1")
    desktop.wait_draft(lambda d: first in d.objections and not d.objections[first].is_open,
                       "objection resolved")
    desktop.press("ctrl+alt+shift+1")
    desktop.wait_draft(lambda d: first not in d.objections, "objection cleared")
    desktop.assert_call_app_active()


def test_tried_it_shortcuts_record_the_suggested_close_with_its_result(desktop):
    for key, result in (("a", "accepted"), ("d", "deferred"), ("l", "declined")):
        desktop.press(f"ctrl+alt+shift+{key}")
        desktop.wait_draft(lambda d, r=result: d.close_attempts and d.close_attempts[-1].result == r,
                           f"an attempt recorded as {result}")
    assert len(desktop.draft().close_attempts) == 3
    desktop.assert_call_app_active()


def test_copy_shortcut_puts_the_suggested_line_on_the_clipboard(desktop):
    desktop.press("ctrl+alt+shift+c")
    wait_for(lambda: desktop.report()["status"].startswith("Copied: "), "the copy feedback")
    assert len(desktop.clipboard_text()) > 10
    desktop.assert_call_app_active()


def test_the_taken_combination_goes_to_its_holder_and_the_rest_still_work(desktop):
    before = set(desktop.draft().moments)
    order = list(desktop.report()["moments"])
    desktop.press("ctrl+alt+9")
    desktop.press("ctrl+alt+3")      # after 9 in the key queue: once 3 is seen, 9 was handled
    desktop.wait_draft(lambda d: order[2] in d.moments, "moment 3 to be ticked")
    assert set(desktop.draft().moments) == before | {order[2]}
    desktop.assert_call_app_active()


def test_clicks_on_a_moment_an_objection_tried_it_copy_and_the_pin_leave_the_call_app_active(desktop):
    report = desktop.report()
    order = list(report["moments"])
    target = order[3]
    desktop.click(report["moments"][target])
    desktop.wait_draft(lambda d: target in d.moments, "the clicked moment to be ticked")
    desktop.assert_call_app_active()
    objection = list(report["objections"])[1]
    desktop.click(desktop.report()["objections"][objection])      # read again: the layout moves
    desktop.wait_draft(lambda d: objection in d.objections, "the clicked objection to be raised")
    desktop.assert_call_app_active()
    attempts = len(desktop.draft().close_attempts)
    desktop.click(desktop.report()["buttons"]["tried"])
    wait_for(lambda: desktop.report()["result_menu"], "the result menu")
    desktop.assert_call_app_active()
    desktop.click(desktop.report()["result_menu"]["Deferred"])
    desktop.wait_draft(lambda d: len(d.close_attempts) == attempts + 1, "the clicked result")
    assert desktop.draft().close_attempts[-1].result == "deferred"
    desktop.assert_call_app_active()
    desktop.clear_clipboard()
    desktop.click(desktop.report()["buttons"]["copy"])
    wait_for(lambda: len(desktop.clipboard_text()) > 10, "the clicked Copy to fill the clipboard")
    desktop.assert_call_app_active()
    desktop.click(desktop.report()["buttons"]["pin"])
    wait_for(lambda: desktop.report()["on_top"] is False, "the pin to take the window off the top")
    desktop.click(desktop.settled_position("pin"))
    wait_for(lambda: desktop.report()["on_top"] is True, "the pin to put it on top again")
    desktop.assert_call_app_active()


def test_compact_mode_by_button_and_by_shortcut_without_taking_the_keyboard(desktop):
    desktop.click(desktop.report()["buttons"]["compact"])
    wait_for(lambda: desktop.report()["compact"] and desktop.report()["size"][1] < 260, "the compact strip")
    width, height = desktop.report()["size"]
    assert 300 <= width <= 420 and 150 <= height < 260
    desktop.assert_call_app_active()
    desktop.press("ctrl+alt+shift+m")
    wait_for(lambda: not desktop.report()["compact"] and desktop.report()["size"][1] >= 480, "the full window")
    desktop.assert_call_app_active()


def test_a_click_into_the_notes_takes_the_focus_to_type(desktop):
    desktop.click(desktop.report()["buttons"]["notes"])
    wait_for(lambda: desktop.x.active_window() == desktop.window, "the companion to have the focus")
    desktop.x.xdotool("type", "--delay", "20", "budget ok")
    desktop.wait_draft(lambda d: "budget ok" in d.notes, "the typed notes")
    desktop.focus_call_app()


def test_alt_tab_brings_it_forward_with_its_own_keys_working(desktop):
    def alt_tab_took():
        desktop.press("alt+Tab")
        try:
            return wait_for(lambda: desktop.x.active_window() == desktop.window, "the focus", timeout=5)
        except AssertionError:
            return False
    # A person presses Alt+Tab again when the first press did not bring the window.
    wait_for(alt_tab_took, "Alt+Tab to give the companion the focus", timeout=30)
    desktop.press("Escape")            # out of the notes, back to the checklist
    order = list(desktop.report()["moments"])
    ticked = set(desktop.draft().moments)
    desktop.press("5")
    desktop.wait_draft(lambda d: set(d.moments) == ticked ^ {order[4]}, "key 5 to tick moment 5")
    desktop.focus_call_app()


def test_show_hide_shortcut(desktop):
    desktop.press("ctrl+alt+shift+h")
    wait_for(lambda: desktop.report()["visible"] is False, "the window to hide")
    desktop.assert_call_app_active()
    desktop.press("ctrl+alt+shift+h")
    wait_for(lambda: desktop.report()["visible"] and desktop.x.active_window() == desktop.window,
             "the window to come back with the focus")
    desktop.focus_call_app()


def test_end_call_shortcut_opens_the_wrap_up_and_esc_goes_back_to_the_call(desktop):
    desktop.press("ctrl+alt+shift+e")
    wait_for(lambda: desktop.x.xdotool("getactivewindow", "getwindowname", check=False) == "Wrap up: Dana Smith",
             "the wrap-up to open with the focus")
    desktop.press("Escape")
    wait_for(lambda: desktop.x.xdotool("getactivewindow", "getwindowname", check=False) != "Wrap up: Dana Smith",
             "the wrap-up to close")
    assert desktop.report()["in_call"]
    assert desktop.draft().ended_at is None
