"""The page's private temporary folder: made owner-only and locked while in use; a killed run's folder removed.

Uploads of a child's export wait in this folder while they are read. A run that ends normally
removes it; a run killed outright (``kill -9``, a crash, a power cut) cannot. So the folder has a
name only this tool gives (``dsar-analyzer-serve-`` and ``tempfile``'s eight random characters)
and holds a ``lock`` file the running page keeps an exclusive ``flock`` on. The operating system
drops that lock when the process dies, however it dies; a later start removes each such folder
whose lock it can take, and nothing else: not another user's folder, not a link, not a folder
without its lock file (one made an instant before the lock, which holds no upload yet), not a
folder a running page still holds.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile

try:  # flock is POSIX; elsewhere a killed run's folder is left to the system's own clean-up
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

PREFIX = "dsar-analyzer-serve-"
_NAME = re.compile(re.escape(PREFIX) + r"[A-Za-z0-9_]{8}\Z")
LOCK = "lock"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class Scratch:
    """One page session's folder; ``path`` is made at first use, ``close`` unlocks and removes it."""

    def __init__(self, parent: str | None = None) -> None:
        self.parent = parent
        self.path: str | None = None
        self._lock: int | None = None

    def make(self) -> str:
        if self.path is None:
            path = tempfile.mkdtemp(prefix=PREFIX, dir=self.parent)  # mode 0700
            descriptor = os.open(os.path.join(path, LOCK), os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
            if fcntl is not None:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self.path, self._lock = path, descriptor
        return self.path

    def close(self) -> None:
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)
        if self._lock is not None:
            os.close(self._lock)
        self.path = self._lock = None



def remove_left_overs(parent: str | None = None) -> list[str]:
    """Remove the folders that killed page sessions of this user left in ``parent``; return their names."""
    if fcntl is None:  # pragma: no cover - Windows
        return []
    parent = parent or tempfile.gettempdir()
    removed: list[str] = []
    try:
        names = sorted(os.listdir(parent))
    except OSError:
        return removed
    for name in names:
        if not _NAME.match(name):
            continue
        path = os.path.join(parent, name)
        try:
            info = os.lstat(path)
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
                continue
            descriptor = os.open(os.path.join(path, LOCK), os.O_RDWR | _NOFOLLOW)
        except OSError:
            continue  # gone, not ours, or no lock file: left alone
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            continue  # a running page holds it
        try:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(name)
        finally:
            os.close(descriptor)
    return removed
