"""The case file: one row per export naming its case id, the child's real birth date and options.

CSV (comma, semicolon or tab; any line ends; UTF-8 with or without BOM) or XLSX. The first row names
the columns, in any order and case, in English or Dutch (``COLUMNS``): the file (name or relative
path) or its SHA-256, the case id, the birth date (``YYYY-MM-DD``), and optionally the consent
country, the report language and a display label. A column the tool does not read refuses the
file: its values would otherwise be dropped without a word.

Nothing is guessed: rows naming no input (``Assignment.missing``), inputs with no row, duplicate case
ids and unreadable values are reported, and an export whose row is unusable is rejected rather than
run with defaults. Two cases naming byte-identical archives refuse the case file: one export cannot
be two children's.

A case file is untrusted input (it may come from anyone who can put a file on the share): only a
regular file is opened, and every size is bounded before it is held in memory: the file, each line,
cell and row, the number of rows, and for XLSX the unpacked size, which is checked from the ZIP
directory before anything is inflated, and every XML part, which is scanned as a stream (no DTD or
entity, no text or attribute longer than a cell, no cell beyond the last column or row) before
openpyxl reads it. Rows are matched to exports through an index of the names each export may be
given by, so matching takes time in proportion to rows plus exports.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from dsar_analyzer.analysis.age import consent_rules
from dsar_analyzer.errors import InputRejected
from dsar_analyzer.read.local_file import NotARegularFile, open_regular_file

#: Each column the tool reads, with every header spelling it accepts (compared in lower case, with
#: spaces and dashes read as ``_``). The Dutch spellings are what a Dutch claim office's own
#: systems and staff call the same things (bestand, zaaknummer or dossiernummer, geboortedatum, land,
#: taal, kind).
COLUMNS: dict[str, tuple[str, ...]] = {
    "file": ("file", "file_name", "filename", "path", "bestand", "bestandsnaam", "pad"),
    "sha256": ("sha256", "sha_256"),
    "case_id": ("case_id", "case", "case_number", "zaaknummer", "zaak_id", "zaak", "dossiernummer", "dossier"),
    "birth_date": ("birth_date", "date_of_birth", "geboortedatum"),
    "consent_country": ("consent_country", "country", "land"),
    "lang": ("lang", "language", "taal"),
    "child": ("child", "label", "kind"),
}
REQUIRED = ("case_id", "birth_date")
KNOWN = tuple(COLUMNS)
_SPELLINGS = {spelling: column for column, spellings in COLUMNS.items() for spelling in spellings}
#: The Dutch spelling an error message shows beside each column's English name.
DUTCH = {"file": "bestand", "case_id": "zaaknummer", "birth_date": "geboortedatum", "consent_country": "land",
         "lang": "taal", "child": "kind"}
_ACCEPTED = ", ".join(f"{column} or {DUTCH[column]}" if column in DUTCH else column for column in COLUMNS)
LANGUAGES = ("en", "nl")

#: A case file is a table of a million rows at most; anything bigger is not one.
MAX_BYTES = 256 * 1024 * 1024
#: The most a case XLSX may hold once unpacked (a million rows of sheet XML is about 200 MiB).
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
#: Parts of a case XLSX: a workbook of one sheet has about ten.
MAX_XLSX_PARTS = 1000
#: A cell holds a case id, a path or a date: 128 KiB is the csv module's own field limit.
MAX_CELL_CHARS = 128 * 1024
#: One physical line of a CSV case file (several cells).
MAX_LINE_CHARS = 1024 * 1024
#: Rows, header included: Excel's own sheet limit.
MAX_ROWS = 1_048_576
#: Columns: the tool reads seven, so a case file never needs more than a few.
MAX_COLUMNS = 64

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_CELL_REFERENCE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_CHUNK = 1 << 20


class CaseFileError(InputRejected):
    """The case file cannot be used at all (format, encoding, size, columns, two cases for one archive)."""


@dataclass(frozen=True, slots=True)
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


@dataclass(slots=True)
class CaseProblem:
    """A row (or the header, row 1) that cannot be used, with what it named so its export is rejected."""

    row: int
    message: str
    file: str | None = None
    sha256: str | None = None
    case_id: str | None = None


@dataclass
class Assignment:
    """Which case belongs to which export, which exports must be rejected, and every problem found.

    ``missing`` holds the usable rows that name no input: each is a manifest row of its own.
    """

    cases: dict[str, Case] = field(default_factory=dict)
    rejected: dict[str, str] = field(default_factory=dict)
    rejected_case_ids: dict[str, str] = field(default_factory=dict)
    without_row: list[str] = field(default_factory=list)
    problems: list[CaseProblem] = field(default_factory=list)
    missing: list[Case] = field(default_factory=list)


def safe_case_name(case_id: str) -> str:
    """The case id as a file name: letters, digits, dot, dash and underscore only."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", case_id).strip(".-")


