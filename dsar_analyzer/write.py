"""Write every file the tool writes: one output-folder rule and one temporary-file scheme.

Reports, their ``.sha256`` sidecars and PDFs, manifests, summaries, tables, letters, schemas and
diagnostics all go through ``write_file`` into an ``OutputFolder`` that ``output_folder`` checked.

The output folder is resolved once (symlinks followed) and every file goes into the resolved folder.
Folders of the operating system (``/``, ``/etc``, ``/usr``, ``/bin``, ``/sbin``, ``/lib*``, ``/boot``,
``/dev``, ``/proc``, ``/sys``, and anything below them) are refused, whether given directly or
reached through a symlink; so are an empty name and a path that is, or runs through, a file.

Every file is first written to a new temporary file in its folder, named ``.dsar-tmp-<random>.tmp``
(created exclusively, mode 0600, never through a link), flushed to disk, and then renamed over its
name. A rename replaces the directory entry itself, so a symlink or hard link planted at the name is
replaced, never written through; a reader never sees half a file; a killed run leaves only
temporaries, which ``remove_stale_temporaries`` clears on the next run.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from dsar_analyzer.errors import OutputRejected

__all__ = ["SYSTEM_FOLDERS", "TEMP_PREFIX", "OutputFolder", "OutputRejected", "output_folder",
           "remove_stale_temporaries", "write_file", "writing"]

#: Top-level folders of the operating system that nothing is written into (``lib`` covers
#: ``lib32``, ``lib64`` and ``libx32`` too).
SYSTEM_FOLDERS = ("etc", "usr", "bin", "sbin", "lib", "boot", "dev", "proc", "sys")
#: Every temporary file the tool makes starts with this; a later run removes those left behind.
TEMP_PREFIX = ".dsar-tmp-"
_TEMP_SUFFIX = ".tmp"


@dataclass(frozen=True, slots=True)
class OutputFolder:
    """A checked, existing, writable output folder: ``path`` is where files go (symlinks resolved)."""

    given: str
    path: Path
    #: The folders ``output_folder`` made for this run (the folder first, then the parents it needed).
    made: tuple[Path, ...] = ()

    @contextlib.contextmanager
    def left_out_when_unused(self) -> Iterator[OutputFolder]:
        """Remove the folders made for this run again if what runs inside fails with nothing written
        into them: a report of an unusable export leaves no empty folder behind."""
        try:
            yield self
        except BaseException:
            for folder in self.made:
                try:
                    folder.rmdir()  # only ever an empty folder
                except OSError:
                    break
            raise

    @property
    def through_link(self) -> bool:
        """True when the folder given reaches ``path`` through a symlink."""
        return Path(os.path.abspath(self.given)) != self.path

    def private(self, name: str) -> OutputFolder:
        """The owner-only sub-folder ``name`` (made if missing), for state a run keeps beside its files."""
        _plain(name)
        folder = self.path / name
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
        except OSError as error:
            raise OutputRejected(f"cannot make {folder}: {_why(error)}.") from None
        if folder.is_symlink() or not folder.is_dir():
            raise OutputRejected(f"{folder} is not a folder; remove it and run again.")
        return OutputFolder(given=os.path.join(self.given, name), path=folder)


def _is_system_folder(path: Path) -> bool:
    parts = path.parts
    return len(parts) == 1 or parts[1] in SYSTEM_FOLDERS or parts[1].startswith("lib")


def _why(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _plain(name: str) -> None:
    if name in {"", ".", ".."} or any(c in name for c in "/\\\0"):
        raise ValueError(f"not a plain file name: {name!r}")


def output_folder(given: str | os.PathLike[str]) -> OutputFolder:
    """Check (and create, with its parents) the folder files are written into.

    Raises ``OutputRejected`` for an empty name, a system folder (also through a symlink), a path
    that is or runs through a file, and a folder this user cannot create or write into.
    """
    text = os.fspath(given)
    if not text.strip():
        raise OutputRejected("the output folder name is empty; name a folder, for example reports.")
    absolute = Path(os.path.abspath(text))
    resolved = absolute.resolve()
    via = f"{text} leads to {resolved}" if resolved != absolute else f"{resolved}"
    if _is_system_folder(resolved):
        raise OutputRejected(f"{via}, a folder of the operating system; choose a folder of your own, "
                             "for example reports.")
    made = []
    missing = resolved
    while not missing.exists() and not missing.is_symlink() and missing != missing.parent:
        made.append(missing)
        missing = missing.parent
    try:
        resolved.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputRejected(f"{via} is a file, not a folder; choose another output folder.") from None
    except NotADirectoryError:
        raise OutputRejected(f"the output folder {via} cannot be made: part of that path is a file.") from None
    except PermissionError:
        raise OutputRejected(f"no permission to create the output folder {via}.") from None
    except OSError as error:
        raise OutputRejected(f"the output folder {via} cannot be made: {error.strerror or error}.") from None
    # Permissions alone do not tell (a read-only file system, an ACL): try what the writes will do.
    try:
        descriptor, probe = tempfile.mkstemp(dir=resolved, prefix=TEMP_PREFIX, suffix=_TEMP_SUFFIX)
    except OSError as error:
        raise OutputRejected(f"cannot write into the output folder {via}: {_why(error)}.") from None
    os.close(descriptor)
    os.unlink(probe)
    return OutputFolder(given=text, path=resolved, made=tuple(made))


def write_file(folder: OutputFolder, name: str, data: bytes) -> Path:
    """Write ``data`` as ``folder/name`` (mode 0600) through a new temporary file renamed over the name.

    ``name`` must be a plain file name (``ValueError`` otherwise); a failure to write is ``OutputRejected``.
    """
    with writing(folder, name) as handle:
        handle.write(data)
    return folder.path / name


@contextlib.contextmanager
def writing(folder: OutputFolder, name: str) -> Iterator[BinaryIO]:
    """``write_file`` piece by piece (a manifest of a million rows): the file appears whole, or not at all."""
    _plain(name)
    target = folder.path / name
    # mkstemp opens with O_CREAT | O_EXCL and mode 0600: it never opens an existing file or link.
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder.path, prefix=TEMP_PREFIX, suffix=_TEMP_SUFFIX)
    except OSError as error:
        raise OutputRejected(f"cannot write {target}: {_why(error)}.") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            # Durable before the rename: after a power cut the name points at complete bytes.
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise OutputRejected(f"cannot write {target}: {_why(error)}.") from None
        raise


def remove_stale_temporaries(folder: OutputFolder) -> int:
    """Remove temporaries a killed run left in ``folder``; returns how many were removed."""
    removed = 0
    for entry in os.scandir(folder.path):
        if entry.name.startswith(TEMP_PREFIX) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
                removed += 1
    return removed
