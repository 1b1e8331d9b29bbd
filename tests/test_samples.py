"""The synthetic sample exports: deterministic, decodable, fake, consistent with the format tables."""

from __future__ import annotations

import io
import ipaddress
import re
import zipfile
from datetime import date, datetime, timezone

import orjson
import pytest
from pydantic import AliasChoices

from dsar_analyzer import samples
from dsar_analyzer.read.json_table import CONTAINERS, WRAPPER_KEYS
from dsar_analyzer.read.txt_table import EMPTY_SENTENCES, Layout, lookup
from dsar_analyzer.records.registry import SECTIONS
from dsar_analyzer.samples import (
    DEFAULT_COUNTS,
    GENERATIONS_JSON,
    GENERATIONS_TXT,
    Child,
    SampleExport,
    family,
    generate,
    write_samples,
)

UTC = timezone.utc
ALL = [(g, "en") for g in GENERATIONS_JSON + GENERATIONS_TXT] + [("txt-2025", "nl")]
IDS = [f"{g}-{lang}" for g, lang in ALL]
DOC_NETS = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")]
CUSTOM = {"watch_history": 7, "likes": 3, "searches": 2, "shares": 3, "logins": 2, "followers": 4, "following": 1,
          "blocked": 2, "comments": 5, "direct_messages": 5, "posts": 3, "favorite_videos": 1, "favorite_sounds": 4,
          "favorite_hashtags": 2, "hashtags_used": 1, "device_status": 1, "off_tiktok_activity": 2,
          "location_reviews": 2, "live_watch": 2}

_cache: dict[tuple[str, str], SampleExport] = {}


def sample(generation: str, language: str = "en") -> SampleExport:
    if (generation, language) not in _cache:
        _cache[(generation, language)] = generate(generation, language=language)
    return _cache[(generation, language)]


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def aliases(section_id: str) -> set[str]:
    out: set[str] = set()
    for name, info in SECTIONS[section_id].model.model_fields.items():
        alias = info.validation_alias
        out |= set(alias.choices) if isinstance(alias, AliasChoices) else {name}  # type: ignore[arg-type]
    return out


def json_doc(s: SampleExport) -> dict:
    (data,) = s.members.values()
    return orjson.loads(data)


# -- determinism -------------------------------------------------------------------------------

@pytest.mark.parametrize(("generation", "language"), ALL, ids=IDS)
def test_same_arguments_give_identical_bytes(generation: str, language: str) -> None:
    one = generate(generation, language=language, seed=7)
    two = generate(generation, language=language, seed=7)
    assert one.members == two.members
    assert list(one.members) == list(two.members)
    assert one.zip_bytes() == two.zip_bytes()
    assert one.expected == two.expected
    assert generate(generation, language=language, seed=8).members != one.members


def test_zip_holds_members_in_order_with_fixed_metadata() -> None:
    s = sample("txt-2023")
    with zipfile.ZipFile(io.BytesIO(s.zip_bytes())) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == list(s.members)
        for info in infos:
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.external_attr == 0o644 << 16
            assert archive.read(info) == s.members[info.filename]


def test_one_section_count_does_not_move_the_others() -> None:
    base = generate("G4", seed=3)
    more = generate("G4", seed=3, counts={"likes": 9})
    assert more.expected["watch_history"] == base.expected["watch_history"]
    assert len(more.expected["likes"]) == 9


# -- decoding, names, section ids --------------------------------------------------------------

@pytest.mark.parametrize(("generation", "language"), ALL, ids=IDS)
def test_members_decode(generation: str, language: str) -> None:
    s = sample(generation, language)
    assert s.name == f"{generation.lower()}-{language}-sample_child_a"
    assert s.generation == generation and s.language == language
    if generation in GENERATIONS_JSON:
        assert s.format == "json"
        (member,) = s.members
        expected_name = "user_data.json" if generation == "G2" else "user_data_tiktok.json"
        assert member == (f"TikTok_Data_1735588272/{expected_name}" if generation == "G4" else expected_name)
        assert isinstance(json_doc(s), dict)
    else:
        assert s.format == "txt"
        for name, data in s.members.items():
            assert name.endswith(".txt")
            data.decode("utf-8")
            assert b"\r" not in data


@pytest.mark.parametrize(("generation", "language"), ALL, ids=IDS)
def test_section_ids_are_registered(generation: str, language: str) -> None:
    s = sample(generation, language)
    assert s.expected
    assert set(s.expected) <= set(SECTIONS)
    assert set(s.empty_sections) <= set(SECTIONS)
    assert not set(s.empty_sections) & set(s.expected)
    for records in s.expected.values():
        assert records and all("unrecognised_fields" not in r for r in records)