# -- reading ---------------------------------------------------------------------------------------

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


def _lines(text: IO[str], name: str) -> Iterator[str]:
    """Physical lines, each at most ``MAX_LINE_CHARS`` long (so no row can hold a million cells)."""
    number = 0
    while line := text.readline(MAX_LINE_CHARS + 1):
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise CaseFileError(f'Line {number:,} of the case file "{name}" is longer than '
                                f'{MAX_LINE_CHARS // 1024:,} KiB; that is not a table of cases.')
        yield line


def _csv_rows(handle: IO[bytes], name: str) -> Iterator[list[str]]:
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    lines = _lines(text, name)
    blank = 0
    first = ""
    try:
        for line in lines:
            if line.strip():
                first = line
                break
            blank += 1
            yield []
        # The delimiter is the one the header uses most: headers hold no commas or semicolons.
        delimiter = max(",;\t", key=first.count)
        # newline="" lets the csv module take \n, \r\n and a lone \r as line ends alike.
        reader = csv.reader(_chain(first, lines), delimiter=delimiter)
        for cells in reader:
            yield [cell.strip() for cell in cells]
    except UnicodeDecodeError:
        raise CaseFileError(f'The case file "{name}" is not UTF-8 text; save it as "CSV UTF-8" or as XLSX.') from None
    except csv.Error as error:
        at = blank + reader.line_num
        if "field larger than field limit" in str(error):
            raise CaseFileError(f'The case file "{name}" has a cell longer than {MAX_CELL_CHARS:,} characters '
                                f"(line {at:,}); that is not a case file value.") from None
        raise CaseFileError(f'The case file "{name}" could not be read as CSV at line {at:,} ({error}).') from None


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    if first:
        yield first
    yield from rest


class _Refused(Exception):
    """Raised from inside the XML scan: the part is not what a spreadsheet program writes."""


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


class _PartScan:
    """Stream one XML part of an XLSX through expat and refuse what a workbook never holds.

    No DTD and no entity declaration (a billion-laughs document is refused at its DOCTYPE, before any
    entity is expanded); no text run, cell or shared string longer than ``MAX_CELL_CHARS``; no
    attribute longer than that; no row beyond ``MAX_ROWS``; no cell beyond column ``MAX_COLUMNS``.
    Text arrives in pieces, so memory stays at one chunk whatever the part holds.
    """

    def __init__(self) -> None:
        self.parser = expat.ParserCreate(namespace_separator="}")
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._entity
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.text_run = 0
        self.cell_text = 0
        self.in_cell = 0
        self.cells_in_row = 0

    def feed(self, data: bytes, final: bool = False) -> None:
        self.parser.Parse(data, final)

    def _doctype(self, *_: Any) -> None:
        raise _Refused("it holds a document type declaration, which a workbook never has")

    def _entity(self, *_: Any) -> None:
        raise _Refused("it declares XML entities, which a workbook never does")

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rsplit("}", 1)[-1]
        self.text_run = 0
        if any(len(value) > MAX_CELL_CHARS for value in attributes.values()):
            raise _Refused(f"an attribute is longer than {MAX_CELL_CHARS:,} characters")
        if local == "row":
            self.cells_in_row = 0
            number = attributes.get("r", "")
            if number.isdigit() and int(number) > MAX_ROWS:
                raise _Refused(f"it has a row beyond row {MAX_ROWS:,}")
        elif local == "c":
            self.cells_in_row += 1
            reference = _CELL_REFERENCE.match(attributes.get("r", ""))
            column = _column_number(reference[1]) if reference else self.cells_in_row
            if column > MAX_COLUMNS or (reference and int(reference[2]) > MAX_ROWS):
                raise _Refused(f"it has a cell beyond column {MAX_COLUMNS} or row {MAX_ROWS:,}")
        if local in ("c", "si"):
            self.in_cell += 1
            self.cell_text = 0

    def _end(self, name: str) -> None:
        self.text_run = 0
        if name.rsplit("}", 1)[-1] in ("c", "si"):
            self.in_cell = max(0, self.in_cell - 1)

    def _text(self, data: str) -> None:
        self.text_run += len(data)
        if self.in_cell:
            self.cell_text += len(data)
        if max(self.text_run, self.cell_text if self.in_cell else 0) > MAX_CELL_CHARS:
            raise _Refused(f"a cell or text is longer than {MAX_CELL_CHARS:,} characters")


