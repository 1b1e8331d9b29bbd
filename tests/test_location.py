"""Location figures: IP masking, offline IP countries, EU membership by date, exact figures per export."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from datetime import date, datetime, timezone
from importlib import metadata
from pathlib import Path

import pytest

from dsar_analyzer import load
from dsar_analyzer.analysis.location import (
    EEA_COUNTRIES,
    EU_COUNTRIES,
    IP_COUNTRY_SOURCE,
    LocationFigures,
    RecentLocationFigures,
    country_of,
    in_eea,
    in_eu,
    location_figures,
    mask_ip,
)

SAMPLES = Path(__file__).resolve().parents[1] / "sample_exports"
UTC = timezone.utc


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# -- mask_ip ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("ip", "masked"), [
    ("203.0.113.77", "203.0.113.0/24"),
    ("8.8.8.8", "8.8.8.0/24"),
    (" 198.51.100.255 ", "198.51.100.0/24"),
    ("0.0.0.0", "0.0.0.0/24"),
    ("2001:db8:abcd:12:3456::1", "2001:db8:abcd::/48"),
    ("2001:DB8:0:0:0:0:0:1", "2001:db8::/48"),
    ("2001:67c:2e8:22::c100:68b", "2001:67c:2e8::/48"),
    ("::ffff:192.0.2.5", "192.0.2.0/24"),   # IPv4 written as IPv6 is masked as IPv4
    ("fe80::1%eth0", "fe80::/48"),           # the zone id is dropped
])
def test_mask_ip(ip: str, masked: str) -> None:
    assert mask_ip(ip) == masked


@pytest.mark.parametrize("ip", ["", "  ", "abc", "1.2.3", "1.2.3.256", "8.8.8.8/24", "08.8.8.8", "1.2.3.4:80",
                                "2001:db8::1::2", "N/A", None, 134744072])
def test_mask_ip_invalid(ip: object) -> None:
    assert mask_ip(ip) == "invalid"  # type: ignore[arg-type]


# -- country_of -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("ip", "country"), [
    ("8.8.8.8", "US"),                      # Google public DNS
    ("2001:4860:4860::8888", "US"),         # Google public DNS, IPv6
    ("1.1.1.1", "AU"),                      # APNIC research block (Cloudflare resolver)
    ("193.0.6.139", "NL"),                  # RIPE NCC, Amsterdam
    ("2001:67c:2e8:22::c100:68b", "NL"),    # RIPE NCC, IPv6
    ("145.97.39.155", "NL"),                # SURF, Dutch research network
    ("114.114.114.114", "CN"),              # 114DNS
    ("2001:da8::1", "CN"),                  # CERNET, IPv6
    ("212.58.244.22", "GB"),                # BBC
    (" 8.8.8.8 ", "US"),                    # surrounding spaces are ignored
    ("::ffff:8.8.8.8", "US"),               # IPv4-mapped IPv6 is looked up as IPv4
])
def test_country_of_public_addresses(ip: str, country: str) -> None:
    """These answers come from the registries' delegation data shipped in ``iptocc``.

    The addresses belong to long-standing holders (registries, national research networks, big
    resolvers) whose registration country has not changed in over a decade; a future data release of
    ``iptocc`` could still move one, in which case this test names the address to re-check.
    """
    assert country_of(ip) == country


@pytest.mark.parametrize("ip", [
    "192.0.2.1", "198.51.100.7", "203.0.113.255",   # IPv4 documentation ranges
    "2001:db8::1", "2001:db8:ffff::1", "3fff::1",     # IPv6 documentation ranges
    "10.1.2.3", "172.16.0.1", "192.168.1.1",          # private
    "100.64.0.1",                                     # shared address space (carrier-grade NAT)
    "127.0.0.1", "::1", "169.254.1.1", "fe80::1",     # loopback, link-local
    "fc00::1", "224.0.0.1", "ff02::1", "240.0.0.1",   # unique local, multicast, reserved
    "0.0.0.0", "::", "255.255.255.255",
    "::ffff:192.0.2.1",
])
def test_country_of_non_public_is_none(ip: str) -> None:
    assert country_of(ip) is None


@pytest.mark.parametrize("ip", ["", "not an ip", "8.8.8", "8.8.8.8/32", "08.8.8.8", "N/A", None, 8])
def test_country_of_invalid_is_none(ip: object) -> None:
    assert country_of(ip) is None  # type: ignore[arg-type]


def test_ip_country_source_names_package_version_and_data() -> None:
    assert IP_COUNTRY_SOURCE.startswith(f"iptocc {metadata.version('iptocc')} ")
    assert "Regional Internet Registries" in IP_COUNTRY_SOURCE
    assert "MIT OR Apache-2.0" in IP_COUNTRY_SOURCE


def test_lookups_never_touch_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network use attempted")

    for name in ("connect", "connect_ex", "sendto", "send"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    country_of.cache_clear()
    assert country_of("8.8.4.4") == "US"
    assert country_of("193.0.6.139") == "NL"
    assert location_figures(load(SAMPLES / "g4-en-sample_child_a.zip")).logins_with_ip == 6


def test_import_and_first_lookup_offline_in_a_fresh_process() -> None:
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise SystemExit('network use attempted')\n"
        "socket.socket.connect = socket.socket.connect_ex = refuse\n"
        "socket.create_connection = socket.getaddrinfo = refuse\n"
        "from dsar_analyzer.analysis.location import country_of\n"
        "print(country_of('8.8.8.8'), country_of('2001:67c:2e8:22::c100:68b'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[1], check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["US", "NL"]


# -- EU / EEA ---------------------------------------------------------------------------------------

def test_country_sets() -> None:
    assert len(EU_COUNTRIES) == 27
    assert {"NL", "BE", "DE", "GR", "HR", "IE"} <= EU_COUNTRIES
    assert "GB" not in EU_COUNTRIES and "EL" not in EU_COUNTRIES
    assert EEA_COUNTRIES == EU_COUNTRIES | {"IS", "LI", "NO"}


@pytest.mark.parametrize(("country", "on", "expected"), [
    ("GB", date(2019, 6, 1), True),
    ("GB", date(2020, 1, 31), True),                          # last day of membership
    ("GB", date(2020, 2, 1), False),                          # first day outside
    ("GB", datetime(2020, 1, 31, 23, 59, 59, tzinfo=UTC), True),
    ("GB", datetime(2020, 2, 1, 0, 0, 0, tzinfo=UTC), False),
    ("GB", None, False),                                       # no date: today's EU27
    ("gb", date(2019, 1, 1), True),
    ("NL", date(2019, 1, 1), True),
    ("NL", None, True),
    (" nl ", None, True),
    ("HR", date(2013, 6, 30), False),
    ("HR", date(2013, 7, 1), True),
    ("US", date(2019, 1, 1), False),
    ("NO", date(2021, 1, 1), False),
    ("CH", date(2021, 1, 1), False),
    ("EU", None, True),                                        # registries' code for European blocks
    ("unknown", None, False),
    ("", None, False),
    (None, None, False),
])
def test_in_eu(country: str | None, on: date | None, expected: bool) -> None:
    assert in_eu(country, on) is expected


def test_in_eea() -> None:
    assert in_eea("NO", date(2021, 1, 1)) and in_eea("IS") and in_eea("LI", date(2020, 1, 1))
    assert in_eea("GB", date(2020, 1, 31)) and not in_eea("GB", date(2020, 2, 1))
    assert in_eea("NL") and not in_eea("CH") and not in_eea("US", date(2019, 1, 1))


# -- figures ----------------------------------------------------------------------------------------

def test_bundled_g4_sample_exact() -> None:
    figures = location_figures(load(SAMPLES / "g4-en-sample_child_a.zip"))
    assert figures == LocationFigures(
        distinct_ips=6,
        distinct_ip_prefixes=3,   # 198.51.100.0/24, 203.0.113.0/24, 192.0.2.0/24
        countries={"unknown": 6},  # documentation ranges only
        logins_in_eea_by_country={},
        logins=6,
        logins_with_ip=6,
        logins_with_resolved_ip=0,
        logins_with_invalid_ip=0,
        logins_outside_eea=None,  # every IP unresolved: unknown, never 0
        countries_outside_eea=[],
        first_seen_by_country={"unknown": _utc("2019-09-15 14:19:19")},
        last_seen_by_country={"unknown": _utc("2021-05-09 21:15:53")},
        recent_location=RecentLocationFigures(records=0, gps=False, last_region=None),
        account_region=None,
        posts_with_location=1,
        deleted_posts_with_location=0,
        location_reviews=1,
        records_revealing_location=2,  # 1 post + 1 review; the 6 unresolved IPs reveal nothing
        records_placing_outside_eea=None,
        ip_country_source=IP_COUNTRY_SOURCE,
    )


def _login(when: str, ip: str) -> dict[str, str]:
    return {"Date": when, "IP": ip, "DeviceModel": "SM-A505F", "DeviceSystem": "Android 10",
            "NetworkType": "4G", "Carrier": ""}


def _write(tmp_path: Path, document: dict[str, object]) -> Path:
    path = tmp_path / "user_data_tiktok.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_literal_export_with_public_ips(tmp_path: Path) -> None:
    path = _write(tmp_path, {
        "Your Activity": {
            "Login History": {"LoginHistoryList": [
                _login("2019-05-01 10:00:00", "212.58.244.22"),   # GB while a member: inside
                _login("2020-01-31 23:59:59", "212.58.244.22"),   # GB, last day: inside
                _login("2020-02-01 00:00:00", "81.2.69.142"),     # GB, first day out: outside
                _login("2021-03-01 12:00:00", "8.8.8.8"),         # US
                _login("2021-03-02 12:00:00", "8.8.8.8"),         # US, same address
                _login("2021-04-01 08:00:00", "114.114.114.114"),  # CN
                _login("2021-04-02 08:00:00", "193.0.6.139"),     # NL
                _login("2021-04-03 08:00:00", "2001:67c:2e8:22::c100:68b"),  # NL, IPv6
                _login("2021-04-04 08:00:00", "192.0.2.10"),      # documentation range: unknown
                _login("2021-04-05 08:00:00", "not-an-ip"),       # invalid: unknown
                _login("2021-04-06 08:00:00", ""),                # no IP
                _login("2021-04-07 08:00:00", "N/A"),             # no IP
                _login("2021-04-08 08:00:00", "::ffff:8.8.4.4"),  # US, IPv4-mapped
            ]},
            "Most Recent Location Data": {"LocationData": {
                "Date": "2021-05-01 00:00:00", "GpsData": "52.37, 4.89", "LastRegion": "US"}},
        },
        "Profile": {"Profile Info": {"ProfileMap": {"userName": "sample_child_z", "accountRegion": "GB"}}},
        "Post": {"Posts": {"VideoList": [
            {"Date": "2021-01-01 00:00:00", "Link": "https://example.com/v/1", "Likes": "0", "Location": "Utrecht"},
            {"Date": "2021-01-02 00:00:00", "Link": "https://example.com/v/2", "Likes": "0", "Location": "N/A"},
        ]}},
        "Location Review": {"Location Reviews": {"ReviewsList": [
            {"Date": "2021-02-01 00:00:00", "PlaceName": "Sample Park", "Rating": "5/5"}]}},
    })
    figures = location_figures(load(path))
    assert figures.logins == 13
    assert figures.logins_with_ip == 11
    assert figures.logins_with_invalid_ip == 1
    assert figures.countries == {"CN": 1, "GB": 3, "NL": 2, "US": 3, "unknown": 2}
    assert sum(figures.countries.values()) == figures.logins_with_ip
    assert figures.distinct_ips == 8
    assert figures.distinct_ip_prefixes == 8
    assert figures.logins_with_resolved_ip == 9
    assert figures.logins_outside_eea == 5
    assert figures.countries_outside_eea == ["CN", "GB", "US"]
    # date-aware per country: GB was in the EEA for 2 of its 3 logins
    assert figures.logins_in_eea_by_country == {"CN": 0, "GB": 2, "NL": 2, "US": 0}
    assert figures.first_seen_by_country["GB"] == _utc("2019-05-01 10:00:00")
    assert figures.last_seen_by_country["GB"] == _utc("2020-02-01 00:00:00")
    assert figures.first_seen_by_country["US"] == _utc("2021-03-01 12:00:00")
    assert figures.last_seen_by_country["US"] == _utc("2021-04-08 08:00:00")
    assert figures.last_seen_by_country["unknown"] == _utc("2021-04-05 08:00:00")
    assert figures.recent_location == RecentLocationFigures(records=1, gps=True, last_region="US")
    assert figures.account_region == "GB"
    assert figures.posts_with_location == 1
    assert figures.location_reviews == 1
    # 9 logins whose IP resolves to a country + 1 recent-location record + 1 post + 1 review
    assert figures.records_revealing_location == 12
    # 5 logins outside the EEA + last region US; the account region GB is the account's, never counted
    assert figures.records_placing_outside_eea == 6


def test_literal_export_inside_the_eu_and_without_logins(tmp_path: Path) -> None:
    path = _write(tmp_path, {
        "Your Activity": {"Login History": {"LoginHistoryList": [_login("2020-06-01 08:00:00", "193.0.6.139")]}},
        "Profile": {"Profile Info": {"ProfileMap": {"userName": "sample_child_y", "accountRegion": "NL"}}},
    })
    figures = location_figures(load(path))
    assert figures.countries == {"NL": 1}
    assert (figures.logins_outside_eea, figures.records_placing_outside_eea) == (0, 0)
    assert figures.account_region == "NL"

    empty = location_figures(load(_write(tmp_path, {"Profile": {"Profile Info": {"ProfileMap": {"userName": "z"}}}})))
    assert (empty.logins, empty.distinct_ips, empty.countries, empty.records_revealing_location) == (0, 0, {}, 0)
    assert empty.first_seen_by_country == {}


def test_norway_is_inside_the_eea_and_an_unresolved_ip_reveals_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path, {
        "Your Activity": {"Login History": {"LoginHistoryList": [
            _login("2021-06-01 08:00:00", "129.240.2.6"),   # NO (uio.no): EEA, not EU
            _login("2021-06-02 08:00:00", "192.0.2.10"),    # documentation range: unknown
        ]}},
        "Profile": {"Profile Info": {"ProfileMap": {"userName": "sample_child_n", "accountRegion": "US"}}},
    })
    figures = location_figures(load(path))
    assert figures.countries == {"NO": 1, "unknown": 1}
    assert (figures.logins_outside_eea, figures.records_placing_outside_eea) == (0, 0)
    assert figures.logins_in_eea_by_country == {"NO": 1}
    assert figures.records_revealing_location == 1