@pytest.mark.parametrize(("generation", "language"), ALL, ids=IDS)
def test_expected_counts_follow_requested_counts(generation: str, language: str) -> None:
    s = generate(generation, language=language, counts=CUSTOM)
    countable = set(s.expected) & set(DEFAULT_COUNTS)
    assert countable, "every sample has countable sections"
    for section in countable:
        assert len(s.expected[section]) == CUSTOM[section], section
    default = sample(generation, language)
    for section in set(default.expected) & set(DEFAULT_COUNTS):
        assert len(default.expected[section]) == DEFAULT_COUNTS[section], section


@pytest.mark.parametrize(("generation", "language"), ALL, ids=IDS)
def test_zero_count_leaves_section_out(generation: str, language: str) -> None:
    s = generate(generation, language=language, counts={k: 0 for k in DEFAULT_COUNTS})
    assert not set(s.expected) & set(DEFAULT_COUNTS)


def test_core_sections_per_generation() -> None:
    core = {"watch_history", "likes", "followers", "following", "comments", "direct_messages", "profile",
            "settings", "logins", "posts"}
    for generation in ("G2", "G3", "G4", "G5", "txt-2020", "txt-2023", "txt-2025"):
        assert core <= set(sample(generation).expected), generation
    for generation in ("G3", "G4", "G5"):
        assert {"activity_summary", "live_watch", "location_reviews"} <= set(sample(generation).expected)
        assert "recent_location" in sample(generation).empty_sections
    assert set(sample("G3-us").expected) == {"followers", "following", "profile", "posts"}
    assert set(sample("G3-activity-only").expected) == {
        "comments", "favorite_hashtags", "favorite_sounds", "favorite_videos", "likes", "location_reviews"}


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        generate("G9")
    with pytest.raises(ValueError):
        generate("G4", language="nl")
    with pytest.raises(ValueError):
        generate("txt-2020", language="nl")
    with pytest.raises(ValueError):
        generate("G4", language="de")
    with pytest.raises(ValueError):
        generate("G4", counts={"settings": 3})
    with pytest.raises(ValueError):
        generate("G4", counts={"likes": -1})
    with pytest.raises(ValueError):
        generate("G4", start=datetime(2021, 1, 1, tzinfo=UTC), end=datetime(2020, 1, 1, tzinfo=UTC))


# -- values ------------------------------------------------------------------------------------

def _walk(value: object):
    if isinstance(value, dict):
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _walk(v)
    else:
        yield value


