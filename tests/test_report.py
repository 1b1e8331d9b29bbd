"""The HTML report: structure, redaction by mode, escaping of hostile strings, determinism, languages."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dsar_analyzer import load
from dsar_analyzer.analysis.export_figures import analyse
from dsar_analyzer.cli import cli
from dsar_analyzer.report.context import ReportOptions
from dsar_analyzer.report.redact import Mode
from dsar_analyzer.report.render import render_report
from dsar_analyzer.report.visible import visible
from tests.report_fixtures import HOSTILE, write_hostile_export

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_exports"
MOMENT = datetime(2026, 1, 1, tzinfo=timezone.utc)
KEY = b"case-key-for-tests-0123456789abc"

HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "p", "h1", "h2", "h3", "dl", "dt", "dd",
             "nav", "ol", "li", "a", "main", "section", "ul", "table", "thead", "tbody", "tr", "th", "td", "div",
             "code", "figure", "figcaption", "footer", "q"}
SVG_TAGS = {"svg", "g", "path", "rect", "text", "defs", "use", "clippath", "clipPath", "pattern", "title", "style",
            "tspan", "polyline", "line", "circle"}


class Structure(HTMLParser):
    """Collects every element, attribute and text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Structure:
    structure = Structure()
    structure.feed(html)
    return structure


def render(path: Path, mode: Mode = Mode.REDACTED, language: str = "en") -> str:
    export = load(path)
    analysis = analyse(export)
    options = ReportOptions(language=language, mode=mode, case_key=KEY if mode is Mode.CLAIM else None,
                            generated_at=MOMENT)
    return render_report(export, analysis, options).html


def assert_inert(html: str) -> Structure:
    """No script, no event handler, no external resource, links only to TikTok pages."""
    structure = parse(html)
    for tag, attrs in structure.tags:
        assert tag in HTML_TAGS | {t.lower() for t in SVG_TAGS}, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "xlink:href", "src"):
                assert value is not None
                sibling_report = re.fullmatch(r"[A-Za-z0-9._-]+\.html", value) is not None
                assert sibling_report or value.startswith("#") or value.startswith(
                    ("https://www.tiktok.com/", "https://www.tiktokv.com/", "https://m.tiktok.com/")), value
    assert "<script" not in html.lower()
    assert "@import" not in html and "url(" not in html.replace("url(#", "")
    return structure


@pytest.mark.parametrize("mode", list(Mode))
def test_hostile_strings_are_escaped_in_every_mode(tmp_path: Path, mode: Mode) -> None:
    html = render(write_hostile_export(tmp_path), mode)
    structure = assert_inert(html)
    text = "".join(structure.text)
    if mode is Mode.FULL:
        for hostile in HOSTILE[:4]:
            assert hostile in text  # shown, as text
    assert 'http-equiv="Content-Security-Policy"' in html
    assert "default-src 'none'" in html


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_any_comment_text_stays_text(tmp_path_factory: pytest.TempPathFactory, comment: str) -> None:
    import orjson

    folder = tmp_path_factory.mktemp("hyp")
    path = folder / "user_data_tiktok.json"
    path.write_bytes(orjson.dumps({"Comment": {"Comments": {"CommentsList": [
        {"date": "2020-03-07 10:00:00", "comment": comment}]}}}))
    html = render(path, Mode.FULL)
    assert_inert(html)
    if comment.strip() not in ("", "None", "N/A", "null"):
        # As the report shows it: hiding and reordering characters made visible, RTL text isolated.
        assert visible(comment) in "".join(parse(html).text)


def test_redacted_report_withholds_content_and_masks_contact_data() -> None:
    export = load(SAMPLES / "g4-en-sample_child_a.zip")
    html = render(SAMPLES / "g4-en-sample_child_a.zip")
    text = "".join(parse(html).text)
    profile = export.records("profile")[0]
    for message in export.records("direct_messages"):
        if message.content and len(message.content) > 3:
            assert message.content not in text
    for login in export.records("logins"):
        assert login.ip not in text
    first_ip = export.records("logins")[0].ip
    assert ".".join(first_ip.split(".")[:3]) + ".0/24" in text
    assert profile.email not in text and profile.phone not in text
    for search in export.records("searches"):
        assert search.term not in text
    full = "".join(parse(render(SAMPLES / "g4-en-sample_child_a.zip", Mode.FULL)).text)
    assert profile.email in full
    assert export.records("logins")[0].ip in full


def test_claim_report_pseudonymises_every_person() -> None:
    export = load(SAMPLES / "g4-en-sample_child_a.zip")
    text = "".join(parse(render(SAMPLES / "g4-en-sample_child_a.zip", Mode.CLAIM)).text)
    names = {r.username for s in ("followers", "following", "blocked") for r in export.records(s)}
    names |= {m.conversation for m in export.records("direct_messages")}
    names.add(export.records("profile")[0].username)
    assert names and not any(name in text for name in names)
    assert "child-" in text and "person-" in text


def test_report_sections_carry_the_figures() -> None:
    export = load(SAMPLES / "g4-en-sample_child_a.zip")
    analysis = analyse(export)
    structure = parse(render(SAMPLES / "g4-en-sample_child_a.zip"))
    categories = {a["data-category"]: int(a["data-count"]) for t, a in structure.tags if "data-category" in a}
    assert categories == analysis.categories
    bands = {a["data-band"]: int(a["data-count"]) for t, a in structure.tags if "data-band" in a}
    assert bands == analysis.age.bands
    members = [a for t, a in structure.tags if a.get("data-table") == "members"]
    assert members[0]["data-count"] == str(len(export.ledger.members))
    sections = [a for t, a in structure.tags if a.get("data-table") == "ledger-sections"]
    assert sections[0]["data-count"] == str(len(export.ledger.sections))
    text = "".join(structure.text)
    assert export.input.sha256 in text
    assert all(m.sha256 in text for m in export.ledger.members if m.sha256)
    assert "TikTok kept a list of 40 videos your child watched between 21 June 2019 and 21 June 2021" in text


