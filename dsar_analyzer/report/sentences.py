"""The plain-language sentences of a report: the summary, one sentence per category, and the limits."""

from __future__ import annotations

from datetime import datetime


from dsar_analyzer.analysis.age import consent_rules
from dsar_analyzer.analysis.classify import CATEGORY_BY_SECTION, Category
from dsar_analyzer.analysis.export_figures import Analysis
from dsar_analyzer.records.columns import NAT, primary_time_field, times, utc_moment
from dsar_analyzer.records.export import Export
from dsar_analyzer.records.registry import SECTIONS
from dsar_analyzer.report.i18n import Formatter
from dsar_analyzer.report.labels import section_title


def consent_rule_text(country: str, fmt: Formatter) -> str:
    """The digital age of consent of a country in the report's language, with its changes over time."""
    rules = consent_rules(country)
    name = fmt.country(country)
    # A row whose day or age was not read in its source says so here too, as in the JSON (``ConsentAge.unverified``).
    mark = (" (" + fmt.gettext("partly unverified") + ")"
            if any(r.unverified for r in rules) else "")
    if len(rules) == 1:
        return fmt.gettext("{country}: {age} years").format(country=name, age=rules[0].age) + mark
    steps = [fmt.gettext("{age} years from {date}").format(age=rule.age, date=fmt.date(rule.valid_from))
             for rule in rules]
    return f"{name}: {fmt.listing(steps)}{mark}"


def class_sentences(analysis: Analysis, fmt: Formatter) -> list[str]:
    """What the export shows about when the account was created, against the class dates of the Dutch action."""
    _ = fmt.gettext
    account = analysis.account
    if account is None:
        return []
    start, end = fmt.date(account.class_start), fmt.date(account.class_end)
    out = []
    if account.basis == "none" or account.existed_on is None:
        return [_("The export holds no registration date and no dated record, so it cannot show when the account "
                  "was created; the class of the Dutch action is children who created an account between {start} "
                  "and {end}.").format(start=start, end=end)]
    day = fmt.date(account.existed_on)
    if account.basis == "registration_date":
        inside = account.in_class_by_dates == "yes"
        out.append((_("The export gives the account's registration date, {day}: it was created inside the class "
                      "period of the Dutch action (accounts created between {start} and {end}).") if inside else
                    _("The export gives the account's registration date, {day}: it was created outside the class "
                      "period of the Dutch action (accounts created between {start} and {end}).")).format(
            day=day, start=start, end=end))
    else:
        basis = {"first_login": _("its first login kept in the export"),
                 "earliest_record": _("its earliest record in the export")}[account.basis]
        if account.created_from_class_start == "no":
            out.append(_("The account existed on {day} ({basis}), so it was created before {start}, before the class "
                         "period of the Dutch action.").format(day=day, basis=basis, start=start))
        elif account.created_before_class_end == "yes":
            out.append(_("The account existed on {day} ({basis}), so it was created on or before that day, before "
                         "{end}.").format(day=day, basis=basis, end=end))
            out.append(_("Whether it was created on or after {start}: the export cannot show (it holds no "
                         "registration date).").format(start=start))
        else:
            out.append(_("The account existed on {day} ({basis}); the export cannot show whether it was created "
                         "between {start} and {end} (it holds no registration date).").format(
                day=day, basis=basis, start=start, end=end))
    if account.musically_era == "yes":
        out.append(_("It existed before {day}, when musical.ly accounts became TikTok accounts (date unverified): "
                     "the action names musical.ly users too.").format(day=fmt.date(account.musically_until)))
    elif account.musically_era == "cannot_tell":
        out.append(_("Whether the account already existed as a musical.ly account (before {day}, date unverified): "
                     "the export cannot show.").format(day=fmt.date(account.musically_until)))
    return out


def section_span(export: Export, section_id: str) -> tuple[datetime | None, datetime | None]:
    """Earliest and latest moment of a section's records (None without dated records)."""
    field = primary_time_field(SECTIONS[section_id].model)
    if field is None or section_id not in export.sections:
        return None, None
    moments = times(export, section_id, field)
    dated = moments[moments != NAT]
    if not len(dated):
        return None, None
    return utc_moment(dated.min()), utc_moment(dated.max())


def _count(export: Export, section_id: str) -> int:
    records = export.sections.get(section_id)
    return len(records) if records is not None else 0


def _distinct(export: Export, section_id: str, field: str) -> int:
    records = export.sections.get(section_id)
    if records is None:
        return 0
    return len({v for v in records.column(field) if v not in (None, "")})


def category_span(category: str, analysis: Analysis, fmt: Formatter) -> str | None:
    """The first and last dated record of a category (None when it holds no dated record)."""
    first, last = analysis.age.earliest_by_category.get(category), analysis.age.latest_by_category.get(category)
    if first is None or last is None:
        return None
    return fmt.gettext("First record of this kind: {first}; last: {last}.").format(
        first=fmt.date(first), last=fmt.date(last))


