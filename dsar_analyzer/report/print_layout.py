"""The printed page: the running header (child or case, report date, archive hash) as safe CSS text.

A4 pages carry in their top margin who the report is about, when it was made and the first 12
hex digits of the archive's SHA-256, and in the bottom margin "page 3 of 12", so a loose page of
a claim file can be put back. CSS margin boxes take only text from the style sheet, so the values
are written into it as CSS strings. Every character that is not a plain ASCII letter, digit or
space is written as a CSS escape (``\\00003C ``): nothing from the export can end the string, the
rule or the ``<style>`` element, whatever the child's username holds.
"""

from __future__ import annotations

from markupsafe import Markup

HASH_PREFIX = 12


def css_string(value: str) -> str:
    """``"..."`` with every character but ASCII letters, digits and spaces as a six-digit escape."""
    out = []
    for char in value:
        if char.isascii() and (char.isalnum() or char == " "):
            out.append(char)
        elif 0xD800 <= ord(char) <= 0xDFFF or ord(char) == 0:
            out.append("\\00FFFD ")  # CSS forbids these code points; show the replacement character
        else:
            out.append(f"\\{ord(char):06X} ")
    return '"' + "".join(out) + '"'


def running_header(child: str, report_date: str, archive_sha256: str, *, page: str, archive: str) -> Markup:
    """The ``@page`` margin boxes of a report (CSS rules, safe to place inside ``<style>``)."""
    left = css_string(child)
    right = css_string(f"{report_date} · {archive} {archive_sha256[:HASH_PREFIX]}")
    before, _, rest = page.partition("{page}")
    middle, _, after = rest.partition("{pages}")
    footer = f"{css_string(before)} counter(page) {css_string(middle)} counter(pages) {css_string(after)}"
    return Markup(
        "@page { @top-left { content: " + left + "; } @top-right { content: " + right + "; } "
        "@bottom-center { content: " + footer + "; } }")
