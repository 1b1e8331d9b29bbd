"""Read TikTok TXT files ("Key: value" blocks, settings lists, chat logs) into raw items with line ranges.

The TXT format has no structure guarantees, so parsing is line-oriented and every line ends up in
a record, as a continuation of a value, or counted as an unrecognised line. Quirks handled, with
the exports they were seen in: empty values written as ``Key: `` with a trailing space (all years);
photo posts listing extra image URLs on unprefixed lines after ``Link:`` (2024); chat headers with a
double colon ``>>> Chat History with <name>::`` and multi-line messages (2023-2026); `` UTC`` after
times (2025-26); files that say "You have no data in this section" instead of being empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from dsar_analyzer.read.collect import Collector
from dsar_analyzer.read.txt_table import EMPTY_SENTENCES, Layout, TxtFile
from dsar_analyzer.read.validate import alias_index
from dsar_analyzer.records.registry import SECTIONS

_KEY_LIKE = re.compile(r"^[^\W\d_][\w ()'’\-/.,&+]{0,60}$")
_CHAT_HEADER = re.compile(r"^>>>\s?(.*?)::?\s*$")
_CHAT_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?: UTC)?) (.*)$")
_CHAT_PREFIXES = ("Chat History with ",)

#: Sections whose first value line is followed by extra URLs: (key, field for the extra lines).
_EXTRA_URL_LINES = {"posts": ("link", "image_urls"), "deleted_posts": ("link", "image_urls")}


def decode(data: bytes, where: str, out: Collector) -> str:
    """UTF-8 text with BOM and CRLF removed; replaced bytes and both quirks are noted, not fatal."""
    had_bom = data.startswith(b"\xef\xbb\xbf")
    if had_bom:
        out.note(where, "file starts with a UTF-8 byte order mark (removed)")
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        text = data.decode("utf-8", errors="replace")
        offset = error.start + (3 if had_bom else 0)
        out.note(where, f"bytes that are not valid UTF-8 were replaced (first at byte {offset})")
    if "\r" in text:
        out.note(where, "file uses Windows (CRLF) line ends")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _key_value(line: str) -> tuple[str, str] | None:
    key, sep, value = line.partition(": ")
    if sep:
        return key.strip(), value.rstrip()
    if line.endswith(":") and ": " not in line:
        return line[:-1].strip(), ""
    return None


def _blocks(lines: list[str]) -> Iterator[tuple[int, int, list[str]]]:
    """Runs of non-blank lines as (first line number, last line number, lines); numbers from 1."""
    start = None
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if start is None:
                start = number
        elif start is not None:
            yield start, number - 1, lines[start - 1:number - 1]
            start = None
    if start is not None:
        yield start, len(lines), lines[start - 1:]


class TxtMemberParser:
    """Parses one TXT member whose section is known from its file name."""

    def __init__(self, member: str, spec: TxtFile, out: Collector) -> None:
        self.member = member
        self.spec = spec
        self.out = out
        self.known = set(alias_index(SECTIONS[spec.section_id].model)[1])
        self.unrecognised_lines: list[tuple[int, int]] = []

    def parse(self, data: bytes) -> None:
        text = decode(data, self.member, self.out)
        if not text.strip():
            self.out.empty(self.spec.section_id, self.member, "file is empty")
            return
        if text.strip().casefold() in EMPTY_SENTENCES:
            self.out.empty(self.spec.section_id, self.member, "TikTok wrote that this section has no data")
            return
        lines = text.split("\n")
        layout = self.spec.layout
        if layout is Layout.CHAT:
            items, locators = self._chat(lines)
        elif layout is Layout.SETTINGS:
            items, locators = self._settings(lines)
        elif layout is Layout.SINGLE:
            items, locators = self._single(lines)
        else:
            items, locators = self._records(lines)
        self.out.add_items(self.spec.section_id, member=self.member, base=None, where=self.member,
                           items=items, locators=locators)
        for first, last in self.unrecognised_lines:
            self.out.unrecognised(f"{self.member}:{first}-{last}", last - first + 1,
                                  "line not understood", self.spec.section_id)

    def _is_key(self, key: str) -> bool:
        return key.casefold() in self.known or (bool(_KEY_LIKE.match(key)) and not key.lower().startswith("http"))

    def _records(self, lines: list[str]) -> tuple[list[dict[str, Any]], list[tuple[int, int]]]:
        items: list[dict[str, Any]] = []
        locators: list[tuple[int, int]] = []
        for first, last, block in _blocks(lines):
            # Values are collected as lists of lines and joined once: a value continued over
            # 300,000 lines must cost one pass, not a copy of the growing text per line.
            item: dict[str, list[str]] = {}
            item_first = first
            last_key: str | None = None
            for offset, line in enumerate(block):
                number = first + offset
                pair = _key_value(line)
                if pair and self._is_key(pair[0]):
                    if pair[0] in item:  # a key repeats: a blank line between records is missing
                        items.append(self._finish(item))
                        locators.append((item_first, number - 1))
                        item, item_first = {}, number
                    item[pair[0]] = [pair[1]]
                    last_key = pair[0]
                elif last_key is not None:
                    item[last_key].append(line.rstrip())
                else:
                    self.unrecognised_lines.append((number, number))
            if item:
                items.append(self._finish(item))
                locators.append((item_first, last))
        return items, locators

    def _finish(self, parts: dict[str, list[str]]) -> dict[str, Any]:
        item: dict[str, Any] = {key: "\n".join(lines) for key, lines in parts.items()}
        split = _EXTRA_URL_LINES.get(self.spec.section_id)
        if split:
            for key, value in list(item.items()):
                if key.casefold() == split[0] and "\n" in value:
                    first, *rest = value.split("\n")
                    item[key] = first
                    item[split[1]] = [r.strip() for r in rest if r.strip()]
        return item

    def _single(self, lines: list[str]) -> tuple[list[dict[str, Any]], list[tuple[int, int]]]:
        merged: dict[str, Any] = {}
        span = [0, 0]
        for item, (first, last) in zip(*self._records(lines)):
            for key, value in item.items():
                merged[key if key not in merged else f"{key} (line {first})"] = value
            span = [span[0] or first, last]
        return ([merged], [(span[0], span[1])]) if merged else ([], [])

    def _settings(self, lines: list[str]) -> tuple[list[dict[str, Any]], list[tuple[int, int]]]:
        name = self.member.rsplit("/", 1)[-1].casefold()
        scope = "go_live" if ("go live" in name or "live gaan" in name) else (
            "watch_live" if ("watch live" in name or "live bekijken" in name) else "app")
        items: list[dict[str, Any]] = []
        locators: list[tuple[int, int]] = []
        group = ""
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                group = ""
                continue
            pair = _key_value(line)
            if pair is None or (line.rstrip().endswith(":") and not line.endswith(": ")):
                group = (pair[0] if pair else line.strip()) + " / "
                continue
            items.append({"scope": scope, "name": f"{group}{pair[0]}", "value": pair[1]})
            locators.append((number, number))
        return items, locators

    def _chat(self, lines: list[str]) -> tuple[list[dict[str, Any]], list[tuple[int, int]]]:
        items: list[dict[str, Any]] = []
        locators: list[tuple[int, int]] = []
        continued: list[list[str]] = []  # the lines of each message, joined once at the end
        conversation: str | None = None
        in_conversation = 0  # messages read since the last header: a continuation needs one
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            if header := _CHAT_HEADER.match(line):
                conversation = header.group(1)
                for prefix in _CHAT_PREFIXES:
                    conversation = conversation.removeprefix(prefix)
                in_conversation = 0
                continue
            message = _CHAT_LINE.match(line) if conversation is not None else None
            if message:
                sender, sep, content = message.group(2).partition(": ")
                if not sep:
                    sender, content = sender.removesuffix(":"), ""
                items.append({"conversation": conversation, "Date": message.group(1), "From": sender})
                continued.append([content.rstrip()])
                locators.append((number, number))
                in_conversation += 1
            elif in_conversation:
                continued[-1].append(line.rstrip())
                locators[-1] = (locators[-1][0], number)
            else:
                self.unrecognised_lines.append((number, number))
        for item, content in zip(items, continued):
            item["Content"] = "\n".join(content)
        return items, locators
