"""Read a JSON member too large to decode whole: section lists are checked a slice at a time as they stream.

Above the memory budget (``Limits.stream_above_bytes``) a member is not held in memory at all:
``ingest`` checks and hashes it and keeps the input open (``archive.Reread``); here it is read again
from the input (a ZIP entry unpacked again) and checked against the first read's SHA-256 as it goes.
Everything outside the section lists is built as ``json_doc`` would decode it; each list at a place of
the section table (``Watch History/VideoList`` and the like) is handed to a ``ListStage`` every
``chunk_items`` items, so at most one slice of it exists as Python objects. The document that comes
out holds a ``StreamedList`` in each such place, which the document parser files as it would have
filed the list. Records, sources and the ledger are the same as on the in-memory path (a hypothesis
test reads random exports both ways).

Two readers do this. ``_Fast`` has Python's JSON scanner (C) build the list items, about a MiB of text
at a time; whatever it does not decide itself (a duplicate key, nesting near the limit, a damaged
member, content after the document) it leaves to ``_Reader``, which reads the member again from the
start with ijson's C parser, one event at a time, and whose answer is the reference.

What ``json_doc`` notes is noted here too: a byte order mark, and duplicate keys (seen by ``_Reader`` as
they are read, so no second pass is needed), with the same ledger entries. Two documents back to back are
noted, not compared: the streamed reader has no byte offsets to compare them by (see
``SECOND_DOCUMENT_NOTE``). A truncated or damaged member and nesting past 1,024 levels raise
``CorruptInput``, as on the in-memory path, with the parser's own description of the fault.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial
from itertools import chain
from typing import IO, Any, Literal

import orjson
from ijson.common import JSONError

from ijson.backends import python as python_parser

try:  # ijson's C parser, named so that the standalone application's bundler finds it (ijson picks by name)
    from ijson.backends import yajl2_c as ijson_parser
except ImportError:  # no C parser built for this platform: the pure-Python one, several times slower
    ijson_parser = python_parser

from dsar_analyzer.errors import CorruptInput
from dsar_analyzer.read.archive import CHUNK_BYTES, UTF8_BOM, Member, display_name
from dsar_analyzer.read.collect import Collector, ListStage
from dsar_analyzer.read.json_doc import BOM_NOTE, file_duplicates
from dsar_analyzer.read.json_table import PLACES, JsonPlace, Shape
from dsar_analyzer.read.parse_json import StreamedList, add_to_digest, count_items, with_added
from dsar_analyzer.read.typed import TypedBatch, TypedPlan, read_batch, typed_plan
from dsar_analyzer.records.export import escape_pointer_token as esc
from dsar_analyzer.records.registry import SECTIONS

SECOND_DOCUMENT_NOTE = ("content after the JSON document, not read (a file this large is read as it streams, "
                        "so a second copy is not compared with the first)")

#: The deepest nesting read, as orjson refuses deeper documents on the in-memory path.
MAX_DEPTH = 1024

#: Key paths of the lists read a slice at a time: every list place of the section table.
STREAMED: dict[tuple[str, ...], JsonPlace] = {
    (*place.container, *place.items_at): place for place in PLACES if place.shape is Shape.LIST and place.items_at}

# orjson reads whole numbers outside these bounds as floats; so does this reader.
_INT_RANGE = (-(2**63), 2**64 - 1)
_INFINITE = (float("inf"), float("-inf"))


class _Buffer(list[Any]):
    """The open slice of a streamed list, with the stage its full slices went to."""

    __slots__ = ("place", "pointer", "stage", "offset", "digest", "pending", "pending_bytes", "dropped", "typed",
                 "tries")

    def __init__(self, place: JsonPlace, pointer: str) -> None:
        super().__init__()
        self.place = place
        self.pointer = pointer
        self.stage: ListStage | None = None
        self.offset = 0
        self.digest = hashlib.sha256()
        #: What follows the items in ``digest``, not yet added to it (see ``_flush_typed``): the columns of
        #: typed batches, and items written after them (bytes, ``pending_bytes`` of them in all).
        self.pending: list[_Pending] = []
        self.pending_bytes = 0
        self.dropped: list[tuple[str, int]] = []
        #: How ``read.typed`` reads this list's batches: None until decided, False for never.
        self.typed: TypedPlan | Literal[False] | None = None
        self.tries = 0  # batches read the general way to decide it


#: A typed batch's columns (key, Arrow array) in its plan's key order, or items written already.
_Pending = tuple[tuple[str, Any], ...] | bytes

#: At most this many bytes of items written after a typed batch wait with it for the digest.
_PENDING_BYTES = 1 << 20


def _written(pending: _Pending) -> bytes:
    """Items as the general path writes them for the digest (a typed batch's from its columns)."""
    if isinstance(pending, bytes):
        return pending
    keys = [key for key, _ in pending]
    return orjson.dumps([dict(zip(keys, row)) for row in zip(*(column.to_pylist() for _, column in pending))],
                        option=orjson.OPT_SORT_KEYS)


def _add_written(buffer: _Buffer, written: bytes) -> None:
    """Add items written to the digest, or, after typed batches not written yet, hold them up to
    ``_PENDING_BYTES`` (a list's last batch is short and its last item read alone), so that the typed
    ones are not written for nothing when the list closes."""
    if buffer.pending and buffer.pending_bytes + len(written) <= _PENDING_BYTES:
        buffer.pending.append(written)
        buffer.pending_bytes += len(written)
    else:
        _settle(buffer)
        add_to_digest(buffer.digest, written)


def _add_pending(digest: Any, pending: list[_Pending]) -> None:
    for each in pending:
        add_to_digest(digest, _written(each))


def _settle(buffer: _Buffer) -> None:
    """Add what waits for the digest to it, before what comes after."""
    _add_pending(buffer.digest, buffer.pending)
    buffer.pending, buffer.pending_bytes = [], 0


def _finished(digest: Any, pending: list[_Pending]) -> str:
    """A closed list's digest, once asked for: what waited for it added."""
    _add_pending(digest, pending)
    return str(digest.hexdigest())


def _damaged(member: str, detail: str) -> CorruptInput:
    return CorruptInput(
        f"The file {display_name(member)} in this export is damaged or incomplete ({detail}); please download "
        "the export from TikTok again."
    )


class _Reader:
    """Builds one streamed document, staging its section lists and remembering the values duplicate keys lost."""

    def __init__(self, member: str, chunk_items: int) -> None:
        self.member = member
        self.chunk = max(1, chunk_items)
        #: id of an object -> (the object, [(duplicated key, the earlier value it lost)])
        self.lost: dict[int, tuple[dict[str, Any], list[tuple[str, Any]]]] = {}
        self.any_lost = False
        self.done = False
        self.root: list[Any] = []

    def read(self, events: Iterator[tuple[str, Any]], depth: int = 0, top: bool = True) -> Any:
        """Build the value the events describe. At the top (``top``) the document: its root is kept on
        ``root`` and the events are read to their end (so content after it is seen); inside an item
        (``_item``) one nested value, returned as soon as it is complete."""
        stack: list[Any] = []
        path: list[Any] = []   # the token each open container sits under (its key or index)
        cur: Any = None
        key: Any = None
        root = self.root
        for event, value in events:
            if event == "map_key":
                if value in cur:
                    self._lose(cur, value)
                key = value
                continue
            if event == "end_map" or event == "end_array":
                done = cur
                if type(done) is _Buffer:
                    done = self._close(done)
                    parent = stack[-1]
                    if type(parent) is dict:
                        parent[path[-1]] = done
                    else:
                        parent[-1] = done
                cur = stack.pop()
                path.pop()
                if cur is None:
                    if not top:
                        return done
                    self.done = True
                    root.append(done)
                continue
            if event == "start_map":
                new: Any = {}
            elif event == "start_array":
                new = []
                if top and len(path) <= 4 and type(cur) is dict:
                    place = STREAMED.get((*path[1:], key))
                    if place is not None:
                        new = _Buffer(place, "".join(f"/{esc(t)}" for t in (*path[1:], key)))
            else:
                new = None
                if event == "number" and type(value) is int and not _INT_RANGE[0] <= value <= _INT_RANGE[1]:
                    value = float(value)
            # Put the value (or the new container) into the open container.
            if cur is None:
                token: Any = ""
            elif type(cur) is dict:
                token = key
                cur[key] = value if new is None else new
            elif type(cur) is _Buffer:
                if len(cur) >= self.chunk:
                    self._flush(cur)
                cur.append(value if new is None else new)
                if type(new) is dict:
                    # An item of a section list: read here, without the stack (nearly every event
                    # of a large export is inside one).
                    self._item(new, events, depth + len(stack) + 1)
                    continue
                token = len(cur) - 1 + cur.offset
            else:
                cur.append(value if new is None else new)
                token = len(cur) - 1
            if new is None:
                if cur is None:
                    if not top:
                        return value
                    self.done = True
                    root.append(value)
                continue
            if depth + len(stack) >= MAX_DEPTH:
                raise _damaged(self.member, f"nested deeper than {MAX_DEPTH} levels")
            stack.append(cur)
            path.append(token)
            cur = new
        return root[0] if root else None

    def _item(self, item: dict[str, Any], events: Iterator[tuple[str, Any]], depth: int) -> None:
        """Read the keys and values of one list item into ``item`` up to its end; a nested value is
        built by ``read`` (from the same events)."""
        key: Any = None
        for event, value in events:
            if event == "map_key":
                if value in item:
                    self._lose(item, value)
                key = value
            elif event == "string":  # the commonest value: first
                item[key] = value
            elif event == "end_map":
                return
            elif event == "start_map" or event == "start_array":
                if depth >= MAX_DEPTH:
                    raise _damaged(self.member, f"nested deeper than {MAX_DEPTH} levels")
                item[key] = self.read(chain(((event, value),), events), depth + 1, top=False)
            elif event == "number" and type(value) is int and not _INT_RANGE[0] <= value <= _INT_RANGE[1]:
                item[key] = float(value)
            else:
                item[key] = value

    def _lose(self, node: dict[str, Any], key: str) -> None:
        """``key`` is written again in ``node``: its earlier value is lost, as every decoder loses it."""
        self.lost.setdefault(id(node), (node, []))[1].append((key, node[key]))
        self.any_lost = True

    def _flush(self, buffer: _Buffer) -> None:
        """Check the full slice and let it go; only the stage's rows of it are kept."""
        items = list(buffer)
        del buffer[:]
        if buffer.stage is None:
            buffer.stage = ListStage(buffer.place.section_id, self.member, buffer.pointer)
        if self.lost:
            buffer.dropped.extend(self._dropped_in(items, buffer.pointer, buffer.offset))
        # Equal lists give equal digests, so an identical second copy of a section is still seen as one:
        # each item written with a comma after it, so the digest does not depend on where slices end.
        try:
            written = orjson.dumps(items, option=orjson.OPT_SORT_KEYS)
        except TypeError:  # nested past what orjson writes: never taken for a copy
            _settle(buffer)
            buffer.digest.update(id(buffer).to_bytes(8, "little"))
        else:
            _add_written(buffer, written)
        constants = buffer.place.constants
        staged = items if not constants else [with_added(i, constants) if isinstance(i, dict) else i for i in items]
        buffer.stage.add(staged, range(buffer.offset, buffer.offset + len(items)))
        buffer.offset += len(items)

    def _flush_typed(self, buffer: _Buffer, batch: TypedBatch) -> None:
        """File items ``read.typed`` read as columns, after the open slice (their order kept)."""
        if buffer:
            self._flush(buffer)
        if buffer.stage is None:
            buffer.stage = ListStage(buffer.place.section_id, self.member, buffer.pointer)
        assert buffer.typed  # a typed batch is read by the list's plan
        if batch.written is None:
            # Held as read by the records (``SectionRecords`` keeps the columns of a batch this long), so
            # the items are written for the digest from them only if the list is ever compared: writing
            # and hashing every batch was 0.13 s of a 1M load(), for a digest nearly never asked for.
            buffer.pending.append(tuple(batch.columns.items()))
        else:
            _add_written(buffer, batch.written)
        buffer.stage.add_columns(batch.columns, batch.length, buffer.typed.row_keys,
                                 range(buffer.offset, buffer.offset + batch.length))
        buffer.offset += batch.length

    def _close(self, buffer: _Buffer) -> Any:
        """A list that never filled a slice stays a plain list; a longer one becomes a ``StreamedList``."""
        if buffer.stage is None:
            return list(buffer)
        if buffer:
            self._flush(buffer)
        if not buffer.pending:
            return StreamedList(buffer.stage, buffer.offset, buffer.digest.hexdigest(), tuple(buffer.dropped))
        return StreamedList(buffer.stage, buffer.offset, partial(_finished, buffer.digest, buffer.pending),
                            tuple(buffer.dropped))

    def _dropped_in(self, node: Any, pointer: str, first_index: int = 0) -> list[tuple[str, int]]:
        """The values duplicate keys lost inside ``node`` (not inside values that were lost themselves),
        as (JSON pointer, item count), as ``json_doc`` finds them."""
        found: list[tuple[str, int]] = []
        if isinstance(node, list):
            stack = [(value, f"{pointer}/{first_index + i}") for i, value in enumerate(node)]
        else:
            stack = [(node, pointer)]
        while stack:
            value, where = stack.pop()
            if isinstance(value, dict):
                entry = self.lost.pop(id(value), None)
                if entry is not None:
                    found.extend((f"{where}/{esc(k)}", max(count_items(lost), 1)) for k, lost in entry[1])
                stack.extend((inner, f"{where}/{esc(k)}") for k, inner in value.items())
            elif isinstance(value, list):
                stack.extend((inner, f"{where}/{i}") for i, inner in enumerate(value))
            elif isinstance(value, StreamedList):
                found.extend(value.dropped)
        return found


#: A ``\\u`` escape of half of a surrogate pair (D800-DFFF); the backslashes before it are counted apart
#: (a pattern that starts with a literal is searched for quickly).
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD]([89a-fA-F])[0-9a-fA-F]{2}")


