"""The report as the lines a terminal shows: the summary, then each change on its own line."""

from __future__ import annotations

from contract_tests.contract_diff.report import DiffReport


def render_text(report: DiffReport) -> str:
    lines = [f"contract diff {report.old} -> {report.new}: {report.summary()}"]
    for change in report.blocking:
        lines.append(f"BREAKING   {change.rule}  {change.where}")
        lines.append(f"           {change.reason}")
        lines += [
            f"           breaks {i.describe()}: {i.problem}" for i in report.impacts_of(change)
        ]
    for accepted in report.accepted:
        because = f" ({accepted.entry.reason})" if accepted.entry.reason else ""
        lines.append(f"accepted   {accepted.change.rule}  {accepted.change.where}{because}")
    lines += [f"compatible {change.rule}  {change.where}" for change in report.compatible]
    unexplained = [i for i in report.impacts if i.change is None or not i.change.breaking]
    lines += [f"impact     {i.describe()}: {i.problem}" for i in unexplained]
    lines += [f"unused allow-list entry: {e.rule} at {e.where}" for e in report.unused_entries]
    return "\n".join(lines) + "\n"
