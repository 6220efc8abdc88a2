"""Where an export goes: a file written atomically while it streams, a FIFO or a device
written straight into, or standard output.

`write_atomic` in companion.atomic_write takes the whole content at once; an export of
100,000 calls is streamed instead, with the same guarantee (temp file in the same folder,
fsync, replace), so a reader sees the old file or the new one, never half of it.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import tempfile
from pathlib import Path
from typing import Iterator, TextIO

from companion.errors import EnvironmentProblem
from companion.stale_temp import remove_stale_temp_files, temp_prefix


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
    if exc.errno == errno.ELOOP:
        return "it is a symbolic link that points back to itself (a loop). Choose another name."
    if exc.errno == errno.ENAMETOOLONG:
        return "the name is too long for this file system. Choose a shorter name."
    if exc.errno == errno.EISDIR:
        return "it is a folder. Choose a file name."
    return f"{exc.strerror or exc}."


# The part of a destination's name used in its temp file's name: with the process id and
# mkstemp's letters added, a long (but valid) name must still fit the 255-byte limit.
_TEMP_NAME_CHARS = 60


@contextlib.contextmanager
def atomic_text_file(path: Path | str) -> Iterator[TextIO]:
    """A UTF-8 text stream (newline translation off: formats choose their own line ends)
    for the export destination `path`:

    - a regular file, or a name that does not exist yet: written to a temp file beside it
      and renamed over it only when the block ends without an exception, so readers see
      the old file or the new, never half of it;
    - a symbolic link: followed, and its target written that way (the link stays a link);
    - a FIFO or a character device (/dev/null, a terminal): written straight into, as a
      shell redirection would; renaming a file over it would destroy it;
    - a folder, a block device, a socket, a link loop, a name too long: refused with a message.

    Temp files are readable by their owner only (mkstemp's 0600): call notes are private.
    One left by an export that was killed is removed by the next export to the same folder.
    """
    if str(path) == "":
        raise ExportDestinationError(Path(""), "no file name was given. Name a file, or use - "
                                               "for standard output.")
    path = Path(path)
    try:
        found = os.stat(path)          # follows links: what would actually be written
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise ExportDestinationError(path, _reason(path, exc)) from exc
    if found is None or stat.S_ISREG(found.st_mode):
        with _atomic_replace(path, Path(os.path.realpath(path))) as handle:
            yield handle
    elif stat.S_ISFIFO(found.st_mode) or stat.S_ISCHR(found.st_mode):
        with _write_through(path) as handle:
            yield handle
    elif stat.S_ISDIR(found.st_mode):
        raise ExportDestinationError(path, "it is a folder. Choose a file name.")
    else:
        raise ExportDestinationError(path, "it is not a regular file (a block device or a socket). "
                                           "Choose a file name.")


@contextlib.contextmanager
def _atomic_replace(named: Path, target: Path) -> Iterator[TextIO]:
    prefix = f".{target.name[:_TEMP_NAME_CHARS]}."
    remove_stale_temp_files(target.parent, prefix)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(target.name[:_TEMP_NAME_CHARS]),
                                        suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise ExportDestinationError(named, _reason(target, exc)) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError):
            raise ExportDestinationError(named, _reason(target, exc)) from exc
        raise


@contextlib.contextmanager
def _write_through(path: Path) -> Iterator[TextIO]:
    try:
        handle = open(path, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise ExportDestinationError(path, _reason(path, exc)) from exc
    try:
        with handle:
            yield handle
    except OSError as exc:
        raise ExportDestinationError(path, _reason(path, exc)) from exc


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
