"""Walk a decoded TikTok JSON document with the section table and hand every item to the collector.

Every top-level key and every container below it ends up parsed, empty, ignored with a reason or
unrecognised (with its item count); nothing is skipped silently.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

import orjson

from dsar_analyzer.read.collect import Collector, ListStage
from dsar_analyzer.read.json_table import CONTAINERS, WRAPPER_KEYS, JsonPlace, Shape
from dsar_analyzer.records.export import escape_pointer_token as esc
from dsar_analyzer.records.values import is_no_value


class StreamedList:
    """A section list of a streamed member (``json_stream``), already checked: filed in its place.

    Two are equal when their items are (compared by a digest of the items written with sorted keys:
    values Python calls equal but writes differently, ``1`` and ``1.0``, are not taken for a copy); so
    are one and a plain list of the same items (a copy of a section may be short enough to stay one).
    The digest may be given as a function that finishes it, run the first time it is asked for (only
    a list compared with one of the same length is).
    """

    __slots__ = ("stage", "length", "_digest", "dropped")

    def __init__(self, stage: ListStage, length: int, digest: str | Callable[[], str],
                 dropped: tuple[tuple[str, int], ...]) -> None:
        self.stage = stage
        self.length = length
        self._digest = digest
        #: Values duplicate keys lost inside the items: (JSON pointer, item count).
        self.dropped = dropped

    @property
    def digest(self) -> str:
        if not isinstance(self._digest, str):
            self._digest = self._digest()
        return self._digest

    def __len__(self) -> int:
        return self.length

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list):
            return self.length == len(other) and self.digest == list_digest(other)
        return isinstance(other, StreamedList) and self.length == other.length and self.digest == other.digest

    __hash__ = None  # type: ignore[assignment]


def add_to_digest(digest: Any, written: bytes) -> None:
    """Add items written as a JSON array (``[...]``, not empty) to a list's digest: each item with a
    comma after it, so the digest does not depend on where the list was cut into slices."""
    digest.update(memoryview(written)[1:-1])
    digest.update(b",")


def list_digest(items: list[Any]) -> str | None:
    """The digest of a whole list as a ``StreamedList`` of it has it; None when orjson cannot write it
    (such a list is never taken for a copy)."""
    digest = hashlib.sha256()
    if items:
        try:
            add_to_digest(digest, orjson.dumps(items, option=orjson.OPT_SORT_KEYS))
        except TypeError:
            return None
    return digest.hexdigest()


def count_items(value: Any) -> int:
    """A fair item count for something not understood: list length, or the lists inside a map.

    Walked with a stack, not recursion: an unknown key may hold 1,000 levels of nesting.
    """
    if isinstance(value, (list, StreamedList)):
        return len(value)
    if not isinstance(value, dict):
        return 0 if is_no_value(value) else 1
    total = 0
    pending: list[dict[str, Any]] = [value]
    while pending:
        node = pending.pop()
        inner = [v for v in node.values() if isinstance(v, (list, dict, StreamedList))]
        if not inner:
            total += sum(1 for v in node.values() if not is_no_value(v))
            continue
        total += sum(len(v) for v in inner if not isinstance(v, dict))
        pending.extend(v for v in inner if isinstance(v, dict))
    return total


def _dig(node: Any, path: tuple[str, ...]) -> tuple[bool, Any]:
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return False, None
        node = node[key]
    return True, node


def _pointer(*tokens: str) -> str:
    return "".join(f"/{esc(t)}" for t in tokens)


MAX_SETTING_DEPTH = 16

#: How a key of the item itself is renamed when the parser adds a key of the same name.
ITEM_OWN_KEY = "{key} (in the item)"


def with_added(item: dict[str, Any], added: Mapping[str, Any]) -> dict[str, Any]:
    """The item plus keys the parser adds (chat partner, room id, scope); a key the item already
    holds keeps its value under ``"<key> (in the item)"``, an unrecognised field, never overwritten."""
    clash = [key for key in added if key in item]
    if not clash:
        return {**item, **added}
    own = {(ITEM_OWN_KEY.format(key=k) if k in added else k): v for k, v in item.items()}
    return {**own, **added}


def _chat_name(key: str) -> str:
    """``"Chat History with example_user:"`` -> ``example_user`` (the map key always ends with ``:``)."""
    # Group chats are keyed the same way ("Chat History with Group_Chat_<id>:", seen in a 2025 export).
    return key.removesuffix(":").removeprefix("Chat History with ")


class JsonDocumentParser:
    """Parses one JSON document member into the collector."""

    def __init__(self, member: str, collector: Collector) -> None:
        self.member = member
        self.out = collector
        self.seen_raw: dict[str, list[tuple[str, Any]]] = {}

    def where(self, pointer: str) -> str:
        return f"{self.member}#{pointer}"

    def parse(self, document: dict[str, Any]) -> None:
        for top_key, top_value in document.items():
            pointer = _pointer(top_key)
            if not any(c[0] == top_key for c in CONTAINERS):
                self.out.unrecognised(self.where(pointer), count_items(top_value), "top-level key not known")
                continue
            if not isinstance(top_value, dict):
                if is_no_value(top_value):
                    self.out.empty(None, self.where(pointer), "category present but empty")
                else:
                    self.out.unrecognised(self.where(pointer), count_items(top_value), "expected an object")
                continue
            for key, value in top_value.items():
                places = CONTAINERS.get((top_key, key))
                if places is None:
                    self.out.unrecognised(self.where(_pointer(top_key, key)), count_items(value),
                                          "section key not known")
                else:
                    self._container(places, (top_key, key), value)

    def _container(self, places: list[JsonPlace], path: tuple[str, str], value: Any) -> None:
        section_id = places[0].section_id
        pointer = _pointer(*path)
        if self._is_duplicate(section_id, pointer, value):
            return
        if not isinstance(value, dict):
            if is_no_value(value):
                self.out.empty(section_id, self.where(pointer), "section present but empty")
            else:
                self.out.unrecognised(self.where(pointer), count_items(value), "expected an object", section_id)
            return
        shape = places[0].shape
        if shape is Shape.OPAQUE:
            self._opaque(section_id, pointer, value)
            return
        if shape in (Shape.SINGLE, Shape.SETTINGS) and not places[0].items_at:
            self._single(places[0], pointer, value)
            return
        used = {p.items_at[0] for p in places if p.items_at}
        for place in places:
            self._place(place, pointer, value)
        for key, sibling in value.items():
            if key in used:
                continue
            where = self.where(_pointer(*path, key))
            if key in WRAPPER_KEYS:
                self.out.ignore(section_id, where, WRAPPER_KEYS[key])
            elif shape is Shape.SETTINGS:
                self.out.add_items(section_id, member=self.member, base=pointer, where=where,
                                   items=[{"scope": place_scope(places[0]), "name": key, "value": sibling}],
                                   locators=[f"/{esc(key)}"])
            else:
                self.out.unrecognised(where, count_items(sibling), "key next to the list not known", section_id)

    def _is_duplicate(self, section_id: str, pointer: str, value: Any) -> bool:
        """G5 writes Off TikTok Activity twice; an identical second copy is ignored, not doubled."""
        earlier = self.seen_raw.setdefault(section_id, [])
        for first_pointer, first_value in earlier:
            try:
                same = first_value == value
            except RecursionError:  # nested past the interpreter's limit: not shown to be a copy
                same = False
            if same and not is_no_value(value):
                self.out.ignore(section_id, self.where(pointer),
                                f"identical copy of {first_pointer}; its records are counted once",
                                items=count_items(value))
                return True
        earlier.append((pointer, value))
        return False

    def _opaque(self, section_id: str, pointer: str, value: dict[str, Any]) -> None:
        if all(is_no_value(v) for v in value.values()):
            self.out.empty(section_id, self.where(pointer), "section present but empty")
            return
        for key, inner in value.items():
            self.out.unrecognised(self.where(f"{pointer}/{esc(key)}"), count_items(inner),
                                  "this section has never been seen filled; its layout is not known", section_id)

    def _single(self, place: JsonPlace, pointer: str, value: Any) -> None:
        where = self.where(pointer)
        if place.shape is Shape.SETTINGS:
            self._settings(place, pointer, value)
        elif not isinstance(value, dict):  # one record expected, something else found: invalid, not dropped
            self.out.add_items(place.section_id, member=self.member, base=None, where=where, items=[value],
                               locators=[pointer])
        elif all(is_no_value(v) for v in value.values()):
            self.out.add_items(place.section_id, member=self.member, base=None, where=where, items=[],
                               locators=[], ignored=1, reason="every value is empty (N/A, None or blank)")
        else:
            self.out.add_items(place.section_id, member=self.member, base=None, where=where,
                               items=[with_added(value, place.constants)], locators=[pointer])

    def _place(self, place: JsonPlace, container_pointer: str, container: dict[str, Any]) -> None:
        found, value = _dig(container, place.items_at)
        pointer = container_pointer + _pointer(*place.items_at)
        where = self.where(pointer)
        if not found or is_no_value(value):
            self.out.empty(place.section_id, where, "list key missing" if not found else "list is empty")
            return
        if place.shape is Shape.SINGLE:
            self._single(place, pointer, value)
        elif place.shape is Shape.SETTINGS:
            self._settings(place, pointer, value)
        elif place.shape is Shape.LIST and isinstance(value, list):
            items = value if not place.constants else [
                with_added(i, place.constants) if isinstance(i, dict) else i for i in value]
            self.out.add_items(place.section_id, member=self.member, base=pointer, where=where, items=items,
                               locators=range(len(value)))
        elif place.shape is Shape.LIST and isinstance(value, StreamedList):
            self.out.file(value.stage, where)
        elif place.shape is Shape.KEYED and isinstance(value, dict):
            keys = list(value)
            items = [with_added(v, {str(place.key_field): k}) if isinstance(v, dict) else v for k, v in value.items()]
            self.out.add_items(place.section_id, member=self.member, base=pointer, where=where, items=items,
                               locators=[f"/{esc(k)}" for k in keys])
        elif place.shape is Shape.KEYED_LISTS and isinstance(value, dict):
            self._keyed_lists(place, pointer, value)
        elif place.shape is Shape.TITLED_CHATS and isinstance(value, list):
            self._titled_chats(place, pointer, value)
        else:
            self.out.unrecognised(where, count_items(value), f"expected a {place.shape.value} here",
                                  place.section_id)

    def _keyed_lists(self, place: JsonPlace, pointer: str, value: dict[str, Any]) -> None:
        items: list[Any] = []
        locators: list[str] = []
        for key, inner in value.items():
            if not isinstance(inner, list):
                if is_no_value(inner):
                    self.out.empty(place.section_id, self.where(f"{pointer}/{esc(key)}"), "no items under this key")
                    continue
                items.append(inner)
                locators.append(f"/{esc(key)}")
                continue
            name = _chat_name(key) if place.key_field == "conversation" else key
            for i, item in enumerate(inner):
                items.append(with_added(item, {str(place.key_field): name}) if isinstance(item, dict) else item)
                locators.append(f"/{esc(key)}/{i}")
        self.out.add_items(place.section_id, member=self.member, base=pointer, where=self.where(pointer),
                           items=items, locators=locators)

    def _titled_chats(self, place: JsonPlace, pointer: str, chats: list[Any]) -> None:
        items: list[Any] = []
        locators: list[str] = []
        for c, chat in enumerate(chats):
            messages = chat.get("Messages") if isinstance(chat, dict) else None
            if not isinstance(messages, list):
                items.append(chat)
                locators.append(f"/{c}")
                continue
            for key in chat:
                if key not in ("Chat Title", "Messages"):
                    self.out.unrecognised(self.where(f"{pointer}/{c}/{esc(key)}"), count_items(chat[key]),
                                          "key next to the messages not known", place.section_id)
            for m, message in enumerate(messages):
                items.append(with_added(message, {"chat_title": chat.get("Chat Title")}) if isinstance(message, dict)
                             else message)
                locators.append(f"/{c}/Messages/{m}")
        self.out.add_items(place.section_id, member=self.member, base=pointer, where=self.where(pointer),
                           items=items, locators=locators)

    def _settings(self, place: JsonPlace, pointer: str, value: Any) -> None:
        items: list[dict[str, Any]] = []
        locators: list[str] = []
        scope = place_scope(place)

        def walk(node: dict[str, Any], prefix: str, suffix: str, depth: int = 0) -> None:
            for key, inner in node.items():
                name = f"{prefix}{key}"
                loc = f"{suffix}/{esc(key)}"
                # Real settings nest two or three levels; deeper maps stay one value (and an
                # invalid item if too deep for the model) instead of exhausting the stack.
                if isinstance(inner, dict) and inner and depth < MAX_SETTING_DEPTH:
                    walk(inner, f"{name} / ", loc, depth + 1)
                else:
                    items.append({"scope": scope, "name": name, "value": inner})
                    locators.append(loc)

        if isinstance(value, dict):
            walk(value, "", "")
        else:
            items.append({"scope": scope, "name": "", "value": value})
            locators.append("")
        self.out.add_items(place.section_id, member=self.member, base=pointer, where=self.where(pointer),
                           items=items, locators=locators)


def place_scope(place: JsonPlace) -> str:
    return place.constants.get("scope", "")
