"""End to end: the other side of a call speaks through a PulseAudio sink; the live window
offers the chips, the rep confirms one with Alt+Y, and the draft has it."""

from __future__ import annotations

import pytest
from helpers.pulse_helpers import pulse_server  # noqa: F401  (fixture)
from helpers.speech_helpers import require_speech_tools, spoken_wav
from PySide6.QtCore import Qt

from companion.core.call import Call
from companion.core.settings import Settings
from companion.store.drafts import DraftStore
from companion.ui.app import build_main_window, load_all_playbooks
from companion.ui.live.listen_controller import ListenController
from companion.ui.services import build_services

pytestmark = pytest.mark.slow


def chip_texts(window):
    panel = window.call_page.listen_panel
    return [frame.findChild(type(panel.status_label), "heardText").text() for frame in panel.chip_frames]


def test_spoken_call_audio_becomes_chips_and_a_confirmed_one_reaches_the_draft(
        qtbot, paths, db, tmp_path, pulse_server):  # noqa: F811
    require_speech_tools()
    wav = spoken_wav(tmp_path, "prospect", [
        "Honestly, it takes us forever, it is really frustrating.",
        "The weather was lovely in Lisbon last week.",
        "Well, we would need to check with our CFO before we sign anything.",
    ])
    settings = Settings(listen_enabled=True, listen_sources="call")
    window = build_main_window(build_services(paths, db, settings, load_all_playbooks(paths)))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    controller = window.findChild(ListenController)
    window.begin(Call("Dana Whitfield", "Northwind Logistics", "discovery"))
    status = window.call_page.listen_panel.status_label
    assert status.text() == "● Listening starts…"
    # The listening process has loaded its model and opened the sink's monitor.
    qtbot.waitUntil(lambda: status.text() == "● Listening · Call audio", timeout=60_000)

    pulse_server.play(wav)
    qtbot.waitUntil(lambda: len(chip_texts(window)) == 2, timeout=90_000)
    texts = chip_texts(window)
    assert "→ Authority?" in texts[0] and "CFO" in texts[0]
    assert "→ Confirms the pain?" in texts[1]
    assert window.call.objections == {} and not window.call.is_agreed("pain_confirmed")

    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    assert window.call.objections["authority"].is_open
    window.draft_saver.flush()
    draft = DraftStore(db).pending()[0]
    assert "authority" in draft.objections and not draft.is_agreed("pain_confirmed")
    assert len(chip_texts(window)) == 1

    process = controller.worker.process
    window.session_finished.emit()      # as when the call is saved: listening stops
    assert controller.worker is None
    # Polled, not joined: the listener's own threads wait on the same process.
    qtbot.waitUntil(lambda: not process.is_alive(), timeout=15_000)


def test_settings_level_check_lists_the_devices_and_moves_with_the_call_audio(
        qtbot, tmp_path, pulse_server, monkeypatch):  # noqa: F811
    import threading

    from companion.core.playbook import PlaybookSet
    from companion.ui.settings_dialog import SettingsDialog

    require_speech_tools()
    wav = spoken_wav(tmp_path, "level", ["Can you hear me? One, two, three, four, five."], gap_s=0.2)
    settings = Settings()
    dialog = SettingsDialog(settings, PlaybookSet(), tmp_path / "playbooks", lambda: PlaybookSet())
    qtbot.addWidget(dialog)
    section = dialog.listen_section
    peaks = []
    section.meters["call"].valueChanged.connect(peaks.append)
    qtbot.mouseClick(section.check_button, Qt.MouseButton.LeftButton)
    call_devices = [section.device_combos["call"].itemText(i) for i in range(section.device_combos["call"].count())]
    assert call_devices[0] == "Default" and any("Monitor" in name for name in call_devices[1:])
    player = threading.Thread(target=pulse_server.play, args=(wav,))
    player.start()
    qtbot.waitUntil(lambda: max(peaks, default=0) > 20, timeout=30_000)
    player.join()
    section.stop_checks()
    qtbot.waitUntil(lambda: "Done" in section.level_message.text() or section.level_message.text() == "",
                    timeout=15_000)
