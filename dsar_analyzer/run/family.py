"""The family index: one page comparing the children whose exports were read, linking each child's report."""

from __future__ import annotations

from collections.abc import Sequence

from dsar_analyzer.report.context import ReportOptions, child_display_name
from dsar_analyzer.report.render import FamilyMember, RenderedReport, render_index
from dsar_analyzer.run.outcome import Outcome


def child_label(outcome: Outcome, options: ReportOptions) -> str:
    """The child's label: the case row's, else the name the report of this mode shows."""
    if outcome.child:
        return outcome.child  # type: ignore[no-any-return]
    assert outcome.export is not None, "only an outcome that was read has a child"
    return child_display_name(outcome.export, options)


def family_index(children: Sequence[tuple[str, Outcome]], options: ReportOptions) -> RenderedReport:
    """An index of ``children`` (each the link to its report and its outcome), in ``options``' language and mode."""
    members = [FamilyMember(file=link, name=child_label(outcome, options), analysis=outcome.analysis)
               for link, outcome in children if outcome.analysis is not None]
    return render_index(members, options)