def _check_xlsx(handle: IO[bytes], name: str) -> None:
    """Refuse an XLSX that is not a complete ZIP, unpacks too large, or has an XML part a workbook never has."""
    damaged = (f'The case file "{name}" is not a readable XLSX workbook (it is not a complete ZIP file, as a '
               "workbook is); save it again from the spreadsheet program, or as CSV UTF-8.")
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise CaseFileError(damaged) from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_XLSX_PARTS:
            raise CaseFileError(f'The case file "{name}" holds {len(parts):,} parts; a workbook of cases has a '
                                f"few dozen at most.")
        # The declared sizes bound what inflating can produce: zipfile stops at the declared size, and
        # a member that inflates to more fails its CRC check below.
        if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
            raise CaseFileError(f'The case file "{name}" unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MiB; '
                                "that is not a table of cases.")
        for part in parts:
            if not part.filename.lower().endswith((".xml", ".rels")):
                continue
            scan = _PartScan()
            try:
                with archive.open(part) as member:
                    while chunk := member.read(_CHUNK):
                        scan.feed(chunk)
                scan.feed(b"", final=True)
            except _Refused as refused:
                raise CaseFileError(f'The case file "{name}" is not a workbook a spreadsheet program wrote: '
                                    f"its part {part.filename} is refused ({refused}).") from None
            except expat.ExpatError as error:
                raise CaseFileError(f'The case file "{name}" is damaged: its part {part.filename} is not '
                                    f"well-formed XML ({expat.errors.messages[error.code]}, line "
                                    f"{error.lineno}).") from None
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError,
                    RuntimeError):
                raise CaseFileError(damaged) from None


def _xlsx_rows(handle: IO[bytes], name: str) -> Iterator[list[str]]:
    _check_xlsx(handle, name)
    handle.seek(0)
    from openpyxl import load_workbook  # only needed for spreadsheets

    # openpyxl raises many kinds of error for a part it cannot use (KeyError for a missing part,
    # TypeError and ValueError for odd values); whatever it raises, the workbook cannot be read.
    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - see above
        raise CaseFileError(f'The case file "{name}" could not be opened as an XLSX workbook '
                            f"({type(error).__name__}).") from None
    try:
        if not book.worksheets:
            raise CaseFileError(f'The case file "{name}" has no worksheet.')
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the sheet's own claim of its size is not trusted; the scan checked it
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            yield [_cell(value) for value in row]
    except CaseFileError:
        raise
    except Exception as error:  # noqa: BLE001 - as above: a value openpyxl cannot convert
        raise CaseFileError(f'The case file "{name}" has a cell that could not be read '
                            f"({type(error).__name__}).") from None
    finally:
        book.close()


def _open(path: str | os.PathLike[str], name: str) -> IO[bytes]:
    try:
        handle = open_regular_file(path)
    except NotARegularFile:
        raise CaseFileError(f'The case file "{name}" is not a regular file; save the cases as a CSV or XLSX '
                            "file and give its path.") from None
    except OSError:
        raise CaseFileError(f'The case file "{name}" does not exist or cannot be read.') from None
    size = os.fstat(handle.fileno()).st_size
    if size > MAX_BYTES:
        handle.close()
        raise CaseFileError(f'The case file "{name}" is larger than {MAX_BYTES // 2**20} MiB; split it.')
    return handle


