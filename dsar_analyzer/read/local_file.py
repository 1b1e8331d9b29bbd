"""Open a small file the user names (a case file, a case key) only when it is a regular file on disk.

A FIFO blocks ``open()`` until someone writes to it, ``/dev/zero`` never ends, a terminal waits for
typing: none of them is a file a table or key was saved in. The type is checked before opening, the
file is opened non-blocking (so a name swapped for a FIFO after the check cannot hang), and checked
again on the open descriptor.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO


class NotARegularFile(OSError):
    """The path names a FIFO, a device, a socket or a folder, not a file on disk."""


def open_regular_file(path: str | os.PathLike[str]) -> BinaryIO:
    """``path`` opened for binary reading; ``NotARegularFile`` (or another ``OSError``) when it cannot be."""
    # Checked before opening: opening a FIFO blocks, and reading /dev/zero never ends.
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise NotARegularFile(f"{os.fspath(path)} is not a regular file")
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    handle = os.fdopen(descriptor, "rb")
    # Checked again on the open file, in case the name was swapped after the check above.
    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
        handle.close()
        raise NotARegularFile(f"{os.fspath(path)} is not a regular file")
    return handle
