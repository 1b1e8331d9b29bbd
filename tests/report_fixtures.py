"""Exports for report tests: a hostile one with attack strings in every field a child or TikTok controls."""

from __future__ import annotations

import zipfile
from pathlib import Path

import orjson

#: Strings that would run script, load something, or break out of their element if not escaped.
HOSTILE = [
    "<script>window.__pwned=1</script>",
    "\"><img src=x onerror=\"window.__pwned=1\">",
    "</style><script>window.__pwned=1</script>",
    "<svg onload=window.__pwned=1>",
    "javascript:window.__pwned=1",
    "{{ 7*7 }}{% raw %}",
    "\u202eevil\u202c & 'quotes' \"double\"",
    "<a href=https://evil.example/>x</a>",
]


def hostile_document() -> dict:
    h = HOSTILE
    return {
        "Profile": {"Profile Info": {"ProfileMap": {
            "userName": h[0], "displayName": h[1], "bioDescription": h[2], "emailAddress": "a<b>@example.com",
            "telephoneNumber": "+31600000000<script>", "birthDate": "14-Sep-2009", "profilePhoto": h[4],
            "PlatformInfo": [{"Name": h[3], "Platform": h[1]}], "Sneaky<b>Key": h[0]}}},
        "Your Activity": {
            "Watch History": {"VideoList": [
                {"Date": "2020-03-01 10:00:00", "Link": "javascript:window.__pwned=1", "Title": h[5]},
                {"Date": "2020-03-01 10:01:00", "Link": "https://www.tiktokv.com/share/video/7000000000000000001/"},
            ]},
            "Searches": {"SearchList": [{"Date": "2020-03-02 10:00:00", "SearchTerm": h[0]}]},
            "Share History": {"ShareHistoryList": [
                {"Date": "2020-03-03 10:00:00", "SharedContent": h[3], "Link": h[7], "Method": h[1]}]},
            "Login History": {"LoginHistoryList": [
                {"Date": "2020-03-04 10:00:00", "IP": "<b>203.0.113.7</b>", "DeviceModel": h[0],
                 "DeviceSystem": h[6], "NetworkType": h[3], "Carrier": h[2]}]},
            "Off TikTok Activity": {"OffTikTokActivityDataList": [
                {"TimeStamp": "2020-03-05 10:00:00", "Source": h[0], "Event": h[1]}]},
            "Follower": {"FansList": [{"Date": "2020-03-06 10:00:00", "UserName": h[1]}]},
            "Status": {"Status List": [{"IDFA": h[0], "Resolution": h[6]}]},
            f"New Section {h[0]}": {"Items": [{"x": h[1]}]},
        },
        "Comment": {"Comments": {"CommentsList": [
            {"date": "2020-03-07 10:00:00", "comment": h[0], "photo": h[4], "url": h[7], h[1]: h[2]}]}},
        "Direct Message": {"Direct Messages": {"ChatHistory": {
            f"Chat History with {h[1]}:": [{"Date": "2020-03-08 10:00:00", "From": h[3], "Content": h[0]}]}}},
        "Post": {"Posts": {"VideoList": [
            {"Date": "2020-03-09 10:00:00", "Link": h[4], "Location": h[0], "Title": h[2], "Sound": h[1]}]}},
        "App Settings": {"Settings": {"SettingsMap": {h[0]: h[1], "Interests": h[3]}}},
        "Tiktok Live": {"Watch Live History": {"WatchLiveMap": {h[1]: {
            "WatchTime": "2020-03-10 10:00:00", "Link": h[4],
            "Comments": [{"CommentTime": "2020-03-10 10:01:00", "CommentContent": h[0], "RawTime": 1583834460}]}}}},
    }


def write_hostile_export(folder: Path) -> Path:
    path = folder / "hostile.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("user_data_tiktok.json", orjson.dumps(hostile_document()))
        archive.writestr("<script>alert(1)</script>.txt", b"Date: 2020-01-01 00:00:00\n")
    return path
