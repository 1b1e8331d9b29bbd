"""The case file: one row per export naming its case id, the child's real birth date and options.

CSV (comma, semicolon or tab; any line ends; UTF-8 with or without BOM) or XLSX. Columns, in any
order and case: ``file`` (name or relative path) or ``sha256``, ``case_id``, ``birth_date``
(``YYYY-MM-DD``), and optional ``consent_country``, ``lang`` and ``child`` (a display label).
Nothing is guessed: rows naming no input, inputs with no row, duplicate case ids and unreadable
values are reported, and an export whose row is unusable is rejected rather than run with defaults.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dsar_analyzer.analysis.age import consent_rules
from dsar_analyzer.errors import InputRejected

REQUIRED = ("case_id", "birth_date")
KNOWN = ("file", "sha256", "case_id", "birth_date", "consent_country", "lang", "child")
LANGUAGES = ("en", "nl")
#: A case file is a table of a few million rows at most; anything bigger is not one.
MAX_BYTES = 256 * 1024 * 1024
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class CaseFileError(InputRejected):
    """The case file cannot be read at all (format, encoding, missing columns)."""


@dataclass(frozen=True)
class Case:
    """One usable row of the case file."""

    row: int
    case_id: str
    birth_date: date | None
    consent_country: str | None = None
    lang: str | None = None
    child: str | None = None
    file: str | None = None
    sha256: str | None = None


@dataclass
class CaseProblem:
    """A row (or the header, row 1) that cannot be used, with what it named so its export is rejected."""

    row: int
    message: str
    file: str | None = None
    sha256: str | None = None
    case_id: str | None = None


@dataclass
class Assignment:
    """Which case belongs to which export, which exports must be rejected, and every problem found."""

    cases: dict[str, Case] = field(default_factory=dict)
    rejected: dict[str, str] = field(default_factory=dict)
    rejected_case_ids: dict[str, str] = field(default_factory=dict)
    without_row: list[str] = field(default_factory=list)
    problems: list[CaseProblem] = field(default_factory=list)


def safe_case_name(case_id: str) -> str:
    """The case id as a file name: letters, digits, dot, dash and underscore only."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", case_id).strip(".-")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a numeric case id typed into a spreadsheet
    return str(value).strip()


def _read_csv(data: bytes, name: str) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CaseFileError(f'The case file "{name}" is not UTF-8 text; save it as "CSV UTF-8" or as XLSX.') from None
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    delimiter = max(",;\t", key=first.count) if first else ","
    # newline="" lets the csv module take \n, \r\n and a lone \r as line ends alike.
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _read_xlsx(path: Path, name: str) -> list[list[str]]:
    from openpyxl import load_workbook  # only needed for spreadsheets
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as error:
        raise CaseFileError(f'The case file "{name}" could not be opened as an XLSX workbook ({error}).') from None
    try:
        sheet = book.worksheets[0]
        return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def read_case_file(path: str | os.PathLike[str]) -> list[Case | CaseProblem]:
    """Every data row of the case file as a ``Case``, or as a ``CaseProblem`` saying why it is unusable."""
    file = Path(path)
    name = file.name
    try:
        size = file.stat().st_size
    except OSError:
        raise CaseFileError(f'The case file "{name}" does not exist or cannot be read.') from None
    if size > MAX_BYTES:
        raise CaseFileError(f'The case file "{name}" is larger than {MAX_BYTES // 2**20} MiB; split it.')
    if file.suffix.lower() in (".xlsx", ".xlsm"):
        table = _read_xlsx(file, name)
    else:
        table = _read_csv(file.read_bytes(), name)
    table = [row for row in table if any(cell for cell in row)]
    if not table:
        raise CaseFileError(f'The case file "{name}" is empty.')
    header = [cell.strip().lstrip("\ufeff").lower().replace(" ", "_") for cell in table[0]]
    missing = [c for c in REQUIRED if c not in header]
    if "file" not in header and "sha256" not in header:
        missing.insert(0, "file (or sha256)")
    if missing:
        raise CaseFileError(f'The case file "{name}" has no column {", ".join(missing)}; '
                            f'its first row must name the columns ({", ".join(KNOWN)}).')
    unknown = [c for c in header if c and c not in KNOWN]
    rows: list[Case | CaseProblem] = []
    if unknown:
        rows.append(CaseProblem(1, f"columns not used: {', '.join(unknown)}"))
    for number, cells in enumerate(table[1:], start=2):
        values = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h in KNOWN}
        rows.append(_parse_row(number, values))
    return rows


def parse_birth_date(text: str) -> date:
    """``YYYY-MM-DD`` only: ``03-04-2010`` could be March or April, so it is refused, not guessed."""
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"birth date {text!r} is not written as YYYY-MM-DD")
    try:
        value = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ValueError(f"birth date {text!r} is not a date in the calendar") from None
    if value.year < 1900 or value > date.today():
        raise ValueError(f"birth date {text!r} is not a plausible birth date")
    return value


