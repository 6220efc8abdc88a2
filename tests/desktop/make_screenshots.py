"""Screenshots of the companion during a call on a real X11 desktop (not a test; run by hand).

    python tests/desktop/make_screenshots.py [OUT_DIR]

Starts its own Xvfb with openbox and an xterm standing in for the video call, drives the
app with its global shortcuts exactly as the tests do, and grabs the X screen itself
(ImageMagick's `import`): docs/screenshots/in-call-on-top.png, compact-1x.png, compact-2x.png.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.x11_session import XSession, wait_for  # noqa: E402

HERE = Path(__file__).parent


def run_app(x: XSession, root: Path, scale: str, compact: bool):
    data = root / f"data-{scale}"
    data.mkdir(parents=True, exist_ok=True)
    (data / "settings.json").write_text(json.dumps({"compact": compact}), encoding="utf-8")
    report = root / f"report-{scale}.json"
    env = {**x.env, "QT_SCALE_FACTOR": scale, "COMPANION_COLOR_SCHEME": "light"}
    app = x.start([sys.executable, str(HERE / "app_driver.py"), str(data), str(report)], env=env)

    def read() -> dict:
        try:
            return json.loads(report.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}
    wait_for(lambda: read().get("problems") is not None, "the app", 60)
    return app, read


def start_call(x: XSession, read, xterm: str) -> None:
    x.xdotool("key", "ctrl+alt+shift+n")
    wait_for(lambda: x.xdotool("getactivewindow", "getwindowname", check=False) == "Start call", "start dialog")
    x.xdotool("type", "--delay", "15", "Dana Whitfield")
    x.xdotool("key", "Tab")
    x.xdotool("type", "--delay", "15", "Northwind Logistics")
    x.xdotool("key", "Return")
    wait_for(lambda: read().get("in_call"), "the call")
    x.xdotool("windowactivate", "--sync", xterm)
    for keys in ("ctrl+alt+1", "ctrl+alt+2", "ctrl+alt+3", "ctrl+alt+shift+1"):
        x.xdotool("key", keys)
    wait_for(lambda: "Objection raised" in read().get("status", ""), "the last change")


def grab(x: XSession, read, target: Path, window: str | None = None) -> None:
    wait_for(lambda: read().get("anything_flashing") is False, "the feedback flash to end")
    args = ["import", "-window", window or "root", str(target)]
    subprocess.run(args, env=x.env, check=True, timeout=60)
    print("wrote", target)


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        x = XSession(root, size="1280x720x24")
        try:
            x.start_window_manager()
            xterm = x.start_xterm("Video call with Dana Whitfield")
            x.xdotool("windowsize", "--sync", xterm, "1100", "700")
            app, read = run_app(x, root, "1", compact=False)
            start_call(x, read, xterm)
            window = str(read()["window_id"])
            x.xdotool("windowmove", "--sync", window, "880", "40")
            grab(x, read, out_dir / "in-call-on-top.png")
            x.xdotool("key", "ctrl+alt+shift+m")
            wait_for(lambda: read().get("compact") and read()["size"][1] < 260, "the compact strip")
            grab(x, read, out_dir / "compact-1x.png", str(read()["window_id"]))
            app.terminate()
            app.wait(timeout=30)
            app, read = run_app(x, root, "2", compact=True)
            start_call(x, read, xterm)
            grab(x, read, out_dir / "compact-2x.png", str(read()["window_id"]))
            app.terminate()
            app.wait(timeout=30)
        finally:
            x.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))
