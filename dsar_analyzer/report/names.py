"""File names of what the tool writes about one export: one rule for ``report``, ``batch``, ``request`` and ``export``.

A name is a stem, the mode, and what the file is: ``<stem><mode>.html`` (with ``.html.sha256``),
``<stem><mode>.request.html`` and ``.request.txt``, ``<stem><mode>.records.csv``.

- The stem never comes from the input's name in claim mode, nor in a batch (a parent names the
  archive after the child): it is ``<case id>-<hash>``, or ``<hash>`` without a case id, ``<hash>``
  being the first 12 hex digits of the archive's SHA-256. Otherwise (one export, not claim mode)
  the stem is the input's name without ``.zip``, made safe.
- The mode is ``-full`` or ``-claim``, nothing for the redacted default, so a second mode written
  into the same folder never overwrites the first.

Names built from a case id end in the fixed-length hash and the mode, so two of them are equal only
when the case id and the archive are, and none is a file the run writes for itself (``summary.html``,
``manifest.csv``, ``index.html``): a case id ``summary``, or one equal to another export's SHA-256,
names its own report and nothing else.
"""

from __future__ import annotations

import re
from pathlib import PurePath

#: Hex digits of the archive's SHA-256 in a file name (48 bits: no collision in practice).
HASH_PREFIX = 12
#: What each mode adds to a name; the redacted default adds nothing.
MODE_SUFFIX = {"redacted": "", "full": "-full", "claim": "-claim"}
#: A case id in a name: its characters other than letters, digits, dot, dash and underscore become a
#: dash, and it is cut to this length (file systems take 255 bytes per name).
CASE_ID_CHARS = 64
#: Stands for the archive's hash in a name made before the archive is read (``str.format``).
SHA12 = "{sha12}"
#: Names a run writes for itself; a stem from an input's name is numbered rather than take one.
RESERVED_STEMS = frozenset({"index", "summary", "manifest"})


def safe_part(text: str) -> str:
    """``text`` as part of a file name: letters, digits, dot, dash and underscore only."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip(".-")


def export_stem(sha256: str, mode: str, *, case_id: str | None = None, input_path: str | None = None) -> str:
    """The stem of every file written about one export (see the module's docstring).

    ``input_path`` is given only where the input's name may name the files (``report``, ``request``
    and ``export`` of one export, not in claim mode); without it the name comes from the hash.
    ``sha256`` may be ``{sha12}``, a placeholder filled in once the archive is read.
    """
    suffix = MODE_SUFFIX[str(mode)]
    case = safe_part(case_id)[:CASE_ID_CHARS].strip(".-") if case_id else ""
    digest = sha256 if sha256 == SHA12 else sha256[:HASH_PREFIX]
    if case:
        return f"{case}-{digest}{suffix}"
    if mode == "claim" or input_path is None:
        return f"{digest}{suffix}"
    name = PurePath(input_path.replace("\\", "/").rstrip("/")).name
    name = name[:-4] if name.lower().endswith(".zip") else name
    return f"{safe_part(name)[:CASE_ID_CHARS] or 'export'}{suffix}"


def unique_stem(stem: str, taken: set[str]) -> str:
    """``stem``, or ``stem-2``, ``stem-3`` ... when it is taken or a run's own name; it joins ``taken``."""
    chosen, counter = stem, 2
    while chosen in taken or chosen in RESERVED_STEMS:
        chosen, counter = f"{stem}-{counter}", counter + 1
    taken.add(chosen)
    return chosen
