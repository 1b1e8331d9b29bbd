"""numpy's array operations that the figures use, over Python lists: a small export never imports numpy.

Importing numpy costs about 40 ms of a small export's whole run of 0.3 s, and its operations pay only
on long columns. So the figures are written once, against the module ``columns.array_module`` gives
for their columns: numpy above ``columns.SMALL_EXPORT`` records, this module up to it. A
``PlainArray`` holds whole numbers (times as nanoseconds since 1970, ``columns.NAT`` for none) or
booleans in a list and answers the operators, methods and functions the figures use as numpy would
for int64 and bool arrays; a test runs every figure of every sample and of random exports both ways.
Nothing else of numpy is here: a figure that needs more adds it, with its test.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from typing import Any


def _bool_dtype(dtype: Any) -> bool:
    return dtype is bool or dtype == "bool"


class PlainArray:
    """A one-dimensional int64 or bool array as a Python list (``values``)."""

    __slots__ = ("values",)

    def __init__(self, values: Iterable[Any]) -> None:
        self.values: list[Any] = values if isinstance(values, list) else list(values)

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self) -> Any:
        return iter(self.values)

    def __repr__(self) -> str:
        return f"PlainArray({self.values!r})"

    def tolist(self) -> list[Any]:
        return list(self.values)

    def _each(self, other: Any, op: Callable[[Any, Any], Any]) -> PlainArray:
        if isinstance(other, PlainArray):
            return PlainArray([op(a, b) for a, b in zip(self.values, other.values, strict=True)])
        return PlainArray([op(a, other) for a in self.values])

    # == and != answer per value, as numpy's do; so a PlainArray has no hash
    __hash__ = None  # type: ignore[assignment]

    def __invert__(self) -> PlainArray:
        # numpy's ~ is logical on bools; Python's ~True is -2
        return PlainArray([not v if type(v) is bool else ~v for v in self.values])

    def _positions(self, key: PlainArray) -> list[int]:
        keys = key.values
        if keys and type(keys[0]) is bool:  # a mask, as long as the array
            if len(keys) != len(self.values):
                raise IndexError(f"a mask of {len(keys)} for {len(self.values)} values")
            return [i for i, k in enumerate(keys) if k]
        return keys

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, PlainArray):
            values = self.values
            return PlainArray([values[i] for i in self._positions(key)])
        if isinstance(key, slice):
            return PlainArray(self.values[key])
        return self.values[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        if isinstance(key, PlainArray | slice):
            positions = self._positions(key) if isinstance(key, PlainArray) else range(len(self.values))[key]
            new = value.values if isinstance(value, PlainArray) else value
            if not isinstance(new, list):
                new = [new] * len(positions)
            for i, v in zip(positions, new, strict=True):
                self.values[i] = v
        else:
            self.values[key] = value

    def sum(self) -> int:
        return sum(self.values)

    def min(self) -> Any:
        return min(self.values)

    def max(self) -> Any:
        return max(self.values)

    def any(self) -> bool:
        return any(self.values)

    def argmin(self) -> int:
        """The position of the first smallest value."""
        return min(range(len(self.values)), key=self.values.__getitem__)

    def astype(self, dtype: Any, copy: bool = True) -> PlainArray:
        return PlainArray([bool(v) for v in self.values] if _bool_dtype(dtype) else [int(v) for v in self.values])


def _elementwise(op: Callable[[Any, Any], Any]) -> Callable[[PlainArray, Any], PlainArray]:
    def method(self: PlainArray, other: Any) -> PlainArray:
        return self._each(other, op)

    return method


# The operators numpy applies value by value (// floors, as numpy's does for integers), set from one table.
for _name, _op in (("__eq__", operator.eq), ("__ne__", operator.ne), ("__lt__", operator.lt), ("__le__", operator.le),
                   ("__gt__", operator.gt), ("__ge__", operator.ge), ("__and__", operator.and_),
                   ("__or__", operator.or_), ("__add__", operator.add), ("__sub__", operator.sub),
                   ("__mul__", operator.mul), ("__floordiv__", operator.floordiv), ("__mod__", operator.mod)):
    setattr(PlainArray, _name, _elementwise(_op))


Vector = Any  # a numpy array or a PlainArray: the figures use only what both answer alike


def array(values: Iterable[Any], dtype: Any = None) -> PlainArray:
    return PlainArray(values).astype(dtype) if dtype is not None else PlainArray(values)


def fromiter(values: Iterable[Any], dtype: Any = None, count: int = -1) -> PlainArray:
    return array(values, dtype)


def zeros(n: int, dtype: Any = "int64") -> PlainArray:
    return PlainArray([False] * n if _bool_dtype(dtype) else [0] * n)


def ones(n: int, dtype: Any = "int64") -> PlainArray:
    return PlainArray([True] * n if _bool_dtype(dtype) else [1] * n)


def full(n: int, value: Any, dtype: Any = None) -> PlainArray:
    return PlainArray([value] * n)


def _values(values: Any, n: int) -> list[Any]:
    return values.values if isinstance(values, PlainArray) else [values] * n


def where(condition: PlainArray, yes: Any, no: Any) -> PlainArray:
    n = len(condition)
    return PlainArray([y if c else o for c, y, o in zip(condition.values, _values(yes, n), _values(no, n), strict=True)])


def minimum(left: PlainArray, right: Any) -> PlainArray:
    return PlainArray(map(min, left.values, _values(right, len(left))))


def bincount(values: PlainArray, minlength: int = 0) -> PlainArray:
    counts = [0] * max(minlength, max(values.values) + 1 if values.values else 0)
    for v in values.values:
        counts[v] += 1
    return PlainArray(counts)


def flatnonzero(values: PlainArray) -> PlainArray:
    return PlainArray([i for i, v in enumerate(values.values) if v])


def isin(values: PlainArray, test: Iterable[Any]) -> PlainArray:
    wanted = set(test.values if isinstance(test, PlainArray) else test)
    return PlainArray([v in wanted for v in values.values])


def sort(values: PlainArray, kind: str | None = None) -> PlainArray:
    return PlainArray(sorted(values.values))


def diff(values: PlainArray) -> PlainArray:
    v = values.values
    return PlainArray([b - a for a, b in zip(v, v[1:])])


def cumsum(values: PlainArray) -> PlainArray:
    total, out = 0, []
    for v in values.values:
        total += v
        out.append(total)
    return PlainArray(out)


def concatenate(arrays: Iterable[PlainArray]) -> PlainArray:
    return PlainArray([v for a in arrays for v in a.values])


def append(values: PlainArray, more: Any) -> PlainArray:
    return PlainArray(values.values + (more.values if isinstance(more, PlainArray) else [more]))
