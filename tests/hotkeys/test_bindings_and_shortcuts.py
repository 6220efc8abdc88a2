"""Key combinations as text, the default set, and applying a set through a faked platform layer."""

import pytest

from companion.core.shortcut_actions import ACTION_IDS, DEFAULTS, effective_bindings
from companion.integrations.hotkeys.base import OK, TAKEN, HotkeyBackend, RegisterResult
from companion.integrations.hotkeys.binding import Binding
from companion.integrations.hotkeys.shortcuts import GlobalShortcuts


@pytest.mark.parametrize("text, expected", [
    ("Ctrl+Alt+3", "Ctrl+Alt+3"),
    ("alt+ctrl+3", "Ctrl+Alt+3"),
    ("Shift+Alt+Control+c", "Ctrl+Alt+Shift+C"),
    ("Meta+Space", "Super+Space"),
    ("Cmd+Option+pageup", "Alt+Super+PgUp"),
    ("F9", "F9"),
])
def test_combinations_read_and_print_the_same_way_everywhere(text, expected):
    assert str(Binding.parse(text)) == expected
    assert Binding.parse(expected) == Binding.parse(text)


@pytest.mark.parametrize("text, words", [
    ("", "not a key combination"),
    ("Ctrl+", "not a key combination"),
    ("Hyper+3", "'Hyper'"),
    ("Ctrl+Alt+é", "'é'"),
    ("3", "stop that key from typing"),
    ("Shift+A", "stop that key from typing"),
])
def test_bad_combinations_say_what_is_wrong(text, words):
    with pytest.raises(ValueError, match=words):
        Binding.parse(text)


def test_defaults_are_valid_distinct_and_avoid_common_desktop_and_call_app_keys():
    parsed = [Binding.parse(DEFAULTS[a]) for a in ACTION_IDS]
    assert len(set(parsed)) == len(parsed)
    known_elsewhere = {"Ctrl+Alt+T", "Ctrl+Alt+L", "Ctrl+Alt+Delete", "Ctrl+Alt+D", "Ctrl+Alt+Shift+R",
                       "Ctrl+Alt+C", "Ctrl+Alt+H", "Ctrl+Alt+P", "Ctrl+Shift+M", "Ctrl+Shift+O",
                       "Ctrl+Shift+E", "Ctrl+Shift+H", "Ctrl+Shift+K", "Alt+A", "Alt+V", "Alt+S",
                       "Ctrl+D", "Ctrl+E", "Ctrl+Alt+Left", "Ctrl+Alt+Right", "Ctrl+Alt+Up", "Ctrl+Alt+Down"}
    assert not {str(b) for b in parsed} & known_elsewhere
    assert all(not b.key.startswith("F") for b in parsed)     # Ctrl+Alt+F-keys switch consoles
    assert DEFAULTS["moment_3"] == "Ctrl+Alt+3"


def test_the_reps_choice_wins_and_an_empty_one_turns_a_shortcut_off():
    bindings = effective_bindings({"moment_1": "Ctrl+Alt+Shift+1", "copy_line": ""})
    assert bindings["moment_1"] == "Ctrl+Alt+Shift+1"
    assert bindings["copy_line"] == ""
    assert bindings["moment_2"] == DEFAULTS["moment_2"]


class FakeBackend(HotkeyBackend):
    """Stands in for a platform: some combinations are held by 'another application'."""

    def __init__(self, taken=()):
        self.taken = {Binding.parse(t) for t in taken}
        self.held: dict[Binding, object] = {}
        self.calls: list[str] = []

    def register(self, binding, callback):
        self.calls.append(f"+{binding}")
        if binding in self.taken:
            return RegisterResult(TAKEN, binding)
        self.held[binding] = callback
        return RegisterResult(OK, binding)

    def unregister(self, binding):
        self.calls.append(f"-{binding}")
        self.held.pop(binding)

    def press(self, text):
        self.held[Binding.parse(text)]()


def test_a_taken_combination_is_named_and_the_others_still_run_their_action():
    backend, fired = FakeBackend(taken=["Ctrl+Alt+3"]), []
    shortcuts = GlobalShortcuts(backend, fired.append)
    results = shortcuts.apply({"moment_2": "Ctrl+Alt+2", "moment_3": "Ctrl+Alt+3", "copy_line": ""})
    assert results["moment_3"].status == TAKEN
    assert shortcuts.problems() == ["Ctrl+Alt+3 is taken by another application"]
    backend.press("Ctrl+Alt+2")
    assert fired == ["moment_2"]
    assert "copy_line" not in results


def test_applying_a_changed_set_only_touches_what_changed():
    backend, fired = FakeBackend(), []
    shortcuts = GlobalShortcuts(backend, fired.append)
    shortcuts.apply({"moment_1": "Ctrl+Alt+1", "moment_2": "Ctrl+Alt+2"})
    backend.calls.clear()
    shortcuts.apply({"moment_1": "Ctrl+Alt+1", "moment_2": "Ctrl+Alt+Shift+2"})
    assert backend.calls == ["-Ctrl+Alt+2", "+Ctrl+Alt+Shift+2"]
    backend.press("Ctrl+Alt+Shift+2")
    assert fired == ["moment_2"]
    shortcuts.close()
    assert backend.held == {}


def test_one_combination_for_two_actions_is_refused_by_name():
    shortcuts = GlobalShortcuts(FakeBackend(), lambda _a: None)
    results = shortcuts.apply({"moment_1": "Ctrl+Alt+1", "copy_line": "Alt+Ctrl+1"})
    assert results["moment_1"].ok
    assert "already used for \"Tick or untick yes moment 1\"" in results["copy_line"].message()


def test_an_action_that_raises_does_not_stop_the_others(caplog):
    backend = FakeBackend()
    fired = []

    def on_action(action):
        if action == "moment_1":
            raise RuntimeError("bug")
        fired.append(action)
    shortcuts = GlobalShortcuts(backend, on_action)
    shortcuts.apply({"moment_1": "Ctrl+Alt+1", "moment_2": "Ctrl+Alt+2"})
    backend.press("Ctrl+Alt+1")
    backend.press("Ctrl+Alt+2")
    assert fired == ["moment_2"]
    assert "Global shortcut moment_1 failed" in caplog.text
