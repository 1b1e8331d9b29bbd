"""Where the export places the child: login IPs with their country from an offline table, regions, post locations.

Sources of location in an export: the IP address of every login, the "most recent location" record
(GPS data and last region; "N/A" in every export seen so far), the profile's ``accountRegion``, the
place a post or deleted post was tagged with, and reviews of places.

**IP country, offline.** ``country_of`` maps an address to the country of the holder of its address
block as registered with one of the five Regional Internet Registries (AFRINIC, APNIC, ARIN, LACNIC,
RIPE NCC), through the ``iptocc`` package, which ships that table inside its wheel. This is *where
the block is registered*, not a geolocation of the device: a cloud or VPN provider's block shows
the provider's country. Nothing here opens a network connection; the table is read from the
installed package. ``IP_COUNTRY_SOURCE`` names the package, its version and the build date of its
table so a report can cite exactly which data gave the answers (pin the package version to make
the answers reproducible across machines).

Addresses that are not public unicast addresses give ``None`` *before* any lookup: invalid text,
private, loopback, link-local, multicast, reserved, shared (CGNAT) and the documentation ranges
192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32 and 3fff::/20 (the bundled samples use
them, so their logins resolve to "unknown"). An IPv4 address written in IPv6 form
(``::ffff:a.b.c.d``) is treated as the IPv4 address for lookup and masking.

**EEA, not EU.** The GDPR applies in the European Economic Area, so "outside" in the figures means
outside the EEA on the record's date (``in_eea``): the EU members of that day plus Iceland,
Norway and Liechtenstein. **EU membership** is by date too: ``in_eu(country, on)``. The United Kingdom was a member until
2020-01-31 and is counted as EU for dates up to and including that day; Croatia from 2013-07-01;
earlier enlargements are encoded too. Without a date, today's composition (EU27) is used; no clock
is read. "In the EU" means membership only: during the Brexit transition period (2020-02-01 to
2020-12-31) EU law, the GDPR included, still applied in the UK, which ``in_eu`` does not model.
The registries also write ``EU`` for some European blocks not tied to one country; ``in_eu`` and
``in_eea`` count ``EU`` as inside.

**Masking.** ``mask_ip`` keeps the network part only: IPv4 to its /24, IPv6 to its /48, so the
report never shows a full address of the child.
"""

from __future__ import annotations

import ipaddress
import json
from collections import Counter
from datetime import date, datetime
from functools import lru_cache
from importlib import metadata
from typing import Any

import iptocc
from pydantic import BaseModel, ConfigDict

from dsar_analyzer.records.columns import NAT, present_text, text_column, times, utc_moment
from dsar_analyzer.records.export import Export

__all__ = [
    "EEA_COUNTRIES",
    "EU_COUNTRIES",
    "IP_COUNTRY_SOURCE",
    "UK_EU_EXIT",
    "LocationFigures",
    "RecentLocationFigures",
    "country_of",
    "in_eea",
    "in_eu",
    "location_figures",
    "mask_ip",
]

# -- EU / EEA ------------------------------------------------------------------------------------

#: Date each current member state joined (EU, or the European Communities before 1993).
_EU_ACCESSION: dict[str, date] = {
    **dict.fromkeys(("BE", "DE", "FR", "IT", "LU", "NL"), date(1958, 1, 1)),
    **dict.fromkeys(("DK", "IE"), date(1973, 1, 1)),
    "GR": date(1981, 1, 1),
    **dict.fromkeys(("ES", "PT"), date(1986, 1, 1)),
    **dict.fromkeys(("AT", "FI", "SE"), date(1995, 1, 1)),
    **dict.fromkeys(("CY", "CZ", "EE", "HU", "LT", "LV", "MT", "PL", "SI", "SK"), date(2004, 5, 1)),
    **dict.fromkeys(("BG", "RO"), date(2007, 1, 1)),
    "HR": date(2013, 7, 1),
}
#: The United Kingdom: member from 1973-01-01; its membership ended at the end of 2020-01-31.
_GB_JOINED = date(1973, 1, 1)
#: First day on which the United Kingdom was no longer a member state.
UK_EU_EXIT = date(2020, 2, 1)
#: Norway, Iceland and Liechtenstein: EEA (outside the EU) since 1994-01-01 (LI 1995-05-01).
_EEA_ONLY_FROM: dict[str, date] = {"IS": date(1994, 1, 1), "NO": date(1994, 1, 1), "LI": date(1995, 5, 1)}