class _SurrogateScan:
    """Finds a ``\\u`` escape of half a surrogate pair without its other half, fed block by block.

    orjson refuses such a string (the in-memory path's error); ijson's parser would read it as
    ``?``, changing a value without a word. Escaped pairs (an emoji written as two escapes) are
    common and fine. A few bytes of each block wait for the next one, never splitting a run of
    backslashes, so an escape across two blocks is seen whole.
    """

    def __init__(self) -> None:
        self.data = b""
        self.base = 0           # offset of ``data`` in the member
        self.waiting: int | None = None  # where the low half of a high escape must start

    def feed(self, block: bytes) -> int | None:
        """The offset of a lone half found so far, or None; ``b""`` at the end."""
        if len(block) >= 16 and b"\\" not in block and b"\\" not in self.data:
            # No backslash: nothing to find, and the bytes kept are the block's last 16, as below.
            # (Joining the kept bytes to every block copied the whole member once more.)
            self.base += len(self.data) + len(block) - 16
            self.data = block[-16:]
            return None
        data = self.data + block
        limit = len(data)
        if block:
            limit -= 16
            while limit > 0 and data[limit - 1] == 0x5C:  # never split a run of backslashes
                limit -= 1
            limit = max(limit, 0)
        # (A backslash alone is searched for first: a search for one byte is the fastest there is.)
        if b"\\" in data and (b"\\ud" in data or b"\\uD" in data):  # else no such escape here: skip the pattern
            for match in _SURROGATE_ESCAPE.finditer(data, 0, len(data)):
                if match.start() >= limit:
                    break
                before = match.start()
                while before > 0 and data[before - 1] == 0x5C:
                    before -= 1
                if (match.start() - before) % 2:  # an escaped backslash, then plain text
                    continue
                start = self.base + match.start()
                high = match.group(1) in b"89abAB"
                if self.waiting is not None:
                    if not high and start == self.waiting:
                        self.waiting = None
                        continue
                    return self.waiting - 6
                if not high:
                    return start
                self.waiting = self.base + match.end()
        self.data, self.base = data[limit:], self.base + limit
        if not block and self.waiting is not None:
            return self.waiting - 6
        return None


