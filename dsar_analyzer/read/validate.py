"""Validate a batch of raw export items against a record model: in bulk where it can, item by item where it must.

Bulk path: models whose fields are all plain values (timestamps, text, counts, ids) get a derived
``TypedDict`` checked by pydantic-core over the whole list at once (timestamps by a calendar-exact
pattern, so no Python runs per row). If any item fails, the failing
indices are taken from the error and checked one by one with the model, the rest again in bulk:
the result is the same as validating every item alone. Models with nested values (profile, LIVE
rooms, shop orders) are validated item by item; they are small.

Keys are matched the way pydantic would (first spelling in a field's alias list wins), then
case-insensitively; keys no field claims are kept in ``unrecognised_fields``. The shape of each
distinct key set is analysed once, so this costs one pass over the items.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter
from types import GenericAlias
from typing import Annotated, Any

from pydantic import AliasChoices, Field, JsonValue, TypeAdapter, ValidationError
from typing_extensions import TypedDict

from dsar_analyzer.records.models import Record
from dsar_analyzer.records.values import (
    COUNT_PATTERN,
    MAX_COUNT,
    TIMESTAMP_PATTERN,
    CountRow,
    IdentifierRow,
    RowType,
    TimestampRow,
)

MAX_ERRORS_PER_ITEM = 3


@dataclass(slots=True)
class BatchResult:
    """What became of one batch: valid rows (by position) and invalid items with their errors."""

    valid_positions: list[int] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    records: list[Record] | None = None  # filled on the item-by-item path
    rescued: int = 0  # rows holding a record because the bulk check refused what the model accepts
    invalid: list[tuple[int, list[str]]] = field(default_factory=list)
    #: Runs of neighbouring items that are not objects: (first position, last position, type name).
    not_objects: list[tuple[int, int, str]] = field(default_factory=list)
    #: (key as written in the export, field name or "" when unrecognised) -> occurrences
    key_counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: Set when ``rows`` are the items themselves, as read: field name -> the key that feeds it.
    row_keys: dict[str, str] | None = None
    #: (key as written, field name, reason) -> occurrences of a field set aside on a record that was kept
    set_aside: Counter[tuple[str, str, str]] = field(default_factory=Counter)


def invalid_runs(result: BatchResult) -> list[tuple[int, int, list[str]]]:
    """Every invalid item of a batch as runs (first, last, errors), in input order; neighbours with
    the same errors share a run."""
    singles = [(p, p, errors) for p, errors in result.invalid]
    others = [(first, last, not_an_object(name)) for first, last, name in result.not_objects]
    runs: list[tuple[int, int, list[str]]] = []
    for first, last, errors in sorted(singles + others, key=lambda run: run[0]):
        if runs and runs[-1][1] == first - 1 and runs[-1][2] == errors:
            runs[-1] = (runs[-1][0], last, errors)
        else:
            runs.append((first, last, errors))
    return runs


@dataclass(frozen=True, slots=True)
class _ShapePlan:
    """How one distinct key set maps onto the model."""

    renames: dict[str, str]      # raw key -> the spelling pydantic expects (case fix-ups only)
    unrecognised: tuple[str, ...]
    claims: tuple[tuple[str, str], ...]


def _aliases(model: type[Record]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, info in model.model_fields.items():
        if name == "unrecognised_fields":
            continue
        alias = info.validation_alias
        out[name] = list(alias.choices) if isinstance(alias, AliasChoices) else [name]  # type: ignore[arg-type]
        if name not in out[name]:
            out[name].append(name)
    return out


@cache
def alias_index(model: type[Record]) -> tuple[dict[str, list[str]], dict[str, tuple[str, str]]]:
    aliases = _aliases(model)
    folded: dict[str, tuple[str, str]] = {}
    for name, spellings in aliases.items():
        for spelling in spellings:
            folded.setdefault(spelling.casefold(), (name, spelling))
    return aliases, folded


@cache
def _plan(model: type[Record], shape: tuple[str, ...]) -> _ShapePlan:
    aliases, folded = alias_index(model)
    present = set(shape)
    taken: dict[str, str] = {}  # field -> raw key
    for name, spellings in aliases.items():
        for spelling in spellings:
            if spelling in present:
                taken[name] = spelling
                break
    renames: dict[str, str] = {}
    for key in shape:
        if key in taken.values():
            continue
        hit = folded.get(key.strip().casefold())
        if hit and hit[0] not in taken:
            taken[hit[0]] = key
            renames[key] = hit[1]
    by_key = {raw: name for name, raw in taken.items()}
    unrecognised = tuple(k for k in shape if k not in by_key)
    claims = tuple((k, by_key.get(k, "")) for k in shape)
    return _ShapePlan(renames, unrecognised, claims)


def shape_plan(model: type[Record], shape: tuple[str, ...]) -> _ShapePlan:
    """How items written under ``shape`` (keys in the order written) map onto the model."""
    return _plan(model, shape)


def bulk_capable(model: type[Record]) -> bool:
    """True when every field of the model has a row type pydantic-core can check in bulk."""
    return all(
        name == "unrecognised_fields" or any(isinstance(m, RowType) for m in info.metadata)
        for name, info in model.model_fields.items()
    )


@cache
def _row_adapter(model: type[Record]) -> TypeAdapter[list[dict[str, Any]]]:
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name == "unrecognised_fields":
            continue
        row_type = next(m.annotation for m in info.metadata if isinstance(m, RowType))
        fields[name] = Annotated[row_type, Field(validation_alias=info.validation_alias)]
    # Checked like the model checks it, so a value the model refuses (nesting past pydantic's
    # recursion limit, say) makes the item invalid here too, not a row that cannot become a record.
    fields["unrecognised_fields"] = dict[str, JsonValue]
    # The row type is built from the model at run time, so no static type can name it.
    make_row: Any = TypedDict
    row = make_row(f"{model.__name__}Row", fields, total=False)
    rows: Any = GenericAlias(list, (row,))
    return TypeAdapter(rows)


#: Up to this many items, a batch kept as read is checked in Python by the row types' own rules (the same
#: patterns, which hold only ASCII classes and anchors, so Python's ``re`` reads them as pydantic-core's
#: engine does). Building a model's pydantic validator costs 3-6 ms, most of a small export's read (19
#: of them for the bundled sample); above this many items pydantic-core's bulk check is the faster.
PYTHON_CHECK_ITEMS = 4096

# Whole numbers pydantic-core's strict int takes from Python are of any size; JSON decoders give at most
# 64 bits. Anything outside these bounds is left to pydantic-core.
_INT_BOUNDS = (-(2**63), 2**64 - 1)


def _python_check(row: Any) -> Callable[[Any], bool] | None:
    """A test accepting only values the row type accepts, or None for a row type it does not know."""
    if row is TimestampRow:
        timestamp = re.compile(TIMESTAMP_PATTERN).fullmatch
        return lambda v: v is None or type(v) is str and timestamp(v) is not None
    if row == (str | None):
        return lambda v: v is None or type(v) is str
    if row is CountRow:
        count = re.compile(COUNT_PATTERN).fullmatch
        return lambda v: v is None or (0 <= v <= MAX_COUNT if type(v) is int
                                       else type(v) is str and count(v) is not None)
    if row == IdentifierRow:
        return lambda v: v is None or type(v) is str or type(v) is int and _INT_BOUNDS[0] <= v <= _INT_BOUNDS[1]
    return None


@cache
def _python_checks(model: type[Record]) -> dict[str, Callable[[Any], bool]] | None:
    """Field name -> the test of its row type; None when a field has a row type without one."""
    checks = {}
    for name, info in model.model_fields.items():
        if name == "unrecognised_fields":
            continue
        row = next((m.annotation for m in info.metadata if isinstance(m, RowType)), None)
        check = _python_check(row)
        if check is None:
            return None
        checks[name] = check
    return checks


def _passes_in_python(model: type[Record], plan: _ShapePlan, items: list[dict[str, Any]]) -> bool:
    """True when the row types accept every value of the items (all written under ``plan``'s keys, none
    renamed or unrecognised); False says only that pydantic-core must decide."""
    checks = _python_checks(model)
    if checks is None or len(items) > PYTHON_CHECK_ITEMS:
        return False
    return all(all(map(checks[name], map(itemgetter(key), items))) for key, name in plan.claims)


def _error_lines(error: ValidationError) -> list[str]:
    lines = []
    for detail in error.errors(include_url=False)[:MAX_ERRORS_PER_ITEM]:
        where = ".".join(str(part) for part in detail["loc"]) or "item"
        lines.append(f"{where}: {detail['msg']}")
    return lines


@dataclass(slots=True)
class _Prepared:
    """Object items of a batch, in input order, with the shape plan of each."""

    positions: list[int] | range
    items: list[dict[str, Any]]
    plans: list[_ShapePlan]
    distinct: dict[tuple[str, ...], tuple[_ShapePlan, int]]

    def entry(self, index: int) -> tuple[int, dict[str, Any], _ShapePlan]:
        return self.positions[index], self.items[index], self.plans[index]


@cache
def not_an_object(type_name: str) -> list[str]:
    return [f"item: expected an object, got {type_name}"]


def _prepare(model: type[Record], items: Sequence[object], result: BatchResult) -> _Prepared:
    """Analyse each distinct key set once; non-objects are invalid at once."""
    if set(map(type, items)) <= {dict}:
        objects: list[dict[str, Any]] = list(items)  # type: ignore[arg-type]
        positions: list[int] | range = range(len(objects))
    else:
        positions, objects = [], []
        run_start, run_type = -1, ""
        for position, item in enumerate(items):
            if isinstance(item, dict):
                positions.append(position)
                objects.append(item)
                continue
            # Neighbouring non-objects of one type are one run: a list of 2.5 million numbers
            # is one ledger entry, built without an object per number.
            name = type(item).__name__
            if run_start >= 0 and run_type == name and result.not_objects[-1][1] == position - 1:
                result.not_objects[-1] = (run_start, position, name)
            else:
                run_start, run_type = position, name
                result.not_objects.append((position, position, name))
    # Counted without keeping each item's key tuple: nearly every batch has one key set, and then
    # the plans need no per-item lookup (a second pass is made only when the key sets differ).
    distinct = {shape: (_plan(model, shape), count) for shape, count in Counter(map(tuple, objects)).items()}
    if len(distinct) == 1:
        plans = [next(iter(distinct.values()))[0]] * len(objects)
    else:
        plan_of = {shape: plan for shape, (plan, _) in distinct.items()}
        plans = [plan_of[tuple(item)] for item in objects]
    return _Prepared(positions, objects, plans, distinct)


def _input_for(item: dict[str, Any], plan: _ShapePlan) -> dict[str, Any]:
    if not plan.renames:
        return item
    return {plan.renames.get(k, k): v for k, v in item.items()}


def _payload(item: dict[str, Any], plan: _ShapePlan) -> dict[str, Any]:
    """What the model (or the bulk row type) is given: renamed keys plus the unrecognised ones."""
    payload = _input_for(item, plan)
    if plan.unrecognised:
        payload = {**payload, "unrecognised_fields": {k: item[k] for k in plan.unrecognised}}
    return payload


def _one_by_one(model: type[Record], prepared: _Prepared, result: BatchResult) -> None:
    result.records = []
    for index in range(len(prepared.items)):
        position = prepared.positions[index]
        record = _validate_alone(model, prepared.entry(index), result)
        if record is None:
            continue
        result.valid_positions.append(position)
        result.records.append(record)
        result.key_counts.update(prepared.plans[index].claims)


#: Items checked per call on the path that keeps the items as rows: the checked copies pydantic
#: returns are dropped after each slice, so they never all exist at once.
SLICE = 65_536


def _as_read(model: type[Record], prepared: _Prepared, result: BatchResult) -> bool:
    """Check items written exactly under the model's keys, keeping the items themselves as rows.

    One key set, no key renamed, none unrecognised: then the row pydantic would return holds the
    same values as the item, under field names. The check is the same; only its copies are dropped
    (for a million watch rows that is about 1.5x the JSON size of memory). False, having filed
    nothing, when anything fails: the caller then checks item by item where needed, as before.
    """
    if len(prepared.distinct) != 1 or not isinstance(prepared.positions, range):
        return False
    (plan, _count), = prepared.distinct.values()
    if plan.renames or plan.unrecognised:
        return False
    items = prepared.items
    if not _passes_in_python(model, plan, items):
        adapter = _row_adapter(model)
        try:
            for start in range(0, len(items), SLICE):
                adapter.validate_python(items[start:start + SLICE])
        except ValidationError:
            return False
    result.row_keys = {name: key for key, name in plan.claims}
    _file_rows(prepared, prepared.positions, items, result)
    return True


def _in_bulk(model: type[Record], prepared: _Prepared, result: BatchResult) -> None:
    if _as_read(model, prepared, result):
        return
    adapter = _row_adapter(model)
    needs_payloads = any(plan.renames or plan.unrecognised for plan, _ in prepared.distinct.values())
    payloads = ([_payload(i, p) for i, p in zip(prepared.items, prepared.plans)]
                if needs_payloads else prepared.items)
    keep = list(range(len(payloads)))
    rescued: dict[int, Record] = {}
    while True:
        try:
            rows = adapter.validate_python([payloads[k] for k in keep] if len(keep) < len(payloads) else payloads)
            break
        except ValidationError as error:
            failing = {keep[int(d["loc"][0])] for d in error.errors(include_url=False) if d["loc"]}
            if not failing:  # an error not tied to one item: check every remaining item alone
                failing = set(keep)
            for index in sorted(failing):
                record = _validate_alone(model, prepared.entry(index), result)
                if record is not None:
                    rescued[index] = record
            keep = [k for k in keep if k not in failing]
    if rescued:
        keep, rows = _merge_rescued(keep, rows, rescued)
        result.rescued = len(rescued)
    _file_rows(prepared, keep, rows, result)


def _merge_rescued(keep: list[int], rows: list[dict[str, Any]],
                   rescued: dict[int, Record]) -> tuple[list[int], list[dict[str, Any]]]:
    """Put items the bulk check refused but the model accepted back in input order, as records."""
    merged = sorted([(k, row) for k, row in zip(keep, rows)] + [(k, {"__record__": r}) for k, r in rescued.items()],
                    key=lambda pair: pair[0])
    return [k for k, _ in merged], [row for _, row in merged]


def _file_rows(prepared: _Prepared, keep: Sequence[int], rows: list[dict[str, Any]], result: BatchResult) -> None:
    result.rows = rows
    if len(keep) == len(prepared.items):
        result.valid_positions = list(prepared.positions)
        for plan, count in prepared.distinct.values():
            for claim in plan.claims:
                result.key_counts[claim] += count
        return
    result.valid_positions = [prepared.positions[k] for k in keep]
    for k in keep:
        result.key_counts.update(prepared.plans[k].claims)


def _validate_alone(model: type[Record], entry: tuple[int, dict[str, Any], _ShapePlan],
                    result: BatchResult) -> Record | None:
    """Validate one item the bulk check refused, with the model: an invalid item in the model's own
    words (the same message as the item-by-item path), or the record when the model accepts it
    (the two checks should never disagree; if they do, the record is kept rather than lost)."""
    position, item, plan = entry
    payload = _payload(item, plan)
    try:
        return model.model_validate(payload)
    except ValidationError as error:
        odd = _set_aside(model, error)
        if odd:
            try:
                record = model.model_validate({k: v for k, v in payload.items() if k not in odd})
            except ValidationError:
                record = None  # something else is wrong too: the item is invalid, in the model's words
            if record is not None:
                written = {plan.renames.get(k, k): k for k in item}
                fields = dict(plan.claims)
                for key, reason in odd.items():
                    raw = written.get(key, key)
                    result.set_aside[(raw, fields.get(raw, ""), reason)] += 1
                return record
        result.invalid.append((position, _error_lines(error)))
        return None


def _set_aside(model: type[Record], error: ValidationError) -> dict[str, str]:
    """The payload keys of the failing fields with their reasons, when every failing field may be set
    aside on its own (see ``RowType.set_aside``); empty when any failure makes the item invalid."""
    _, folded = alias_index(model)
    reasons = _set_aside_reasons(model)
    odd: dict[str, str] = {}
    for detail in error.errors(include_url=False):
        key = detail["loc"][0] if detail["loc"] else None
        hit = folded.get(key.casefold()) if isinstance(key, str) else None
        if hit is None or hit[0] not in reasons:
            return {}
        odd[key] = reasons[hit[0]]  # type: ignore[index]
    return odd


@cache
def _set_aside_reasons(model: type[Record]) -> dict[str, str]:
    return {name: row.set_aside for name, info in model.model_fields.items()
            for row in info.metadata if isinstance(row, RowType) and row.set_aside}


def validate_items(model: type[Record], items: Sequence[object], *, force_item_by_item: bool = False) -> BatchResult:
    """Validate raw items; valid ones become rows (bulk) or records (item by item), in input order."""
    result = BatchResult()
    prepared = _prepare(model, items, result)
    if force_item_by_item or not bulk_capable(model):
        _one_by_one(model, prepared, result)
    else:
        _in_bulk(model, prepared, result)
    # Valid positions come out ascending on both paths (retries keep input order); invalid ones
    # are found out of order when a bulk check fails, so they are sorted.
    result.invalid.sort()
    # A field set aside was counted as read with its record's key set: it was not.
    for (key, name, _reason), count in result.set_aside.items():
        result.key_counts[(key, name)] -= count
        if not result.key_counts[(key, name)]:
            del result.key_counts[(key, name)]
    return result