@pytest.mark.parametrize(("generation", "language"), ALL, ids=IDS)
def test_timestamps_inside_window_and_values_fake(generation: str, language: str) -> None:
    start, end = datetime(2020, 2, 1, tzinfo=UTC), datetime(2020, 8, 1, tzinfo=UTC)
    s = generate(generation, language=language, start=start, end=end, seed=11)
    for section, records in s.expected.items():
        for value in _walk(records):
            if isinstance(value, datetime):
                assert value.tzinfo is not None and value.utcoffset().total_seconds() == 0
                assert start <= value <= end, (section, value)
    text = b"\n".join(s.members.values()).decode("utf-8")
    for ip in re.findall(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b", text):
        assert any(ipaddress.ip_address(ip) in net for net in DOC_NETS), ip
    for mail in re.findall(r"[\w.+-]+@[\w.-]+", text):
        assert mail.endswith("@example.com"), mail
    for video_id in re.findall(r"share/video/(\d+)/", text):
        assert len(video_id) == 19
    for phone in re.findall(r"\+\d+", text):
        assert re.fullmatch(r"\+3160000\d{4}", phone), phone
    if "profile" in s.expected:
        assert "sample_child_a" in text


def test_share_history_has_the_1969_placeholder() -> None:
    for generation in ("G2", "G3", "G4", "G5", "txt-2023", "txt-2025"):
        s = sample(generation)
        assert b"1969-12-31 23:59:59" in b"".join(s.members.values())
        assert [r["shared_at"] for r in s.expected["shares"]].count(None) == 1


def test_timestamp_spellings_per_generation() -> None:
    g2 = json_doc(sample("G2"))["Activity"]
    assert g2["Login History"]["LoginHistoryList"][0]["Date"].endswith(" UTC")
    assert set(g2["Like List"]["ItemFavoriteList"][0]) == {"Date", "VideoLink"}
    assert set(g2["Video Browsing History"]["VideoList"][0]) == {"Date", "VideoLink"}
    assert set(json_doc(sample("G3"))["Activity"]["Like List"]["ItemFavoriteList"][0]) == {"date", "link"}
    g5 = json_doc(sample("G5"))
    assert g5["Comment"]["Comments"]["CommentsList"][0]["date"].endswith(" UTC")
    assert not g5["Your Activity"]["Watch History"]["VideoList"][0]["Date"].endswith(" UTC")
    t23 = sample("txt-2023").members
    root = "TikTok_Data_1735588272/Tiktok/Activity/"
    assert b" UTC\n" in t23[root + "Login History.txt"]
    assert b" UTC" not in t23[root + "Browsing History.txt"]
    assert t23[root + "Browsing History.txt"].startswith(b"Date: ")
    assert b"\nLink: " in t23[root + "Browsing History.txt"]
    watch25 = sample("txt-2025").members["TikTok/Your Activity/Watch History.txt"].decode()
    assert all(line.endswith(" UTC") for line in watch25.splitlines() if line.startswith("Date: "))
    dm25 = sample("txt-2025").members["TikTok/Direct Messages/Direct Messages.txt"].decode()
    assert re.search(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \w+: ", dm25, re.M)
    assert b"Video Link: " in sample("txt-2020").members["Activity/Video Browsing History.txt"]


def test_profile_carries_the_child_and_birth_date() -> None:
    child_a, child_b = family()
    for generation, language in ALL:
        s = sample(generation, language)
        if "profile" not in s.expected:
            continue
        (profile,) = s.expected["profile"]
        assert profile["username"] == child_a.username
        assert profile["birth_date"] == child_a.birth_date, generation
        assert profile["email"].endswith("@example.com")
    assert "Birthdate: 14/09/2009" in sample("txt-2020").members["Profile/Profile Information.txt"].decode()
    g3b = generate("G3", child=child_b)
    assert g3b.expected["profile"][0]["birth_date"] == child_b.birth_date
    assert json_doc(g3b)["Profile"]["Profile Information"]["ProfileMap"]["birthDate"] == "20-Nov-2005"
    other = generate("G4", child=Child("sample_child_z", date(2010, 1, 2)))
    assert other.expected["profile"][0]["username"] == "sample_child_z"


def test_direct_messages() -> None:
    g4 = sample("G4")
    chats = json_doc(g4)["Direct Message"]["Direct Messages"]["ChatHistory"]
    assert len(chats) == 2 and all(k.startswith("Chat History with ") and k.endswith(":") for k in chats)
    assert {r["conversation"] for r in g4.expected["direct_messages"]} == {k[18:-1] for k in chats}
    for generation in GENERATIONS_TXT:
        s = sample(generation)
        (dm_member,) = [m for m in s.members if lookup(m) and lookup(m).layout is Layout.CHAT]
        text = s.members[dm_member].decode()
        assert text.count(">>> Chat History with ") == 2 and "::\n\n" in text
        assert any("\n" in r["content"] for r in s.expected["direct_messages"])
        assert len(s.expected["direct_messages"]) == 6


def test_txt_photo_post_and_settings_groups() -> None:
    for generation in ("txt-2023", "txt-2025"):
        posts = sample(generation).expected["posts"]
        assert [len(p["image_urls"]) for p in posts].count(2) == 1
    settings = sample("txt-2020").expected["settings"]
    assert {"scope": "app", "name": "Push Notifications / New Fans", "value": "On"} in settings
    g4 = sample("G4").expected["settings"]
    assert {"scope": "app", "name": "Push Notification / New Fans", "value": "On"} in g4
    assert all(r["scope"] == "app" for r in g4)


# -- consistency with the format tables ---------------------------------------------------------

@pytest.mark.parametrize("generation", GENERATIONS_JSON)
def test_json_containers_are_in_the_table(generation: str) -> None:
    s = sample(generation)
    for top, children in json_doc(s).items():
        for key, box in children.items():
            places = CONTAINERS.get((top, key))
            assert places, (top, key)
            list_keys = {p.items_at[0] for p in places if p.items_at}
            if list_keys and isinstance(box, dict):
                assert set(box) - list_keys <= set(WRAPPER_KEYS), (top, key, set(box))


def test_g5_has_two_identical_off_tiktok_containers() -> None:
    s = sample("G5")
    doc = json_doc(s)
    first = doc["Your Activity"]["Off TikTok Activity"]
    second = doc["Profile And Settings"]["Off TikTok Activity"]
    assert first == second and first["OffTikTokActivityDataList"]
    assert len(s.expected["off_tiktok_activity"]) == DEFAULT_COUNTS["off_tiktok_activity"]


def test_g4_is_wrapped_and_wrapper_flags_present() -> None:
    doc = json_doc(sample("G4"))
    follower = doc["Your Activity"]["Follower"]
    assert follower["App"] == 1 and follower["IsFastLane"] is False
    assert json_doc(sample("G3-us"))["Profile"]["Follower List"]["IsFastLane"] is True


@pytest.mark.parametrize(("generation", "language"), [a for a in ALL if a[0].startswith("txt")],
                         ids=[i for i in IDS if i.startswith("txt")])
def test_txt_files_and_keys_are_in_the_tables(generation: str, language: str) -> None:
    s = sample(generation, language)
    sentence_files = zero_files = 0
    trailer = b"\n\n" if generation == "txt-2020" else b"\n\n\n"
    for name, data in s.members.items():
        spec = lookup(name)
        assert spec is not None, name
        if language == "nl":
            assert spec.language == "nl", name
        else:
            assert spec.language in ("en", "any"), name
        text = data.decode()
        if not data:
            zero_files += 1
            assert spec.section_id not in s.expected
            continue
        if text.strip().casefold() in EMPTY_SENTENCES:
            sentence_files += 1
            assert spec.section_id not in s.expected
            continue
        assert data.endswith(trailer) and not data.endswith(trailer + b"\n\n"), name
        assert spec.section_id in s.expected, name
        if spec.layout in (Layout.BLOCKS, Layout.SINGLE):
            keys = {line.split(": ", 1)[0] for line in text.splitlines() if ": " in line}
            assert keys <= aliases(spec.section_id), (name, keys - aliases(spec.section_id))
    assert sentence_files >= 1 and zero_files >= 1


def test_dutch_sample_uses_dutch_names_and_keys_only() -> None:
    s = sample("txt-2025", "nl")
    assert set(s.expected) == {"watch_history", "likes", "searches", "shares", "comments", "followers",
                               "following", "off_tiktok_activity", "direct_messages"}
    bases = {name.rsplit("/", 1)[1] for name in s.members}
    assert {"Kijkgeschiedenis.txt", "Likelijst.txt", "Zoekopdrachten.txt", "Geschiedenis delen.txt",
            "Reacties.txt", "Volger.txt", "Volgend.txt", "Activiteit buiten TikTok.txt",
            "Directe berichten.txt"} <= bases
    text = b"".join(s.members.values()).decode()
    assert "Dit gedeelte bevat geen gegevens" in text
    for english in ("Date:", "Search Term:", "Username:", "Comment:", "Source:", "Event:", "Method:"):
        assert english not in text


# -- family and bundled set ---------------------------------------------------------------------

def test_family_ages() -> None:
    child_a, child_b = family()
    for day in (date(2019, 6, 1), date(2021, 6, 30)):
        assert age_on(child_a.birth_date, day) < 13
        assert 13 <= age_on(child_b.birth_date, day) <= 15
    assert child_a.birth_date.day > 12 and child_b.birth_date.day > 12
    assert child_a.username != child_b.username


def test_write_samples(tmp_path) -> None:
    paths = write_samples(tmp_path)
    names = {p.name for p in paths}
    assert {"g4-en-sample_child_a.zip", "g3-en-sample_child_b.zip", "g2-en-sample_child_a.zip",
            "g3-us-en-sample_child_a.zip", "g3-activity-only-en-sample_child_a.zip", "g5-en-sample_child_a.zip",
            "txt-2020-en-sample_child_a.zip", "txt-2023-en-sample_child_a.zip", "txt-2025-en-sample_child_a.zip",
            "txt-2025-nl-sample_child_a.zip", "g5-en-unzipped"} == names
    total = sum(f.stat().st_size for f in tmp_path.rglob("*") if f.is_file())
    assert total < 400_000
    unzipped = tmp_path / "g5-en-unzipped"
    with zipfile.ZipFile(tmp_path / "g5-en-sample_child_a.zip") as archive:
        for name in archive.namelist():
            assert (unzipped / name).read_bytes() == archive.read(name)
    again = tmp_path / "again"
    write_samples(again)
    for path in paths:
        if path.is_file():
            assert (again / path.name).read_bytes() == path.read_bytes()
    bundled = samples.bundled_samples()
    assert len({b"".join(s.members.values()) for s in bundled}) == len(bundled) == 10