#: The 27 member states of the European Union (since 2020-02-01), ISO 3166-1 alpha-2 (Greece is GR).
EU_COUNTRIES: frozenset[str] = frozenset(_EU_ACCESSION)
#: The European Economic Area: the EU27 plus Iceland, Liechtenstein and Norway.
EEA_COUNTRIES: frozenset[str] = EU_COUNTRIES | frozenset(_EEA_ONLY_FROM)

_REGION_EU = "EU"  # written by the registries for some European blocks not tied to one country


def _as_day(on: date | datetime | None) -> date | None:
    if on is None or on != on:  # a missing time (pandas NaT) equals nothing, itself included
        return None
    return on.date() if isinstance(on, datetime) else on


def _code(country: str | None) -> str | None:
    if not isinstance(country, str):
        return None
    code = country.strip().upper()
    return code if len(code) == 2 and code.isascii() and code.isalpha() else None


def in_eu(country: str | None, on: date | datetime | None = None) -> bool:
    """True when ``country`` (ISO alpha-2) was an EU member state on the day ``on``.

    Rule: GB counts as EU for every day before 2020-02-01 (from 1973); other states from their
    accession day. ``on=None`` means today's EU27 (the clock is not read). A datetime is taken by
    its date as written (pass UTC times; the exit took effect at midnight CET, an hour's
    difference that no login date can resolve). ``"EU"`` is inside; None or non-codes are outside.
    """
    code = _code(country)
    if code is None:
        return False
    if code == _REGION_EU:
        return True
    day = _as_day(on)
    if code == "GB":
        return day is not None and _GB_JOINED <= day < UK_EU_EXIT
    joined = _EU_ACCESSION.get(code)
    if joined is None:
        return False
    return day is None or day >= joined


def in_eea(country: str | None, on: date | datetime | None = None) -> bool:
    """True when ``country`` was in the EEA on ``on``: an EU member then, or IS/LI/NO."""
    code = _code(country)
    if code in _EEA_ONLY_FROM:
        day = _as_day(on)
        return day is None or day >= _EEA_ONLY_FROM[code]
    return in_eu(country, on)


# -- IP addresses -----------------------------------------------------------------------------

_DOCUMENTATION_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24",  # RFC 5737
    "2001:db8::/32",                                       # RFC 3849
    "3fff::/20",                                           # RFC 9637
))

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _parse_ip(ip: object) -> IPAddress | None:
    """The address in ``ip`` (surrounding spaces allowed), IPv4-mapped IPv6 unwrapped; None if invalid."""
    if not isinstance(ip, str):
        return None
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_public(address: IPAddress) -> bool:
    if any(address in net for net in _DOCUMENTATION_NETWORKS if net.version == address.version):
        return False
    return address.is_global and not (address.is_multicast or address.is_reserved or address.is_unspecified
                                      or address.is_loopback or address.is_link_local)


def mask_ip(ip: str) -> str:
    """The /24 (IPv4) or /48 (IPv6) network of ``ip``: ``203.0.113.7`` -> ``203.0.113.0/24``.

    Invalid input (including None and empty text) gives ``"invalid"``. A zone id (``%eth0``) is dropped.
    """
    address = _parse_ip(ip)
    if address is None:
        return "invalid"
    if isinstance(address, ipaddress.IPv4Address):
        return f"{ipaddress.IPv4Address(int(address) & 0xFFFFFF00)}/24"
    return f"{ipaddress.IPv6Address(int(address) & ~((1 << 80) - 1))}/48"


@lru_cache(maxsize=65536)
def country_of(ip: str) -> str | None:
    """ISO 3166-1 alpha-2 code of the registered holder of ``ip``'s block, from the offline table.

    None for invalid text, for every address that is not public unicast (private, loopback,
    link-local, multicast, reserved, shared, documentation ranges) and for public addresses the
    registries have not delegated. May give ``"EU"`` (see the module docstring).
    """
    address = _parse_ip(ip)
    if address is None or not _is_public(address):
        return None
    code = iptocc.country_code(str(address))
    return code if _code(code) == code else None