class _Checked:
    """A member read again from the input, checked as it is read: the same SHA-256 and size as the
    first read, and no half of a surrogate pair alone. Raises ``CorruptInput`` otherwise. The bytes
    held from the first read (``Reread.held``) are the bytes hashed: they are not hashed again."""

    def __init__(self, member: Member, stream: IO[bytes]) -> None:
        self.member = member
        self.stream = stream
        self.held = member.reread is not None and member.reread.held is not None
        self.digest = hashlib.sha256()
        self.count = 0
        self.scan = _SurrogateScan()
        self.ended = False

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson asks for nothing first, to learn whether the stream gives bytes
            return b""
        block = self.stream.read(size)
        if self.ended:
            return block
        if not self.held:
            self.digest.update(block)
        self.count += len(block)
        lone = self.scan.feed(block)
        if lone is not None:
            raise _damaged(self.member.name, f"half of a surrogate pair written alone in a string, at byte {lone:,}")
        if not block:
            self.ended = True
            if self.count != self.member.size or not self.held and self.digest.hexdigest() != self.member.sha256:
                raise CorruptInput(
                    f"The file {display_name(self.member.name)} in this export changed while it was being read; "
                    "read it again when nothing else is writing to it.")
        return block

    def finish(self) -> None:
        """Read what the parser left (content after the document), so that all of it is checked."""
        while not self.ended:
            self.read(CHUNK_BYTES)


