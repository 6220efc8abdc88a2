"""The baseline for start-up and memory: a bare PySide6 script that shows one empty QWidget.

    QT_QPA_PLATFORM=offscreen python benchmarks/bare_qt_window.py [--stay SECONDS]

It prints `PAINTED <time.monotonic()>` (a system-wide clock, so the parent process can
subtract the moment it started this one) once the widget has been shown
and painted, then quits (or, with --stay, idles that long first, so its resident memory can
be read; see bench_memory.py). `PaintProbe` is the detector the app side uses too
(bench_startup.py, bench_memory.py), so both sides pay exactly the same for it.
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


def report_painted(stay_seconds: float = 0.0, after=None) -> None:
    print(f"{MARKER} {time.monotonic():.6f}", flush=True)
    if after is not None:
        after()
    if stay_seconds:
        QTimer.singleShot(int(stay_seconds * 1000), QApplication.quit)
    else:
        QApplication.quit()


def main(argv: list[str]) -> int:
    stay = float(argv[argv.index("--stay") + 1]) if "--stay" in argv else 0.0
    app = QApplication([argv[0]])
    PaintProbe(app, "QWidget", lambda _window: report_painted(stay))
    widget = QWidget()
    widget.resize(360, 640)
    widget.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
