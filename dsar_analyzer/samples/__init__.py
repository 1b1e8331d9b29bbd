"""Deterministic synthetic TikTok exports for every generation and both formats, with the records they must parse to.

Each sample is built in two steps. First a format-neutral set of records is drawn for one child from
``random.Random`` seeded with ``(seed, username, section)``, never from the clock, so the same
arguments always give byte-identical files and changing one section's count leaves the others as
they were. Then a writer for the requested generation renders those records with that generation's
container paths, key spellings, timestamp forms and empty-section encodings. While writing, every
raw item is also validated with its section's record model (after adding what the parser adds: the
chat partner, the LIVE room id, the flattened setting name), which gives ``SampleExport.expected``.

Everything is fake: usernames ``sample_child_a`` / ``sample_friend_07``, addresses at
``example.com``, IPs from the documentation ranges 192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24,
phone numbers ``+3160000xxxx``, 19-digit ids with a run of zeros in the middle.

Generations:

* JSON ``G2`` (``user_data.json``, ``Activity`` root, ``VideoLink``, logins with `` UTC``), ``G3``
  (11 top-level keys, lower-case likes), ``G3-us`` (only ``Profile`` with follower lists, and
  ``Video``), ``G3-activity-only`` (one ``Activity`` key with favourites, likes, comments, reviews),
  ``G4`` (``Your Activity`` root, stored under ``TikTok_Data_1735588272/`` in the zip) and ``G5``
  (ten categories, comment dates with `` UTC``, ``Off TikTok Activity`` written twice).
* TXT ``txt-2020`` (``Activity/Video Browsing History.txt`` with ``Video Link:``), ``txt-2023``
  (``TikTok_Data_1735588272/Tiktok/<Category>/``, ``Browsing History.txt``, logins with `` UTC``) and
  ``txt-2025`` (``TikTok/<Category>/``, `` UTC`` on every timestamp). Each TXT sample also holds one
  file with only the "no data" sentence and one 0-byte file; neither gives records.

Dutch exists only as ``txt-2025`` with ``language="nl"``. It holds only the sections whose Dutch
file name is in ``txt_table`` *and* whose every key has a Dutch (or shared) spelling on the model:
watch history, likes, searches, shares, comments, followers, following, off-TikTok activity and
direct messages. The folder names and the chat header line are not known in Dutch; the folders are
made-up Dutch names and the chat header stays English.

Decisions where the format reference is silent: later TXT profiles write ``Birth Date:`` as
``DD-Mon-YYYY`` like JSON; a TXT photo post's ``Link:`` is its first image and the unprefixed lines
after it become ``image_urls``; a multi-line direct message is one record whose lines are joined
with ``\\n``; 2020 TXT posts carry only ``Date``, ``Link`` and ``Like(s)`` and no photo post (photo
mode came later); JSON chats list messages oldest first.

``world`` draws the records; ``json_writer`` and ``txt_writer`` render them per generation.

May import: errors, records.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import orjson

from dsar_analyzer.samples.json_writer import JsonWriter
from dsar_analyzer.samples.txt_writer import TxtWriter
from dsar_analyzer.samples.world import (
    DEFAULT_COUNTS,
    GENERATIONS_JSON,
    GENERATIONS_TXT,
    UTC,
    WRAPPER,
    Child,
    SampleExport,
    World,
    family,
)

__all__ = [
    "DEFAULT_COUNTS",
    "GENERATIONS_JSON",
    "GENERATIONS_TXT",
    "Child",
    "SampleExport",
    "family",
    "generate",
    "write_samples",
]


# -- public API ---------------------------------------------------------------------------------

def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def generate(
    generation: str,
    *,
    language: str = "en",
    child: Child | None = None,
    seed: int = 0,
    start: datetime = datetime(2019, 6, 1, tzinfo=UTC),
    end: datetime = datetime(2021, 6, 30, tzinfo=UTC),
    counts: Mapping[str, int] | None = None,
) -> SampleExport:
    """Build one synthetic export of ``generation`` for ``child`` (default: child A of ``family()``).

    ``counts`` overrides entries of ``DEFAULT_COUNTS``; a count of 0 writes the section empty the way
    the generation does and leaves it out of ``expected``. Timestamps fall between ``start`` and
    ``end`` (naive datetimes are taken as UTC). Dutch is only available for ``txt-2025``.
    """
    if generation not in GENERATIONS_JSON + GENERATIONS_TXT:
        raise ValueError(f"unknown generation {generation!r}; choose from {GENERATIONS_JSON + GENERATIONS_TXT}")
    if language not in ("en", "nl"):
        raise ValueError(f"unknown language {language!r}; choose 'en' or 'nl'")
    if language == "nl" and generation != "txt-2025":
        raise ValueError("Dutch samples exist only for generation 'txt-2025'")
    merged = dict(DEFAULT_COUNTS)
    for section, n in (counts or {}).items():
        if section not in DEFAULT_COUNTS:
            raise ValueError(f"no count can be set for {section!r}; countable: {sorted(DEFAULT_COUNTS)}")
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise ValueError(f"count for {section!r} must be a non-negative int, got {n!r}")
        merged[section] = n
    start, end = _utc(start), _utc(end)
    if not start < end:
        raise ValueError("start must be before end")
    child = child or family()[0]
    world = World(child, seed, start, end, merged)
    name = f"{generation.lower()}-{language}-{child.username}"

    if generation in GENERATIONS_JSON:
        writer = JsonWriter(world, generation)
        document = writer.document()
        member = "user_data.json" if generation == "G2" else "user_data_tiktok.json"
        if generation == "G4":
            member = f"{WRAPPER}/{member}"
        members = {member: orjson.dumps(document, option=orjson.OPT_INDENT_2)}
        return SampleExport(name, "json", generation, language, members, writer.out.expected,
                            writer.out.empty_sections())

    txt = TxtWriter(world, generation, language)
    txt.build()
    return SampleExport(name, "txt", generation, language, txt.members, txt.out.expected, txt.out.empty_sections())


def bundled_samples() -> list[SampleExport]:
    """The set ``write_samples`` writes, in order (the family on G4/G3, then one per other generation)."""
    child_a, child_b = family()
    samples = [generate("G4", child=child_a, seed=1), generate("G3", child=child_b, seed=2)]
    others: list[tuple[str, str]] = [("G2", "en"), ("G3-us", "en"), ("G3-activity-only", "en"), ("G5", "en"),
                                     ("txt-2020", "en"), ("txt-2023", "en"), ("txt-2025", "en"), ("txt-2025", "nl")]
    for offset, (generation, language) in enumerate(others, start=3):
        samples.append(generate(generation, language=language, child=child_a, seed=offset))
    return samples


def write_samples(folder: Path) -> list[Path]:
    """Write the bundled samples as ``<name>.zip`` files plus ``g5-en-unzipped/``; return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    g5: SampleExport | None = None
    for sample in bundled_samples():
        target = folder / f"{sample.name}.zip"
        target.write_bytes(sample.zip_bytes())
        paths.append(target)
        if sample.generation == "G5":
            g5 = sample
    assert g5 is not None
    unzipped = folder / "g5-en-unzipped"
    for member, data in g5.members.items():
        target = unzipped.joinpath(*member.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    paths.append(unzipped)
    return paths
