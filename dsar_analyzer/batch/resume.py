"""Resume state of a batch: the run lock and the per-export done-files, authenticated, inside ``--out``.

A done-file (``OUT/.dsar-batch/<sha256>-<options>.json``) says an export was read with given options
and names its report. A later run trusts it only when all of these hold, else the export is redone:

* its HMAC-SHA256 is right. The key is random, made once per output folder (``OUT/.dsar-batch/key``,
  owner-only) and, in claim mode, mixed with the case key, which never lies in the output folder:
  editing a figure by hand (``under_13`` to 0) breaks the seal; in claim mode so does a rewrite by
  someone who can write the output folder but does not hold the case key;
* it names the archive (SHA-256) and the options it is looked up under;
* its report is a plain file name inside ``--out`` (no folder part, no link) whose SHA-256 is the one
  recorded, so the manifest row always describes the report it links.

The state folder, its key and its lock are opened without following links (``O_NOFOLLOW``) and the
state folder must be a real folder: a planted link never sends the lock or a done-file elsewhere.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
import tempfile
from pathlib import Path
from typing import IO, Any

import orjson


#: Per-export done-files, the key that seals them and the run lock live here, inside the output folder.
STATE_FOLDER = ".dsar-batch"
KEY_NAME = "key"
LOCK_NAME = "lock"
_KEY_BYTES = 32
_CHUNK = 1 << 20
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
#: Statuses of a row that leaves a done-file: the export was read and its report written.
DONE_STATUSES = ("ok", "warning")
#: Columns a done-file never holds: they describe one run, not the export.
RUN_ONLY = ("started_at", "seconds")


class StateFolderError(Exception):
    """The output folder's resume state is unusable or unsafe (a planted link, another run's lock)."""


def state_folder(out: Path) -> Path:
    """``OUT/.dsar-batch``, created owner-only if missing; refused when it is a link or not a folder."""
    state = out / STATE_FOLDER
    try:
        os.mkdir(state, 0o700)
    except FileExistsError:
        pass
    except OSError as error:
        raise StateFolderError(f"cannot create {state} ({error.strerror}).") from None
    info = os.lstat(state)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise StateFolderError(f"{state} is a link or not a folder; the batch keeps its resume state there. "
                               "Remove it, or choose another --out.")
    return state


def _open_nofollow(path: Path, flags: int) -> int:
    try:
        return os.open(path, flags | _NOFOLLOW, 0o600)
    except OSError as error:
        if os.path.islink(path):
            raise StateFolderError(f"{path} is a link; the batch never writes through links. Remove it, "
                                   "or choose another --out.") from None
        raise StateFolderError(f"cannot open {path} ({error.strerror}).") from None


def lock_output(state: Path) -> IO[bytes]:
    """Hold the lock in state folder ``state`` for the whole run: two runs must not interleave their files."""
    handle = os.fdopen(_open_nofollow(state / LOCK_NAME, os.O_RDWR | os.O_CREAT), "r+b")
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; one run per folder is the user's job
        return handle
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise StateFolderError(f"another batch run is writing into {state.parent}; wait for it or choose another "
                               "--out.") from None
    return handle


def folder_key(state: Path) -> bytes:
    """The done-file key of the output folder whose state folder is ``state``, made on first use.

    Random, owner-only, never read or written through a link.
    """
    path = state / KEY_NAME
    if not os.path.lexists(path):
        # Written under a temporary name, then linked into place: a run reading it concurrently sees
        # the whole key or none, and of two runs making it the first one wins.
        descriptor, temporary = tempfile.mkstemp(dir=state, prefix=".dsar-tmp-")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(secrets.token_bytes(_KEY_BYTES))
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass
        finally:
            os.unlink(temporary)
    with os.fdopen(_open_nofollow(path, os.O_RDONLY), "rb") as handle:
        key = handle.read(_KEY_BYTES + 1)
    if len(key) != _KEY_BYTES:
        raise StateFolderError(f"{path} is damaged; remove it (the exports done before are then read again).")
    return key


def seal_key(key: bytes, case_key: bytes | None) -> bytes:
    """The HMAC key of a run's done-files: the folder key, mixed with the case key in claim mode."""
    return hmac.new(key, b"dsar-analyzer done-file\0" + (case_key or b""), "sha256").digest()


def done_name(sha256: str, options_sha256: str) -> str:
    return f"{sha256}-{options_sha256[:16]}.json"


def _canonical(row: dict[str, Any]) -> bytes:
    return orjson.dumps(row, option=orjson.OPT_SORT_KEYS)


def done_record(seal: bytes, row: dict[str, Any]) -> tuple[str, bytes]:
    """The done-file of ``row`` (an export read now): its name in the state folder and its bytes, sealed."""
    kept = {k: v for k, v in row.items() if k not in RUN_ONLY}
    mac = hmac.new(seal, _canonical(kept), "sha256").hexdigest()
    return done_name(kept["sha256"], kept["options_sha256"]), orjson.dumps({"row": kept, "hmac": mac},
                                                                           option=orjson.OPT_SORT_KEYS)


def file_sha256(path: str) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def is_report_name(name: Any) -> bool:
    """A report's name as the batch writes it: a plain ``.html`` file name directly inside ``--out``."""
    return (isinstance(name, str) and name.endswith(".html") and name == os.path.basename(name)
            and not name.startswith(".") and "\\" not in name and "\0" not in name)


def read_done(out: Path, seal: bytes, sha256: str, options_sha256: str) -> dict[str, Any] | None:
    """The row of an earlier run, when its done-file is sealed, matches, and its report is intact."""
    path = out / STATE_FOLDER / done_name(sha256, options_sha256)
    try:
        with os.fdopen(os.open(path, os.O_RDONLY | _NOFOLLOW), "rb") as handle:
            document = orjson.loads(handle.read())
        row, mac = document["row"], document["hmac"]
        if not (isinstance(row, dict) and isinstance(mac, str)
                and hmac.compare_digest(mac, hmac.new(seal, _canonical(row), "sha256").hexdigest())):
            return None
        if (row.get("sha256"), row.get("options_sha256")) != (sha256, options_sha256) \
                or row.get("status") not in DONE_STATUSES:
            return None
        report = row.get("report")
        if not isinstance(report, str) or not is_report_name(report):
            return None
        target = out / report
        if not stat.S_ISREG(os.lstat(target).st_mode) or file_sha256(str(target))[0] != row.get("report_sha256"):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return row
