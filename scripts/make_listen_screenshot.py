"""The README's picture of a heard-phrase chip, made with real listening.

    python scripts/make_listen_screenshot.py [OUT.png]

A prospect's sentences are spoken by espeak-ng into a WAV file, which plays at real-time
pace as the call audio of a live window with listening on (the same child process, voice
activity, Whisper tiny.en and matching as in a call); once the chips are there, the window
is saved to docs/screenshots/listening-chip.png. Needs the speech extra, espeak-ng and sox.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SENTENCES = ["Honestly, it takes us forever, it is really frustrating.",
             "Well, we would need to check with our CFO before we sign anything."]


def spoken(folder: Path) -> Path:
    parts = []
    for index, sentence in enumerate(SENTENCES):
        raw, part = folder / f"{index}-raw.wav", folder / f"{index}.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "155", "-w", str(raw), sentence], check=True)
        subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(part), "pad", "0.3", "1"],
                       check=True)
        parts.append(str(part))
    out = folder / "prospect.wav"
    subprocess.run(["sox", *parts, str(out)], check=True)
    return out


def main(out: Path) -> int:
    from companion.core.call import Call
    from companion.core.settings import Settings
    from companion.listen.process import ListenProcess
    from companion.listen.wav_source import WavFileSource
    from companion.paths import AppPaths
    from companion.store.db import open_database
    from companion.ui.app import build_main_window, create_application, load_all_playbooks
    from companion.ui.live.listen_controller import ListenController
    from companion.ui.services import build_services

    folder = Path(tempfile.mkdtemp(prefix="listen-shot-"))
    wav = spoken(folder)
    app = create_application([])
    paths = AppPaths(data_dir=folder, config_dir=folder, log_dir=folder / "logs")
    paths.ensure()
    db = open_database(paths.db_path)
    window = build_main_window(build_services(paths, db, Settings(listen_enabled=True, listen_show_transcript=True),
                                              load_all_playbooks(paths)))
    controller = window.findChild(ListenController)

    def start(settings, playbook, callbacks):
        listener = ListenProcess(WavFileSource(wav, realtime=True), playbook, callbacks)
        listener.source.name = "Call audio"
        listener.start()
        return listener

    controller.start_worker = start
    window.resize(360, 700)
    window.show()
    window.begin(Call("Dana Whitfield", "Northwind Logistics", "discovery"))
    for number in (1, 2):
        window.toggle_moment_number(number)
    deadline = time.monotonic() + 120
    while len(window.call_page.listen_panel.chip_frames) < 2 and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    if len(window.call_page.listen_panel.chip_frames) < 2:
        print("The chips did not appear within two minutes", file=sys.stderr)
        return 1
    for _ in range(20):
        app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    print(out)
    return 0


if __name__ == "__main__":
    default = ROOT / "docs" / "screenshots" / "listening-chip.png"
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
