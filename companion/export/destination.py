"""Where an export goes: a file written atomically while it streams, or standard output.

`write_atomic` in companion.atomic_write takes the whole content at once; an export of
100,000 calls is streamed instead, with the same guarantee (temp file in the same folder,
fsync, replace), so a reader sees the old file or the new one, never half of it.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import tempfile
from pathlib import Path
from typing import Iterator, TextIO

from companion.errors import EnvironmentProblem


class ExportDestinationError(EnvironmentProblem):
    def __init__(self, path: Path, reason: str):
        self.path = path
        super().__init__(f"Cannot write {path}: {reason}")


def _reason(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return f"the folder {path.parent} does not exist. Choose another place."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"no permission to write in {path.parent}. Choose another place."
    if exc.errno == errno.ENOSPC:
        return "the disk is full. Free some space or choose another disk."
    if exc.errno == errno.EISDIR or path.is_dir():
        return "it is a folder. Choose a file name."
    return f"{exc.strerror or exc}."


@contextlib.contextmanager
def atomic_text_file(path: Path | str) -> Iterator[TextIO]:
    """A UTF-8 text stream (newline translation off: formats choose their own line ends)
    that replaces `path` only when the block ends without an exception.

    The file is readable by its owner only (mkstemp's 0600): call notes are private."""
    path = Path(path)
    if path.is_dir():
        raise ExportDestinationError(path, "it is a folder. Choose a file name.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ExportDestinationError(path, _reason(path, exc)) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError):
            raise ExportDestinationError(path, _reason(path, exc)) from exc
        raise


@contextlib.contextmanager
def stdout_text(stream) -> Iterator[TextIO]:
    """Standard output as UTF-8 without newline translation, whatever the locale says."""
    buffer = getattr(stream, "buffer", None)
    if buffer is None:          # already a plain text stream (e.g. a test's StringIO)
        yield stream
        return
    stream.flush()
    wrapper = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=False)
    try:
        yield wrapper
        wrapper.flush()
    finally:
        wrapper.detach()        # leave sys.stdout's own buffer open