def _ip_country_source() -> str:
    # One look-up of the distribution for its version and its files: each look-up searches every
    # folder on sys.path (1-2 ms of each command's process).
    try:
        distribution = metadata.distribution("iptocc")
    except metadata.PackageNotFoundError:  # pragma: no cover - the import above would have failed
        return _source_text("unknown version", "build date unknown")
    version = distribution.version
    built = "build date unknown"
    try:
        files = distribution.files or []
        sbom = next((f for f in files if f.name.endswith(".cyclonedx.json")), None)
        if sbom is not None:
            stamp = json.loads(sbom.read_text(encoding="utf-8"))["metadata"]["timestamp"]
            built = f"table built {stamp[:10]}"
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return _source_text(version, built)


def _source_text(version: str, built: str) -> str:
    return (f"iptocc {version} ({built}): country of registration from the delegation statistics of "
            f"the five Regional Internet Registries (AFRINIC, APNIC, ARIN, LACNIC, RIPE NCC), public "
            f"registry data; package licence MIT OR Apache-2.0; looked up offline, no network use. "
            f"The country is where the address block is registered, not a geolocation of the device.")


#: Which table gave the countries: package, version, table build date, data source and licence.
IP_COUNTRY_SOURCE: str = _ip_country_source()


# -- figures ------------------------------------------------------------------------------------

class RecentLocationFigures(BaseModel):
    """The "most recent location" records: whether GPS data is present, and the last region value."""

    model_config = ConfigDict(frozen=True)

    records: int
    gps: bool
    last_region: str | None


class LocationFigures(BaseModel):
    """Every figure on where the export places the child; counts are of records.

    ``distinct_ips`` counts distinct valid addresses (in canonical form, so ``::ffff:8.8.8.8`` and
    ``8.8.8.8`` are one); text that is no address is counted in ``logins_with_invalid_ip`` instead.
    ``countries`` counts login records with an IP by the IP's country ("unknown" when unresolved:
    documentation, private or undelegated addresses, invalid text); its values add up to
    ``logins_with_ip``. ``logins_in_eea_by_country`` counts, per country, the logins made while that
    country was in the EEA (on the login's UTC date; undated logins by today's EEA).
    A login is *outside the EEA* when its IP's country is known and was not in the EEA on its date.
    ``logins_outside_eea`` is None ("unknown", never 0) when no login IP resolves to a country.
    ``records_revealing_location`` = logins whose IP resolves to a country + most-recent-location
    records with GPS data or a last region + posts and deleted posts with a location + location
    reviews; an unresolved IP reveals nothing about where the child was.
    ``records_placing_outside_eea`` = logins outside the EEA + most-recent-location records whose
    last region is a two-letter code outside the EEA (on the record's date when it has one); None
    when neither a login IP nor a region resolves. The profile's ``account_region`` is reported as
    it stands and never counted: it is the region of the account, not where the child was.
    """

    model_config = ConfigDict(frozen=True)

    distinct_ips: int
    distinct_ip_prefixes: int
    countries: dict[str, int]
    logins_in_eea_by_country: dict[str, int]
    logins: int
    logins_with_ip: int
    logins_with_resolved_ip: int
    logins_with_invalid_ip: int
    logins_outside_eea: int | None
    countries_outside_eea: list[str]
    first_seen_by_country: dict[str, datetime | None]
    last_seen_by_country: dict[str, datetime | None]
    recent_location: RecentLocationFigures
    account_region: str | None
    posts_with_location: int
    deleted_posts_with_location: int
    location_reviews: int
    records_revealing_location: int
    records_placing_outside_eea: int | None
    ip_country_source: str


UNKNOWN = "unknown"


def _moments(export: Export, section_id: str, field: str) -> list[datetime | None]:
    nanoseconds = times(export, section_id, field).tolist()
    return [None if ns == NAT else utc_moment(ns) for ns in nanoseconds]


def _present(export: Export, section_id: str, field: str) -> list[str | None]:
    """A text field with surrounding blanks removed and empty values None."""
    return present_text(text_column(export, section_id, field))


