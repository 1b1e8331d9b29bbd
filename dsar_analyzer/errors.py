"""Typed errors for input that cannot be used at all; everything else is a ledger entry.

Every message is one sentence a parent can act on: what is wrong with the file and what to do.
The CLI prints ``str(error)`` and exits with code 2.
"""

from __future__ import annotations


class InputRejected(Exception):
    """The input cannot be read as a TikTok export; nothing was parsed."""


class NotAnExport(InputRejected):
    """The file or folder is readable but holds no TikTok export."""


class CorruptInput(InputRejected):
    """The archive or a member is truncated, damaged or not valid JSON/text."""


class UnsafeInput(InputRejected):
    """The archive breaks a safety rule (traversal name, symlink, encryption, overlap, bomb)."""


class LimitExceeded(UnsafeInput):
    """The archive is larger than the configured limits allow."""