def _header(cells: list[str], name: str) -> dict[int, str]:
    """Column position -> the column it is (``KNOWN``); refuses unknown, doubled or missing columns."""
    columns: dict[int, str] = {}
    given: dict[str, str] = {}
    unknown = []
    for position, cell in enumerate(cells):
        spelling = re.sub(r"[\s-]+", "_", cell.strip().lstrip("\ufeff").lower())
        if not spelling:
            continue
        column = _SPELLINGS.get(spelling)
        if column is None:
            unknown.append(cell.strip())
        elif column in given:
            raise CaseFileError(f'The case file "{name}" has two columns for {column}: "{given[column]}" and '
                                f'"{cell.strip()}"; keep one.')
        else:
            columns[position] = column
            given[column] = cell.strip()
    missing = [c for c in REQUIRED if c not in given]
    if "file" not in given and "sha256" not in given:
        missing.insert(0, "file (or sha256)")
    if unknown or missing:
        wrong = "; ".join(([f"columns the tool does not read: {', '.join(unknown)}"] if unknown else [])
                          + ([f"no column {', '.join(missing)}"] if missing else []))
        raise CaseFileError(f'The case file "{name}" has {wrong}; its first row must name the columns '
                            f"({_ACCEPTED}).")
    return columns


def read_case_file(path: str | os.PathLike[str]) -> list[Case | CaseProblem]:
    """Every data row of the case file as a ``Case``, or as a ``CaseProblem`` saying why it is unusable.

    Raises ``CaseFileError`` when the file cannot be used at all. Rows are numbered as a spreadsheet
    shows them (blank rows count; the header is the first row that is not blank).
    """
    name = Path(path).name
    with _open(path, name) as handle:
        spreadsheet = name.lower().endswith((".xlsx", ".xlsm"))
        table = _xlsx_rows(handle, name) if spreadsheet else _csv_rows(handle, name)
        columns: dict[int, str] | None = None
        rows: list[Case | CaseProblem] = []
        for number, cells in enumerate(table, start=1):
            if number > MAX_ROWS:
                raise CaseFileError(f'The case file "{name}" has more than {MAX_ROWS:,} rows; split it.')
            if len(cells) > MAX_COLUMNS:
                raise CaseFileError(f'Row {number:,} of the case file "{name}" has more than {MAX_COLUMNS} cells; '
                                    "that is not a table of cases.")
            if any(len(cell) > MAX_CELL_CHARS for cell in cells):
                raise CaseFileError(f'The case file "{name}" has a cell longer than {MAX_CELL_CHARS:,} characters '
                                    f"(row {number:,}); that is not a case file value.")
            if not any(cells):
                continue
            if columns is None:
                columns = _header(cells, name)
                continue
            unnamed = [i + 1 for i, cell in enumerate(cells) if cell and i not in columns]
            values = {column: (cells[i] if i < len(cells) else "") for i, column in columns.items()}
            rows.append(_parse_row(number, values, unnamed))
    if columns is None:
        raise CaseFileError(f'The case file "{name}" is empty.')
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


def _parse_row(number: int, values: dict[str, str], unnamed: Sequence[int] = ()) -> Case | CaseProblem:
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
    if unnamed:
        problems.append(f"a value in column {', '.join(map(str, unnamed))}, which the first row does not name")
    if problems:
        return CaseProblem(number, f"case {case_id or '(none)'}: " + "; ".join(problems), file, sha256, case_id or None)
    return Case(number, case_id, birth, country, lang, values.get("child") or None, file, sha256)


# -- matching --------------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\\/]+")


def _parts(path: str) -> list[str]:
    return [p for p in _SEPARATORS.split(path) if p not in ("", ".")]


