"""Typed errors for input that cannot be used at all; everything else is a ledger entry.

Every message is one sentence a parent can act on: what is wrong with the file and what to do.
The CLI prints ``str(error)`` and exits with code 2.
"""

from __future__ import annotations

import errno


class InputRejected(Exception):
    """The input cannot be read as a TikTok export; nothing was parsed."""


class NotAnExport(InputRejected):
    """The file or folder is readable but holds no TikTok export."""


class SeveralExports(NotAnExport):
    """The folder is not one export but holds several (``exports``: their paths inside it, in order)."""

    def __init__(self, message: str, exports: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.exports = exports


class InputNotFound(NotAnExport, FileNotFoundError):
    """The path given does not exist; also a ``FileNotFoundError`` (``errno`` is ``ENOENT``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        # Set after construction: OSError's own (errno, strerror, filename) form would change str().
        self.errno = errno.ENOENT


class CorruptInput(InputRejected):
    """The archive or a member is truncated, damaged or not valid JSON/text."""


class UnsafeInput(InputRejected):
    """The archive breaks a safety rule (traversal name, symlink, encryption, overlap, bomb)."""


class LimitExceeded(UnsafeInput):
    """The archive is larger than the configured limits allow."""


class OutputRejected(Exception):
    """The output folder or a file in it cannot be written; the message says why in one sentence.

    Not an ``InputRejected``: the export may be fine, the place to write it is not. The CLI exits 2.
    """