class _Refused(Exception):
    """What the fast read does not decide itself (a duplicate key, deep nesting, a fault, a second
    document): the member is read again by the event reader, whose answer is the reference."""


def _refuse_constant(name: str) -> Any:
    raise _Refused(name)  # NaN and Infinity: orjson and ijson refuse them, Python's decoder would not


def _wide_int(text: str) -> Any:
    # Whole numbers outside int64/uint64 become floats, as orjson reads them.
    if len(text) < 19:
        return int(text)
    value = int(text)
    return value if _INT_RANGE[0] <= value <= _INT_RANGE[1] else float(value)


def _finite(text: str) -> float:
    value = float(text)
    if value in _INFINITE:  # orjson refuses a number too large for a float
        raise _Refused("infinite")
    return value


class _LostKey(_Refused):
    """A key written twice in an object."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    built = dict(pairs)
    if len(built) != len(pairs):
        raise _LostKey("duplicate key")
    return built


def _scanners() -> tuple[Callable[[str, int], tuple[Any, int]], ...]:
    """Python's own decoder (its C scanner) builds the values: a batch of list items as dicts, the
    same with each object as the tuple of its pairs (so that the pairs written can be counted
    against the keys kept), and everything else refusing a duplicate key as it builds. New ones for
    each read: a scanner keeps a table of the keys it has seen while it runs."""
    decoders = (json.JSONDecoder(parse_int=_wide_int, parse_float=_finite, parse_constant=_refuse_constant,
                                 object_pairs_hook=hook) for hook in (None, tuple, _unique_keys))
    return tuple(decoder.scan_once for decoder in decoders)  # type: ignore[attr-defined]  # not in the stubs


#: Proper prefixes of the streamed places: the objects on the way to a section list, read key by key.
_ON_THE_WAY = {key[:n] for key in STREAMED for n in range(len(key))}

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_IN_A_NUMBER = frozenset("0123456789.eE+-")
_SCALARS = {str, int, float, bool, type(None)}
#: About how much text of a section list is parsed at once (see ``_Fast``).
_BATCH_CHARS = 1 << 20
#: Nesting past this is left to the event reader, which applies ``MAX_DEPTH`` exactly.
_DEEP = MAX_DEPTH - 16
#: A value outside the section lists not complete in this many characters is left to the event reader
#: (so that a fault near the start does not hold the rest of the member as text).
_LONGEST = 16 * 1024 * 1024


def _too_deep(value: Any, level: int) -> bool:
    """Whether a container inside ``value`` (at nesting ``level``) sits deeper than ``_DEEP``."""
    stack = [(value, level)]
    while stack:
        node, at = stack.pop()
        if at > _DEEP:
            return True
        if type(node) is dict:
            stack.extend((v, at + 1) for v in node.values() if type(v) is dict or type(v) is list)
        else:
            stack.extend((v, at + 1) for v in node if type(v) is dict or type(v) is list)
    return False


class _Fast:
    """Reads the document with section list items built in C, a batch at a time.

    Python's JSON scanner builds the values; this class walks only the objects on the way to a
    section list, key by key. A list at a streamed place is cut into batches of about a MiB of text,
    each ending at an item that is an object (``},``): the batch text between brackets parses as an
    array only when the cut is between two items of the list (a cut inside a string leaves it
    unterminated, a cut inside an item leaves it unclosed), so a parsed batch holds exactly the
    list's next items. When a cut does not parse, the items up to it are read one at a time.

    Duplicate keys: where every item is an object with no object or list among its values, they are
    counted. With no backslash in the text, the quotes count the strings written, keys and text values;
    a lost key is one more string written than kept. With a backslash, the batch is built again with
    each object as the tuple of the pairs written, and a lost key is one more pair written than kept.
    Otherwise the batch is built again with each object's keys checked as it is built. A batch with a
    lost key, or an item read alone with one, is built from ijson's events by ``_Reader``, which notes
    what was lost as it does reading the member; a lost key outside the lists sends the member to
    ``_Reader``.
    Anything this reader does not decide (a lost key, nesting near the limit, any fault, content after
    the document) raises ``_Refused`` or the fault itself, and the event reader reads the member.
    """

    def __init__(self, member: str, source: _Checked, chunk_items: int) -> None:
        self.member = member
        self.source = source
        self.reader = _Reader(member, chunk_items)
        self._plain, self._pairs, self._checked = _scanners()
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.text = ""
        self.pos = 0
        self.dropped = 0  # characters of the member before ``text``
        self.bad = 0      # (character offsets) no cut at or past ``bad`` is tried before the read passes it,
        self.wait = 0     # and none at all before ``wait``
        self.eof = False
        self.bom = False

    def document(self) -> Any:
        head = self.source.read(len(UTF8_BOM))
        if head == UTF8_BOM:
            self.bom = True
            head = b""
        self.text = self.decoder.decode(head)
        try:
            document = self._value((), 1)
        except RecursionError:  # Python's scanner nests in C as deep as the interpreter lets it
            raise _Refused("deep") from None
        if self._next() != "":
            raise _Refused("content after the document")
        self.source.finish()
        return document

    def _more(self) -> None:
        """Read the next block of the member onto the text, dropping what is read."""
        if self.eof:
            raise _Refused("end of the member")
        block = self.source.read(CHUNK_BYTES)
        self.eof = not block
        self.text = self.text[self.pos:] + self.decoder.decode(block, final=self.eof)
        self.dropped += self.pos
        self.pos = 0

    def _next(self) -> str:
        """The next character that is not whitespace (moved to), or ``""`` at the end."""
        while True:
            self.pos = _WHITESPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]  # matches ""
            if self.pos < len(self.text):
                return self.text[self.pos]
            if self.eof:
                return ""
            self._more()

    def _scan(self, level: int, item: bool = False) -> Any:
        """One whole value at ``pos``, its keys checked, read further until it is complete. An ``item``
        of a section list with a lost key is built by the event reader's builder (see ``_by_events``)."""
        self._next()
        scan = self._checked
        while True:
            try:
                value, end = scan(self.text, self.pos)
            except _LostKey:
                if not item:
                    raise
                scan = self._pairs  # only to find where the item ends
                continue
            except (ValueError, StopIteration):
                end = -1
            if end != -1 and (self.eof or end < len(self.text) and (
                    type(value) is not int and type(value) is not float or self.text[end] not in _IN_A_NUMBER)):
                break  # (a number ending where the text ends, or at a "." or "e", may go on in the next block)
            held = len(self.text) - self.pos
            if self.eof or held > _LONGEST:
                raise _Refused("not one value")
            self._more()
            while len(self.text) - self.pos < 2 * held and not self.eof:  # doubling: linear in the value's length
                self._more()
        if scan is self._pairs:
            value = self._by_events(self.text[self.pos:end], level)
        self.pos = end
        if (type(value) is dict or type(value) is list) and _too_deep(value, level):
            raise _Refused("deep")
        return value

    def _by_events(self, text: str, level: int) -> Any:
        """The value written in ``text``, built from ijson's events by ``_Reader``, which keeps what a
        key written twice lost (filed with its slice, or at the end, as when it reads the member)."""
        return self.reader.read(ijson_parser.basic_parse(io.BytesIO(text.encode()), use_float=True),
                                level - 1, top=False)

    def _value(self, path: tuple[str, ...], level: int) -> Any:
        first = self._next()
        if first == "{" and path in _ON_THE_WAY:
            return self._object(path, level)
        if first == "[" and path in STREAMED:
            return self._list(STREAMED[path], path, level)
        return self._scan(level)

    def _object(self, path: tuple[str, ...], level: int) -> dict[str, Any]:
        built: dict[str, Any] = {}
        self.pos += 1
        if self._next() == "}":
            self.pos += 1
            return built
        while True:
            if self._next() != '"':
                raise _Refused("a key expected")
            key = self._scan(level)
            if key in built:
                raise _Refused("duplicate key")
            if self._next() != ":":
                raise _Refused("a colon expected")
            self.pos += 1
            built[key] = self._value((*path, key), level + 1)
            after = self._next()
            self.pos += 1
            if after == "}":
                return built
            if after != ",":
                raise _Refused("a comma expected")

    def _list(self, place: JsonPlace, path: tuple[str, ...], level: int) -> Any:
        buffer = _Buffer(place, "".join(f"/{esc(t)}" for t in path))
        self.pos += 1
        if self._next() == "]":
            self.pos += 1
            return self.reader._close(buffer)
        while True:
            items = self._batch(level + 1, buffer)
            if isinstance(items, TypedBatch):
                self.reader._flush_typed(buffer, items)
            else:
                self._add(buffer, [self._scan(level + 1, item=True)] if items is None else items)
            after = self._next()
            self.pos += 1
            if after == "]":
                return self.reader._close(buffer)
            if after != ",":
                raise _Refused("a comma expected")
            self._next()

    def _batch(self, level: int, buffer: _Buffer) -> list[Any] | TypedBatch | None:
        """The next items of the list up to a cut about a MiB on, or None: then one item is read alone.

        Each cut tried costs a parse up to it, so after one that does not parse no cut at or past it is
        tried until the read has passed it (and, for a cut before the list's first ``]``, none at all):
        the time stays linear whatever the strings hold."""
        while len(self.text) - self.pos < _BATCH_CHARS and not self.eof:
            self._more()
        text, start, here = self.text, self.pos, self.dropped + self.pos
        if here < self.wait:
            return None
        stop = min(len(text), start + _BATCH_CHARS)
        if here < self.bad:
            stop = min(stop, self.bad - self.dropped)
        close = text.find("]", start, stop)  # the list ends at or after it
        tries = [(stop, True)] if here >= self.bad else []
        if close >= 0 or not tries:
            tries.append((close if close >= 0 else stop, False))
        for limit, wide in tries:
            cut = text.rfind("},", start, limit) if limit > start else -1
            if cut < 0:
                if wide:
                    self.wait = self.dropped + stop  # nothing to cut at in reach: one item at a time
                continue
            part = text[start:cut + 1]
            if buffer.typed:
                typed = read_batch(buffer.typed, f"[{part}]")
                if typed is not None:
                    self.pos = cut + 1
                    return typed
            items = self._items(part, level)
            if items is not None:
                self.pos = cut + 1
                if buffer.typed is None:
                    buffer.tries += 1
                    buffer.typed = _typed_plan(buffer.place, items) or (False if buffer.tries >= _TRIES else None)
                return items
            if wide:
                self.bad = self.dropped + cut
            else:
                self.wait = self.dropped + cut
        return None

    def _items(self, part: str, level: int) -> list[Any] | None:
        """The items written in ``part`` (text between two items of a list), or None if it is not that."""
        items: list[Any]
        try:
            items, end = self._plain(f"[{part}]", 0)
        except (ValueError, StopIteration):
            return None
        if end != len(part) + 2:
            return None
        if "\\" not in part and set(map(type, items)) == {dict}:
            # Without a backslash every '"' opens or closes a string: there are as many strings as keys
            # and text values written. A lost key is one more key (and maybe more text) written than kept.
            kinds = list(map(type, chain.from_iterable(map(dict.values, items))))
            if set(kinds) <= _SCALARS and part.count('"') == 2 * (sum(map(len, items)) + kinds.count(str)):
                return items
        written = self._pairs(f"[{part}]", 0)[0]
        if set(map(type, written)) == {tuple}:  # every item an object: a tuple of the pairs written
            items = list(map(dict, written))
            kinds = list(map(type, chain.from_iterable(map(dict.values, items))))
            if set(kinds) <= _SCALARS and sum(map(len, items)) == sum(map(len, written)):
                return items
        # An item that is not an object, or holds one or a list: built again, each object's keys
        # checked as it is built. A batch with a lost key is built by the event reader's builder,
        # which remembers what was lost where (filed with the slice, as when it reads the member).
        checked: list[Any]
        try:
            checked = self._checked(f"[{part}]", 0)[0]
        except _LostKey:
            checked = self._by_events(f"[{part}]", level - 1)
        if _too_deep(checked, level - 1):
            raise _Refused("deep")
        return checked

    def _add(self, buffer: _Buffer, items: list[Any]) -> None:
        """Append to the open slice, handing full slices on as the event reader does item by item."""
        chunk = self.reader.chunk
        at = 0
        while at < len(items):
            if len(buffer) >= chunk:
                self.reader._flush(buffer)
            take = min(chunk - len(buffer), len(items) - at)
            buffer.extend(items[at:at + take])
            at += take