def coverage_notes(category: str, analysis: Analysis, fmt: Formatter) -> list[str]:
    """How far back each section of a category reaches where TikTok keeps only recent history (a lower bound)."""
    notes = []
    exported = analysis.age.export_date
    for section_id, cover in analysis.coverage.items():
        if str(CATEGORY_BY_SECTION[section_id]) != category or not cover.get("lower_bound"):
            continue
        part, count = section_title(section_id, fmt), fmt.number(cover["records"])
        if cover.get("first") is None:
            notes.append(fmt.gettext("{part}: TikTok keeps only recent history of this part, so its {n} records are "
                                     "a lower bound.").format(part=part, n=count))
            continue
        first = datetime.fromisoformat(cover["first"])
        if exported is not None:
            days = (exported.date() - first.date()).days
            reach = fmt.ngettext(
                "{part}: the earliest record is of {first}, {days} day before the export was made.",
                "{part}: the earliest record is of {first}, {days} days before the export was made.", days,
            ).format(part=part, first=fmt.date(first), days=fmt.number(days))
        else:
            reach = fmt.gettext("{part}: the earliest record is of {first}.").format(part=part, first=fmt.date(first))
        notes.append(reach + " " + fmt.gettext(
            "TikTok keeps only recent history of this part, so its {n} records are a lower bound: older ones are "
            "missing from the export, not absent in reality.").format(n=count))
    return notes


def category_sentence(category: str, analysis: Analysis, export: Export, fmt: Formatter) -> str:
    """One sentence saying what the export holds of a category, or that it holds none."""
    n = fmt.number
    total = analysis.categories[category]
    if total == 0:
        return fmt.gettext("The export holds no records of this kind.")
    v = analysis.viewing
    if category == Category.VIEWING_BEHAVIOUR:
        also = fmt.gettext("Likes: {likes}; favourites: {favourites}; shares: {shares}; searches: {searches}.")
        if v.views:
            watched = fmt.ngettext(
                "TikTok kept a list of {n} video {child} watched between {first} and {last}, with the exact "
                "second it started.",
                "TikTok kept a list of {n} videos {child} watched between {first} and {last}, with the exact "
                "second each started.", v.views).format(n=n(v.views), first=fmt.date(v.first_view),
                                                       last=fmt.date(v.last_view), child=fmt.child)
        else:
            watched = fmt.gettext("The export holds no watch history.")
        return watched + " " + also.format(likes=n(v.likes.count), favourites=n(v.favourites.total),
                                           shares=n(v.shares.count), searches=n(v.searches.count))
    if category == Category.PROFILE:
        profile = export.records("profile")
        record = profile[0] if profile else None
        held = [fmt.gettext("the username")]
        if getattr(record, "email", None):
            held.append(fmt.gettext("an e-mail address"))
        if getattr(record, "phone", None):
            held.append(fmt.gettext("a phone number"))
        if getattr(record, "birth_date_text", None):
            held.append(fmt.gettext("a birth date"))
        return fmt.gettext("The profile holds {items}.").format(items=fmt.listing(held))
    if category == Category.VIDEO:
        posts = _count(export, "posts") + _count(export, "deleted_posts")
        return fmt.ngettext("TikTok kept {n} video or photo that {child} posted ({located} with a location).",
                            "TikTok kept {n} videos or photos that {child} posted ({located} with a location).",
                            posts).format(n=n(posts), child=fmt.child,
                                          located=n(analysis.location.posts_with_location
                                                    + analysis.location.deleted_posts_with_location))
    if category == Category.LOCATION:
        loc = analysis.location
        located = fmt.gettext("Records with location information (an IP address, a region or a place tag; none of "
                              "them proves where {child} was): {n}. Log-ins whose IP address could be placed in a "
                              "country: {logins}.").format(n=n(loc.records_revealing_location), child=fmt.child,
                                                           logins=n(loc.logins_with_resolved_ip))
        if loc.records_placing_outside_eea is None:
            abroad = fmt.gettext("No IP address or region in the export could be placed in a country, so whether any "
                                 "record was made outside the EEA cannot be said.")
        else:
            abroad = fmt.gettext("Records that place the account outside the EEA: {abroad}.").format(
                abroad=n(loc.records_placing_outside_eea))
        return located + " " + abroad
    if category == Category.COMMUNICATION:
        return fmt.gettext("Direct messages kept: {messages}, in {conversations} conversations. Comments "
                           "kept: {comments}.").format(messages=n(_count(export, "direct_messages")),
                                               conversations=n(_distinct(export, "direct_messages", "conversation")),
                                               comments=n(_count(export, "comments")))
    if category == Category.SOCIAL:
        return fmt.gettext("Followers: {followers}; accounts followed: {following}; blocked accounts: "
                           "{blocked}.").format(followers=n(_count(export, "followers")),
                                                 following=n(_count(export, "following")),
                                                 blocked=n(_count(export, "blocked")))
    if category == Category.ADVERTISING:
        return fmt.gettext("Events that other companies or apps passed on to TikTok, linked to the account (they "
                           "show what was reported, not who did it): {events}, from {sources} different "
                           "senders.").format(
            events=n(_count(export, "off_tiktok_activity")),
            sources=n(_distinct(export, "off_tiktok_activity", "source")))
    if category == Category.DEVICE_AND_LOGIN:
        return fmt.gettext("Log-ins kept with device and network details: {logins}. Records of device and "
                           "advertising identifiers: {devices}.").format(
            logins=n(_count(export, "logins")), devices=n(_count(export, "device_status")))
    if category == Category.COMMERCE:
        return fmt.ngettext("{n} record of purchases, gifts or shopping is kept.",
                            "{n} records of purchases, gifts or shopping are kept.", total).format(n=n(total))
    return fmt.ngettext("{n} setting is listed, as it stood when the export was made.",
                        "{n} settings are listed, as they stood when the export was made.", total).format(n=n(total))