def _parse_row(number: int, values: dict[str, str]) -> Case | CaseProblem:
    problems = []
    case_id = values.get("case_id", "")
    if not case_id or not safe_case_name(case_id):
        problems.append("no case id")
    file, sha256 = values.get("file") or None, (values.get("sha256") or "").lower() or None
    if not file and not sha256:
        problems.append("names no file and no sha256")
    if sha256 and not _SHA256.match(sha256):
        problems.append(f"sha256 {sha256!r} is not 64 hexadecimal digits")
    birth: date | None = None
    if values.get("birth_date"):
        try:
            birth = parse_birth_date(values["birth_date"])
        except ValueError as error:
            problems.append(str(error))
    country = (values.get("consent_country") or "").upper() or None
    if country:
        try:
            consent_rules(country)
        except ValueError:
            problems.append(f"consent country {country!r} is not a known country code")
    lang = (values.get("lang") or "").lower() or None
    if lang and lang not in LANGUAGES:
        problems.append(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    if problems:
        return CaseProblem(number, f"case {case_id or '(none)'}: " + "; ".join(problems), file, sha256, case_id or None)
    return Case(number, case_id, birth, country, lang, values.get("child") or None, file, sha256)


def _names(path: str) -> set[str]:
    """The ways a case file may name an input: its path as given, any tail of it, its base name."""
    parts = [p for p in re.split(r"[\\/]+", path) if p not in ("", ".")]
    return {"/".join(parts[i:]) for i in range(len(parts))}


def _row_key(file: str) -> str:
    return "/".join(p for p in re.split(r"[\\/]+", file) if p not in ("", "."))


def assign(rows: Sequence[Case | CaseProblem], exports: Sequence[str],
           sha256_of: Callable[[str], str | None]) -> Assignment:
    """Match case rows to exports by file name or path tail, or by SHA-256 (hashed only when asked)."""
    out = Assignment()
    cases = [r for r in rows if isinstance(r, Case)]
    out.problems.extend(r for r in rows if isinstance(r, CaseProblem))
    by_id: dict[str, list[Case]] = {}
    for case in cases:
        by_id.setdefault(safe_case_name(case.case_id).casefold(), []).append(case)
    duplicates = {id(c) for group in by_id.values() if len(group) > 1 for c in group}
    for group in by_id.values():
        if len(group) > 1:
            out.problems.append(CaseProblem(group[1].row, f"case id {group[0].case_id!r} is used by rows "
                                            + ", ".join(str(c.row) for c in group)))
    names = {path: _names(path) for path in exports}
    hashes: dict[str, str | None] = {}
    if any(c.sha256 for c in cases) or any(p.sha256 and not p.file for p in out.problems):
        hashes = {path: sha256_of(path) for path in exports}
    claimed: dict[str, list[Case]] = {}
    for case in cases:
        if case.file:
            key = _row_key(case.file)
            matches = [path for path in exports if key in names[path]]
        else:
            matches = [path for path in exports if hashes.get(path) == case.sha256]
        if not matches:
            out.problems.append(CaseProblem(case.row, f"case {case.case_id}: names no input "
                                            f"({case.file or case.sha256})"))
        elif len(matches) > 1:
            out.problems.append(CaseProblem(case.row, f"case {case.case_id}: {case.file or case.sha256} "
                                            f"matches {len(matches)} inputs"))
            for path in matches:
                out.rejected[path] = f"case file row {case.row} matches this and {len(matches) - 1} other input(s)"
        else:
            claimed.setdefault(matches[0], []).append(case)
    for path in exports:
        own = claimed.get(path, [])
        if path in out.rejected:
            continue
        if len(own) > 1:
            out.rejected[path] = "named by case file rows " + ", ".join(str(c.row) for c in own)
        elif own and id(own[0]) in duplicates:
            out.rejected[path] = f"case id {own[0].case_id!r} appears more than once in the case file"
            out.rejected_case_ids[path] = own[0].case_id
        elif own:
            out.cases[path] = own[0]
        else:
            out.without_row.append(path)
    # An unusable row that still names an input rejects that input: its birth date is not guessed.
    for problem in out.problems:
        if problem.file or problem.sha256:
            row_key = _row_key(problem.file) if problem.file else None
            for path in exports:
                named = row_key in names[path] if row_key else hashes.get(path) == problem.sha256
                if named and path not in out.rejected:
                    out.rejected[path] = f"case file row {problem.row} is unusable ({problem.message})"
                    if problem.case_id:
                        out.rejected_case_ids[path] = problem.case_id
                    out.cases.pop(path, None)
                    if path in out.without_row:
                        out.without_row.remove(path)
    return out