#: General batches of a list that may find its key set for ``read.typed`` before it stops trying.
_TRIES = 3


def _typed_plan(place: JsonPlace, items: list[Any]) -> TypedPlan | None:
    """How ``read.typed`` reads the rest of a list whose batch ``items`` went the general way: by the
    key set most of its objects are written under, when it has a plan for it (a batch of other items
    then goes the general way). (A list of which a batch is read typed is a ``StreamedList`` however
    short; it still equals a plain list of the same items.)"""
    if place.constants:
        return None
    shapes = Counter(tuple(item) for item in items if type(item) is dict)
    if not shapes:
        return None
    return typed_plan(SECTIONS[place.section_id].model, shapes.most_common(1)[0][0])


#: What makes the fast read hand a member to the event reader.
_UNDECIDED = (_Refused, CorruptInput, JSONError, json.JSONDecodeError, UnicodeError, RecursionError, OverflowError,
              OSError, EOFError, zlib.error, zipfile.BadZipFile)


def read_streamed(member: Member, out: Collector, chunk_items: int) -> Any:
    """The document of a large JSON member, read again from the input, its section lists checked
    ``chunk_items`` at a time.

    ``CorruptInput`` when not even a first document reads, as ``json_doc.decode_document``, and when
    what is read again is not what was read first.
    """
    assert member.reread is not None
    fast: _Fast | None = None
    try:
        with member.reread.open() as raw:
            fast = _Fast(member.name, _Checked(member, raw), chunk_items)
            document = fast.document()
    except _UNDECIDED:
        # What the fast read does not decide (a lost key outside the lists, NaN, deep nesting, bytes that
        # are not UTF-8, a damaged or changed member), the event reader decides, with its own messages.
        # Only these: a fault of the fast reader's own code is a bug to see, not a detour to hide.
        fast = None
    if fast is not None:
        if fast.bom:
            out.note(member.name, BOM_NOTE)
        if fast.reader.any_lost:
            file_duplicates(member.name, fast.reader._dropped_in(document, ""), out)
        return document
    for parser in (ijson_parser, python_parser):
        try:
            with member.reread.open() as raw:
                source = _Checked(member, raw)
                document = _parse(member.name, source, out, chunk_items, parser)
                source.finish()
        except _WholeNumberTooLarge:
            continue
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            raise _damaged(member.name, f"it could not be unpacked again: {type(error).__name__}") from None
        return document
    raise AssertionError("the Python parser reads every whole number")  # pragma: no cover