def _region_outside_eea(region: str | None, moment: datetime | None) -> bool:
    """A region that is a two-letter code outside the EEA on the record's date; "Netherlands" or
    "NL-NH" is no country code and places nothing."""
    code = _code(region)
    return code is not None and not in_eea(code, moment)


def location_figures(export: Export) -> LocationFigures:
    """Location figures for one export; each distinct IP is resolved once."""
    # Logins are few (thousands in a million-record export): plain Python over the two columns.
    login_times = _moments(export, "logins", "logged_in_at")
    with_ip = [(moment, ip) for moment, ip in zip(login_times, _present(export, "logins", "ip"), strict=True)
               if ip is not None]
    unique_ips = list(dict.fromkeys(ip for _, ip in with_ip))
    parsed = {ip: _parse_ip(ip) for ip in unique_ips}
    country = {ip: country_of(ip) or UNKNOWN for ip in unique_ips}
    canonical = {str(a) for a in parsed.values() if a is not None}
    prefixes = {mask_ip(ip) for ip in unique_ips if parsed[ip] is not None}

    counts: Counter[str] = Counter()
    inside_by_country: Counter[str] = Counter()
    outside_countries: set[str] = set()
    outside = 0
    first: dict[str, datetime] = {}
    last: dict[str, datetime] = {}
    for moment, ip in with_ip:
        where = country[ip]
        counts[where] += 1
        if moment is not None:
            first[where] = min(first.get(where, moment), moment)
            last[where] = max(last.get(where, moment), moment)
        if where == UNKNOWN:
            continue
        if in_eea(where, moment):
            inside_by_country[where] += 1
        else:
            outside += 1
            outside_countries.add(where)
    order = sorted(counts, key=lambda c: (c == UNKNOWN, c))

    recorded_at = _moments(export, "recent_location", "recorded_at")
    gps = _present(export, "recent_location", "gps")
    region = _present(export, "recent_location", "last_region")
    recent_with_value = sum(1 for g, r in zip(gps, region, strict=True) if g is not None or r is not None)
    # The last region is the latest dated one (the later in the file on equal times); without dates, the last.
    with_region = [i for i, r in enumerate(region) if r is not None]
    latest = max(with_region, key=lambda i: (recorded_at[i] is not None, recorded_at[i] or datetime.min, i),
                 default=None)
    last_region = region[latest] if latest is not None else None
    region_known = sum(1 for r in region if _code(r) is not None)
    region_outside = sum(1 for r, moment in zip(region, recorded_at, strict=True) if _region_outside_eea(r, moment))

    account_region = next((r for r in _present(export, "profile", "account_region") if r is not None), None)
    posts_loc = sum(1 for v in _present(export, "posts", "location") if v is not None)
    deleted_loc = sum(1 for v in _present(export, "deleted_posts", "location") if v is not None)
    reviews = len(export.sections.get("location_reviews") or ())

    resolved_logins = sum(n for c, n in counts.items() if c != UNKNOWN)
    logins_outside = outside if resolved_logins else None
    anything_resolved = resolved_logins or region_known
    placing = (logins_outside or 0) + region_outside if anything_resolved else None
    return LocationFigures(
        distinct_ips=len(canonical),
        distinct_ip_prefixes=len(prefixes),
        countries={c: counts[c] for c in order},
        logins_in_eea_by_country={c: inside_by_country[c] for c in order if c != UNKNOWN},
        logins=len(login_times),
        logins_with_ip=len(with_ip),
        logins_with_resolved_ip=resolved_logins,
        logins_with_invalid_ip=sum(1 for _, ip in with_ip if parsed[ip] is None),
        logins_outside_eea=logins_outside,
        countries_outside_eea=sorted(outside_countries),
        first_seen_by_country={c: first.get(c) for c in order},
        last_seen_by_country={c: last.get(c) for c in order},
        recent_location=RecentLocationFigures(records=len(recorded_at), gps=any(g is not None for g in gps),
                                              last_region=last_region),
        account_region=account_region,
        posts_with_location=posts_loc,
        deleted_posts_with_location=deleted_loc,
        location_reviews=reviews,
        records_revealing_location=resolved_logins + recent_with_value + posts_loc + deleted_loc + reviews,
        records_placing_outside_eea=placing,
        ip_country_source=IP_COUNTRY_SOURCE,
    )
