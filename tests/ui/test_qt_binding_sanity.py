"""Guards against Qt bindings that corrupt Python's own objects.

PySide6 6.12.0 under Python 3.11 drops a reference to None on each call into a Qt method
that returns nothing; after enough repaints the interpreter aborts. The check runs in a
child process because the failure is a hard abort, not an exception.
"""

import subprocess
import sys

PROBE = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for _ in range(20000):
    label.setText("x")
print(sys.getrefcount(None) - before)
"""


def test_calling_qt_does_not_leak_references_to_none():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    assert abs(int(result.stdout.strip())) < 100
