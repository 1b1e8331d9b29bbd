"""Case keys for claim mode: make a new one in a file, and read one from a file within fixed bounds.

A case key is the secret of one case's HMAC-SHA-256 pseudonyms (see ``redact``). The key is the
file's bytes with surrounding whitespace removed, at least ``MIN_KEY_BYTES`` (32) of them. A new key
file holds 32 random bytes from the operating system's generator, written as 64 hex digits and a
newline (so it survives being opened in an editor or copied), readable by its owner only.

Reading never blocks and never reads more than ``MAX_KEY_FILE_BYTES``: only a regular file is
opened (``read.local_file``: a FIFO, ``/dev/zero``, a terminal or a folder is refused).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from dsar_analyzer.read.local_file import NotARegularFile, open_regular_file
from dsar_analyzer.report.redact import MIN_KEY_BYTES

#: Random bytes in a new key (256 bits, as long as the SHA-256 output its pseudonyms come from).
NEW_KEY_BYTES = 32
#: A key file larger than this is not a key file (a key is 32 to a few hundred bytes).
MAX_KEY_FILE_BYTES = 4096


class CaseKeyRejected(ValueError):
    """The case key file cannot be used (missing, not a regular file, too short or too large)."""


def new_case_key_file(path: str | os.PathLike[str]) -> Path:
    """Write a new random case key to ``path`` (mode 0600); refuses to replace any existing file or link."""
    target = Path(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(target, flags, 0o600)
    except FileExistsError:
        raise CaseKeyRejected(f"{target} already exists; a case key is never overwritten (its pseudonyms "
                              "would change): choose a new file name.") from None
    except OSError as error:
        raise CaseKeyRejected(f"cannot create {target}: {(error.strerror or str(error)).lower()}.") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secrets.token_hex(NEW_KEY_BYTES).encode("ascii") + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        with contextlib.suppress(OSError):
            target.unlink()
        raise CaseKeyRejected(f"cannot write {target}: {(error.strerror or str(error)).lower()}.") from None
    return target


def read_case_key(path: str | os.PathLike[str]) -> bytes:
    """The case key in ``path``: a regular file of at most 4 KiB holding at least 32 bytes (whitespace aside)."""
    source = Path(path)
    try:
        handle = open_regular_file(source)
    except NotARegularFile:
        raise CaseKeyRejected(f"{source} is not a regular file; a case key file is a small file on disk.") from None
    except FileNotFoundError:
        raise CaseKeyRejected(f"the case key file {source} does not exist.") from None
    except OSError as error:
        raise CaseKeyRejected(f"cannot read the case key file {source}: "
                              f"{(error.strerror or str(error)).lower()}.") from None
    with handle:
        data = handle.read(MAX_KEY_FILE_BYTES + 1)
    if len(data) > MAX_KEY_FILE_BYTES:
        raise CaseKeyRejected(f"{source} is larger than {MAX_KEY_FILE_BYTES} bytes; that is not a case key file.")
    key = data.strip()
    if len(key) < MIN_KEY_BYTES:
        raise CaseKeyRejected(f"the case key in {source} has {len(key)} bytes; a case key needs at least "
                              f"{MIN_KEY_BYTES} random bytes.")
    return key