def summary_sentences(export: Export, analysis: Analysis, fmt: Formatter) -> list[str]:
    """The claim figures first, then one sentence for each category the export holds."""
    n = fmt.number
    age = analysis.age
    sentences = [fmt.ngettext(
        "The export holds {n} record about {child}.", "The export holds {n} records about {child}.",
        analysis.record_count).format(n=n(analysis.record_count), child=fmt.child)]
    sentences.append(fmt.gettext(
        "Records from 25 May 2018 on (the GDPR applies from that day): {since}."
    ).format(since=n(age.since_claim_start)))
    sentences += class_sentences(analysis, fmt)
    if age.birth_date.value is not None:
        bands = age.bands
        which = (fmt.gettext("by the birth date given") if age.birth_date.source == "override"
                 else fmt.gettext("by the birth date on the account"))
        sentences.append(fmt.gettext(
            "By the age of {child} at the time ({which}): {u13} records while under 13, {a} at 13 to 15, {b} at 16 "
            "or 17 and {c} at 18 or older; the age is unknown for {d}. The {held} records of the account's state "
            "held on the export date are counted apart.").format(
                child=fmt.child, which=which, u13=n(bands["under_13"]), a=n(bands["13_15"]), b=n(bands["16_17"]),
                c=n(bands["18_plus"]), d=n(bands["unknown_age"]), held=n(bands["held_at_export"])))
        sentences.append(fmt.gettext(
            "Records since {date} made while {child} was younger than the digital age of consent ({rule}): {n}. "
            "This matters where consent is the legal basis (article 8 GDPR, article 5 UAVG)."
        ).format(n=n(age.under_consent_age), date=fmt.date(age.consent_applies_from),
                 rule=consent_rule_text(age.consent_country, fmt), child=fmt.child))
    elif age.birth_date.candidates:
        sentences.append(fmt.gettext("The birth date cannot be used (see the age part for why), so the age bands and "
                                     "the consent count are unknown. A new report made with the real birth date "
                                     "gives them."))
    else:
        sentences.append(fmt.gettext("The export holds no birth date, so the age bands and the consent count are "
                                     "unknown. A new report made with the real birth date gives them."))
    if age.birth_date.declared_under_13:
        sentences.append(fmt.gettext("According to the birth date on the account, {child} was under 13 at the "
                                     "first record.").format(child=fmt.child))
    sentences += [category_sentence(str(c), analysis, export, fmt) for c in Category if analysis.categories[str(c)]]
    return sentences


def limits(export: Export, analysis: Analysis, fmt: Formatter) -> list[str]:
    """What the export (and so the report) cannot show, kept apart from the facts."""
    _ = fmt.gettext
    out = [
        _("TikTok writes its times without a time zone; this report reads them as UTC and shows them in "
          "{zone}. A child's local midnight can differ from UTC by up to 14 hours, so records that "
          "close to a birthday or to 25 May 2018 are counted separately.").format(zone=fmt.zone_name),
        _("The birth date in the export is the value on file when the export was made; the export does not show "
          "who entered it, when, or whether TikTok checked it."),
        _("The export records when each video started, not how long it was watched: watch time is an estimate "
          "with a lower and an upper bound."),
        _("Exports made in 2024 and 2025 keep only about the last 180 days of watch history and searches, and only "
          "the most recent 6,000 to 8,000 likes. Earlier activity is missing from the export, not absent in "
          "reality."),
        _("Settings show how they stood when the export was made, not their history."),
        _("An IP address shows where its block is registered, not where the device was."),
        _("A section that is missing from the export is reported as absent, never as no activity."),
    ]
    if analysis.coverage:
        # Each part's reach is stated where its count is, as a lower bound; here once why.
        out.append(_("How far back watch history, searches, likes and log-ins reach in this export is said with "
                     "each of them, and their counts are lower bounds."))
    if export.ledger.unrecognised():
        out.append(_("Some parts of the export were not recognised; they are listed in the appendix and were not "
                     "dropped."))
    return out