class _WholeNumberTooLarge(Exception):
    """The C parser met a whole number outside 64 bits, which orjson reads (as a float past 2**64)."""


def _parse(member: str, source: _Checked, out: Collector, chunk_items: int, parser: Any = ijson_parser) -> Any:
    head = source.read(len(UTF8_BOM))
    bom = head == UTF8_BOM
    if bom:
        head = b""
    reader = _Reader(member, chunk_items)
    second = False
    try:
        document = reader.read(parser.basic_parse(_Prefixed(head, source), use_float=True))
    except JSONError as error:
        if not reader.done:
            # yajl refuses whole numbers from 2**63 up as an "integer overflow"; the whole read takes
            # them (floats past 2**64, as orjson), so the member is read again by ijson's Python parser.
            if parser is not python_parser and "integer overflow" in str(error):
                raise _WholeNumberTooLarge from None
            raise _damaged(member, _first_line(error)) from None
        document = reader.root[0]
        second = True
    except UnicodeDecodeError as error:
        raise _damaged(member, f"bytes that are not UTF-8 ({error.reason})") from None
    # Noted only once the read has succeeded, so a member read again is not noted twice.
    if bom:
        out.note(member, BOM_NOTE)
    if second:
        out.note(member, SECOND_DOCUMENT_NOTE)
    if reader.any_lost:
        file_duplicates(member, reader._dropped_in(document, ""), out)
    return document


class _Prefixed:
    """``head`` (bytes already read), then the rest of ``source``."""

    def __init__(self, head: bytes, source: _Checked) -> None:
        self.head = head
        self.source = source

    def read(self, size: int = -1) -> bytes:
        if self.head and size != 0:
            head, self.head = self.head, b""
            return head
        return self.source.read(size)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
