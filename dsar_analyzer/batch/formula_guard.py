"""Spreadsheet formula injection (CWE-1236): text cells that a spreadsheet would run as a formula.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a NUL is prefixed with a
single quote, which spreadsheets show as text. Only text cells are guarded, so numbers stay numbers;
a child's search term ``-fyp`` or mention ``@friend`` therefore reads ``'-fyp`` in a CSV file.
"""

from __future__ import annotations

from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")


def guard_cell(value: Any) -> Any:
    """``value`` with a leading ``'`` when it is text a spreadsheet would evaluate; anything else as is."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value