class _Inputs:
    """The exports indexed by base name (a row's path tail is then checked among the few inputs of that
    name) and, when first asked, by SHA-256.

    One entry an input: indexing every tail of every path held five names an input and about 1.5 GB
    for a million inputs in folders (``benchmarks/bench_batch_scale.py``).
    """

    def __init__(self, exports: Sequence[str], sha256_of: Callable[[str], str | None]) -> None:
        self.exports = exports
        self._sha256_of = sha256_of
        self._digests: dict[str, str | None] = {}
        self.by_base: dict[str, str | list[str]] = {}
        for path in exports:
            parts = _parts(path)
            if not parts:
                continue
            held = self.by_base.get(parts[-1])
            if held is None:
                self.by_base[parts[-1]] = path
            elif isinstance(held, str):
                self.by_base[parts[-1]] = [held, path]
            else:
                held.append(path)
        self._by_sha256: dict[str, list[str]] | None = None

    def sha256(self, path: str) -> str | None:
        if path not in self._digests:
            self._digests[path] = self._sha256_of(path)
        return self._digests[path]

    def named(self, file: str | None, sha256: str | None) -> list[str]:
        if file:
            wanted = _parts(file)
            if not wanted:
                return []
            held = self.by_base.get(wanted[-1], [])
            return [path for path in ([held] if isinstance(held, str) else held)
                    if _parts(path)[-len(wanted):] == wanted]
        if self._by_sha256 is None:
            self._by_sha256 = {}
            for path in self.exports:
                if (digest := self.sha256(path)) is not None:
                    self._by_sha256.setdefault(digest, []).append(path)
        return self._by_sha256.get(sha256 or "", [])


def assign(rows: Sequence[Case | CaseProblem], exports: Sequence[str],
           sha256_of: Callable[[str], str | None]) -> Assignment:
    """Match case rows to exports by file name or path tail, or by SHA-256 (hashed only when asked).

    Raises ``CaseFileError`` when two cases name byte-identical archives (each export with a case
    is hashed for that check).
    """
    out = Assignment()
    inputs = _Inputs(exports, sha256_of)
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
    claimed: dict[str, list[Case]] = {}
    for case in cases:
        matches = inputs.named(case.file, case.sha256)
        if not matches:
            out.missing.append(case)
            out.problems.append(CaseProblem(case.row, f"case {case.case_id}: names no input "
                                            f"({case.file or case.sha256})"))
        elif len(matches) > 1:
            out.problems.append(CaseProblem(case.row, f"case {case.case_id}: {case.file or case.sha256} "
                                            f"matches {len(matches)} inputs"))
            for path in matches:
                out.rejected[path] = f"case file row {case.row} matches this and {len(matches) - 1} other input(s)"
        else:
            claimed.setdefault(matches[0], []).append(case)
    for path, own in claimed.items():
        if path in out.rejected:
            continue
        if len(own) > 1:
            out.rejected[path] = "named by case file rows " + ", ".join(str(c.row) for c in own)
        elif id(own[0]) in duplicates:
            out.rejected[path] = f"case id {own[0].case_id!r} appears more than once in the case file"
            out.rejected_case_ids[path] = own[0].case_id
        else:
            out.cases[path] = own[0]
    # An unusable row that still names an input rejects that input: its birth date is not guessed.
    for problem in out.problems:
        if problem.file or problem.sha256:
            for path in inputs.named(problem.file, problem.sha256):
                if path not in out.rejected:
                    out.rejected[path] = f"case file row {problem.row} is unusable ({problem.message})"
                    if problem.case_id:
                        out.rejected_case_ids[path] = problem.case_id
                    out.cases.pop(path, None)
    out.without_row = [path for path in exports
                       if path not in out.cases and path not in out.rejected and path not in claimed]
    _one_case_per_archive(out, inputs)
    return out


def _one_case_per_archive(out: Assignment, inputs: _Inputs) -> None:
    """Refuse the case file when two of its cases hold byte-identical archives (a parent who sent twice)."""
    holders: dict[str, list[tuple[str, Case]]] = {}
    if len(out.cases) < 2:
        return
    for path, case in out.cases.items():
        if (digest := inputs.sha256(path)) is not None:
            holders.setdefault(digest, []).append((path, case))
    shared = [group for group in holders.values() if len(group) > 1]
    if not shared:
        return
    group = sorted(shared, key=lambda g: min(case.row for _, case in g))[0]
    group.sort(key=lambda held: held[1].row)
    rows = " and ".join(str(case.row) for _, case in group)
    ids = " and ".join(case.case_id for _, case in group)
    files = " and ".join(Path(path).name for path, _ in group)
    more = f" ({len(shared) - 1} more archive(s) likewise)" if len(shared) > 1 else ""
    raise CaseFileError(f"Case file rows {rows} (cases {ids}) name byte-identical archives ({files}){more}; "
                        "one export cannot belong to two cases: correct the case file.")