def test_same_input_gives_identical_bytes_and_a_matching_hash_file(tmp_path: Path) -> None:
    outs = []
    for run in ("a", "b"):
        result = CliRunner(env={"SOURCE_DATE_EPOCH": "1767225600"}).invoke(
            cli, ["report", str(SAMPLES / "g4-en-sample_child_a.zip"), "--out", str(tmp_path / run)])
        assert result.exit_code == 0, result.output
        outs.append((tmp_path / run / "g4-en-sample_child_a.html").read_bytes())
    assert outs[0] == outs[1]
    digest = (tmp_path / "a" / "g4-en-sample_child_a.html.sha256").read_text()
    assert digest == f"{hashlib.sha256(outs[0]).hexdigest()}  g4-en-sample_child_a.html\n"
    assert "1 January 2026 00:00:00 UTC" in outs[0].decode()
    assert (tmp_path / "a" / "g4-en-sample_child_a.html").stat().st_mode & 0o777 == 0o600


def test_family_gives_one_report_per_child_and_an_index(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", str(SAMPLES / "g4-en-sample_child_a.zip"),
                                      str(SAMPLES / "g3-en-sample_child_b.zip"), "--out", str(tmp_path),
                                      "--generated-at", "2026-01-01T00:00:00"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "g3-en-sample_child_b.html", "g3-en-sample_child_b.html.sha256", "g4-en-sample_child_a.html",
        "g4-en-sample_child_a.html.sha256", "index.html", "index.html.sha256"]
    index = parse((tmp_path / "index.html").read_text())
    rows = [a["data-report"] for t, a in index.tags if "data-report" in a]
    assert rows == ["g4-en-sample_child_a.html", "g3-en-sample_child_b.html"]
    assert_inert((tmp_path / "index.html").read_text())


def test_claim_mode_needs_a_case_key(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", str(SAMPLES / "g4-en-sample_child_a.zip"), "--out", str(tmp_path),
                                      "--claim"])
    assert result.exit_code == 2
    assert "--case-key-file" in result.stderr


def test_bad_input_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "broken.zip"
    bad.write_bytes((SAMPLES / "g4-en-sample_child_a.zip").read_bytes()[:500])
    result = CliRunner().invoke(cli, ["report", str(bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()  # the folder made for the report is removed again


def _translated_ids() -> list[str]:
    po = ROOT / "dsar_analyzer" / "report" / "locale" / "nl" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    ids = []
    for message in catalog:
        if not message.id:
            continue
        for english in (message.id if isinstance(message.id, tuple) else (message.id,)):
            ids.append(english)
    return ids


def test_every_message_has_a_dutch_translation() -> None:
    po = ROOT / "dsar_analyzer" / "report" / "locale" / "nl" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    missing = [m.id for m in catalog if m.id and (m.fuzzy or not m.string or
                                                   (isinstance(m.string, tuple) and not all(m.string)))]
    assert missing == []


def test_dutch_report_has_no_english_left() -> None:
    html = render(SAMPLES / "txt-2025-nl-sample_child_a.zip", language="nl")
    text = " ".join("".join(parse(html).text).split())
    english = [s for s in _translated_ids() if len(s) > 12 and "{" not in s and s in text]
    assert english == []
    assert 'lang="nl"' in html
    assert "1 januari 2026" in text


def test_pdf_option_writes_a_pdf_or_says_what_to_install(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", str(SAMPLES / "g3-en-sample_child_b.zip"), "--out", str(tmp_path),
                                      "--pdf", "--generated-at", "2026-01-01"])
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        assert result.exit_code == 2
        assert result.stderr == ("dsar-analyzer: PDF output needs the optional extra: pip install "
                                 "'dsar-analyzer[pdf]'; or print the HTML report to PDF from a browser.\n")
        assert list(tmp_path.iterdir()) == []
    else:
        assert result.exit_code == 0, result.output
        assert (tmp_path / "g3-en-sample_child_b.pdf").read_bytes().startswith(b"%PDF")
        assert result.output.splitlines() == [str(tmp_path / "g3-en-sample_child_b.html"),
                                              str(tmp_path / "g3-en-sample_child_b.pdf")]


def test_dutch_report_translates_ledger_reasons_and_file_notes(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Kijkgeschiedenis.txt").write_bytes(
        b"\xef\xbb\xbfDatum: 2025-01-05 16:40:02 UTC\r\nLink: https://www.tiktokv.com/share/video/1/\r\n\r\n")
    (folder / "Onbekend.txt").write_bytes(b"Datum: 2025-01-05\n")
    html = render(folder, language="nl")
    text = " ".join("".join(parse(html).text).split())
    assert "bestand begint met een UTF-8-bytevolgordeteken (verwijderd)" in text
    assert "bestand gebruikt Windows-regeleinden (CRLF)" in text
    assert "byte order mark" not in text and "TXT file name not known" not in text
    english = [s for s in _translated_ids() if len(s) > 12 and "{" not in s and s in text]
    assert english == []


def test_report_options_default_time_stamp_honours_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    from dsar_analyzer.report.context import ReportOptions

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert ReportOptions(language="nl").generated_at == datetime(2026, 1, 1, tzinfo=timezone.utc)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(ValueError, match="must be whole seconds since 1970"):
        ReportOptions(language="nl")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    moment = ReportOptions(language="en").generated_at
    assert moment.tzinfo is timezone.utc and moment.microsecond == 0
