"""The placement rules without Qt: set-up keys, reachability, rescue, the stored map."""

import json

from companion.core.placement import (
    MAX_REMEMBERED_SETUPS,
    Rect,
    is_reachable,
    read_saved,
    remember,
    rescue,
    saved_for,
    setup_key,
)

LAPTOP = Rect(0, 0, 1920, 1080)
DESK_MONITOR = Rect(1920, 0, 2560, 1440)


def test_setup_key_ignores_the_order_screens_are_listed_in():
    assert setup_key([LAPTOP, DESK_MONITOR]) == setup_key([DESK_MONITOR, LAPTOP])
    assert setup_key([LAPTOP]) != setup_key([LAPTOP, DESK_MONITOR])
    assert setup_key([]) == "none"


def test_window_on_a_screen_stays_where_it_is():
    window = Rect(100, 100, 360, 640)
    assert is_reachable(window, [LAPTOP])
    assert rescue(window, [LAPTOP], LAPTOP) == window


def test_window_on_an_unplugged_monitor_moves_to_the_primary_screen():
    on_the_desk_monitor = Rect(3000, 200, 360, 640)
    assert is_reachable(on_the_desk_monitor, [LAPTOP, DESK_MONITOR])
    moved = rescue(on_the_desk_monitor, [LAPTOP], LAPTOP)
    assert moved != on_the_desk_monitor
    assert (moved.width, moved.height) == (360, 640)
    assert is_reachable(moved, [LAPTOP])
    # Centred, so it is easy to find.
    assert moved.x == (1920 - 360) // 2 and moved.y == (1080 - 640) // 2


def test_window_mostly_off_the_edge_is_rescued_but_a_little_overhang_is_kept():
    mostly_off = Rect(1800, 100, 360, 640)         # only 120 of 360 px wide still visible
    assert not is_reachable(mostly_off, [LAPTOP])
    small_overhang = Rect(1600, 100, 360, 640)     # 320 of 360 px visible
    assert rescue(small_overhang, [LAPTOP], LAPTOP) == small_overhang


def test_title_bar_above_the_screen_counts_as_unreachable():
    # Most of the window is visible, but its title bar (the handle to drag it) is not.
    title_above = Rect(100, -30, 360, 640)
    assert not is_reachable(title_above, [LAPTOP])
    assert rescue(title_above, [LAPTOP], LAPTOP).y >= 0


def test_window_larger_than_the_remaining_screen_is_shrunk_to_fit():
    huge = Rect(2000, 0, 2400, 1400)
    moved = rescue(huge, [LAPTOP], LAPTOP)
    assert moved == Rect(0, 0, 1920, 1080)


def test_primary_screen_not_at_the_origin():
    primary = Rect(-1280, 0, 1280, 1024)
    moved = rescue(Rect(5000, 5000, 360, 640), [primary], primary)
    assert primary.intersection(moved) == moved


def test_empty_window_is_never_reachable():
    assert not is_reachable(Rect(10, 10, 0, 0), [LAPTOP])


def test_geometry_is_remembered_per_setup():
    one = setup_key([LAPTOP])
    two = setup_key([LAPTOP, DESK_MONITOR])
    text = remember({}, one, "AAAA")
    text = remember(read_saved(text), two, "BBBB")
    saved = read_saved(text)
    assert saved_for(saved, one) == "AAAA"
    assert saved_for(saved, two) == "BBBB"
    assert saved_for(saved, "another set-up") == ""


def test_a_bare_geometry_from_before_is_used_until_replaced():
    legacy = "AdnQywADAAAAAABkAAAAZAAAAcsAAALj"
    saved = read_saved(legacy)
    assert saved_for(saved, "any") == legacy
    text = remember(saved, "laptop", "NEW")
    assert json.loads(text) == {"laptop": "NEW"}


def test_only_the_most_recent_setups_are_kept():
    text = ""
    for number in range(MAX_REMEMBERED_SETUPS + 3):
        text = remember(read_saved(text), f"setup-{number}", str(number))
    saved = read_saved(text)
    assert len(saved) == MAX_REMEMBERED_SETUPS
    assert "setup-0" not in saved
    assert saved[f"setup-{MAX_REMEMBERED_SETUPS + 2}"] == str(MAX_REMEMBERED_SETUPS + 2)
    # Using an old set-up again makes it the newest, so it survives.
    text = remember(saved, "setup-3", "again")
    text = remember(read_saved(text), "brand-new", "x")
    assert "setup-3" in read_saved(text)


def test_garbage_in_the_setting_is_ignored():
    assert read_saved("") == {}
    assert read_saved("[1, 2]") == {}
    assert read_saved('{"a": 1, "b": "ok"}') == {"b": "ok"}
