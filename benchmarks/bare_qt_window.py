"""The baseline for start-up and memory: a bare PySide6 script that shows one empty QWidget.

    QT_QPA_PLATFORM=offscreen python benchmarks/bare_qt_window.py [--rss-after MS]

It prints `PAINTED <time.monotonic()>` once the widget has been shown and painted (a
system-wide clock, so the parent process can subtract the moment it started this one), then
quits; with --rss-after it first idles MS milliseconds and prints `RSS <kB>`, its resident
memory then (bench_memory.py). `PaintProbe`, `report_painted` and `rss_kb` are what the app
side uses too (bench_startup.py, bench_memory.py), so both sides pay the same for them.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

MARKER = "PAINTED"


class PaintProbe(QObject):
    """Application-wide event filter: the first Paint event of a window whose class is
    named `class_name`, then a zero-delay timer (so the whole paint pass, children included,
    has finished) calls `then(window)`. A name, not a class, so the app side need not import
    its window class before the app itself does."""

    def __init__(self, app: QApplication, class_name: str, then):
        super().__init__(app)
        self.class_name = class_name
        self.then = then
        self.fired = False
        app.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if (not self.fired and event.type() == QEvent.Type.Paint
                and type(watched).__name__ == self.class_name and watched.isWindow()):
            self.fired = True
            QApplication.instance().removeEventFilter(self)
            QTimer.singleShot(0, lambda: self.then(watched))
        return False


def report_painted() -> None:
    print(f"{MARKER} {time.monotonic():.6f}", flush=True)


def rss_kb() -> int:
    """Resident memory of this process now, in kB (Linux: VmRSS of /proc/self/status)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def main(argv: list[str]) -> int:
    rss_after = int(argv[argv.index("--rss-after") + 1]) if "--rss-after" in argv else None
    app = QApplication([argv[0]])

    def painted(_window) -> None:
        report_painted()
        if rss_after is None:
            QApplication.quit()
            return

        def sample() -> None:
            print(f"RSS {rss_kb()}", flush=True)
            QApplication.quit()

        QTimer.singleShot(rss_after, sample)

    PaintProbe(app, "QWidget", painted)
    widget = QWidget()
    widget.resize(360, 640)
    widget.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
