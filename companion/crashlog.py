"""Hard crashes (segfaults, aborts inside Qt) written to a file the next start can mention.

Python's faulthandler writes the stack of every thread to `crash.log` when the process
dies from a fatal signal, when no Python code can run any more. Each start writes a
header line first; anything after the header means the run before died hard. The
next start moves that file aside (keeping a few) so it is mentioned only once.
No Qt here: the bootstrap shows the mention.
"""

from __future__ import annotations

import faulthandler
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from companion import __version__
from companion.private_files import make_private

_HEADER_MARK = "# "
KEEP_OLD_CRASH_LOGS = 5


@dataclass(frozen=True)
class PreviousCrash:
    log_file: Path           # where the crash report was kept
    excerpt: str             # its first lines, for the message


def crash_report(text: str) -> str:
    """What faulthandler wrote, without our own header lines."""
    lines = [line for line in text.splitlines() if not line.startswith(_HEADER_MARK)]
    return "\n".join(lines).strip()


def read_crash_report(crash_log: Path) -> str:
    try:
        return crash_report(crash_log.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return ""


class CrashLog:
    """Owns the open crash log while the app runs; `close()` on a clean exit."""

    def __init__(self, path: Path, previous: PreviousCrash | None, handle, was_enabled: bool = False):
        self.path = path
        self.previous = previous
        self._handle = handle
        self._was_enabled = was_enabled       # e.g. python -X faulthandler, or a test runner

    def close(self) -> None:
        if self._handle is None:
            return
        faulthandler.disable()
        self._handle.close()
        self._handle = None
        if self._was_enabled:
            faulthandler.enable()


def start_crash_log(crash_log: Path, now: datetime | None = None) -> CrashLog:
    """Keep what the last run left, then arm faulthandler to write into a fresh file.

    Failing to write the crash log never stops the app: faulthandler then writes to
    stderr, which the terminal or the journal keeps.
    """
    previous = _set_aside_previous(crash_log, now or datetime.now(timezone.utc))
    was_enabled = faulthandler.is_enabled()
    try:
        handle = open(crash_log, "w", encoding="utf-8")
        make_private(crash_log)        # a stack can hold what was typed: owner only
        handle.write(f"{_HEADER_MARK}Call Companion {__version__} started "
                     f"{datetime.now(timezone.utc).isoformat(timespec='seconds')} (pid {os.getpid()})\n")
        handle.flush()
    except OSError:
        faulthandler.enable(all_threads=True)
        return CrashLog(crash_log, previous, None)
    faulthandler.enable(file=handle, all_threads=True)
    return CrashLog(crash_log, previous, handle, was_enabled)


def _set_aside_previous(crash_log: Path, now: datetime) -> PreviousCrash | None:
    report = read_crash_report(crash_log)
    if not report:
        return None
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    kept = crash_log.with_name(f"{crash_log.stem}-{stamp}{crash_log.suffix}")
    try:
        os.replace(crash_log, kept)
    except OSError:
        kept = crash_log
    _prune_old(crash_log)
    excerpt = "\n".join(report.splitlines()[:12])
    return PreviousCrash(kept, excerpt)


def _prune_old(crash_log: Path) -> None:
    old = sorted(crash_log.parent.glob(f"{crash_log.stem}-*{crash_log.suffix}"), reverse=True)
    for path in old[KEEP_OLD_CRASH_LOGS:]:
        try:
            path.unlink()
        except OSError:
            pass
