"""The report as Markdown for a pull-request comment: a summary line, then tables."""

from __future__ import annotations

from contract_tests.contract_diff.change import Change
from contract_tests.contract_diff.report import DiffReport


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return f"`{_cell(text)}`" if "`" not in text else _cell(text)


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _change_row(change: Change, *notes: str) -> str:
    cells = [_code(change.rule), _code(change.operation_id), _code(change.where)]
    return _row(*cells, *(_cell(note) for note in notes))


def render_markdown(report: DiffReport) -> str:
    verdict = "Breaking changes found" if report.failed else "No unaccepted breaking changes"
    lines = [
        f"### Contract diff: {verdict}",
        "",
        f"{_code(report.old)} → {_code(report.new)}: {report.summary()}.",
    ]
    if report.blocking or report.accepted:
        lines += ["", "#### Breaking", "", _row("Rule", "Operation", "Where", "Why", "Status")]
        lines.append(_row(*["---"] * 5))
        lines += [_change_row(change, change.reason, "blocks") for change in report.blocking]
        for accepted in report.accepted:
            note = f"accepted: {accepted.entry.reason}" if accepted.entry.reason else "accepted"
            lines.append(_change_row(accepted.change, accepted.change.reason, note))
    if report.impacts:
        lines += ["", "#### What the breaking changes break", ""]
        lines += [_row("Who", "Problem", "Rule"), _row(*["---"] * 3)]
        for found in report.impacts:
            rule = _code(found.change.rule) if found.change else "(no single change)"
            lines.append(_row(_cell(found.describe()), _cell(found.problem), rule))
    if report.compatible:
        lines += ["", "#### Compatible", "", _row("Rule", "Operation", "Where", "Note")]
        lines.append(_row(*["---"] * 4))
        lines += [_change_row(change, change.reason) for change in report.compatible]
    if report.unused_entries:
        lines += ["", "#### Allow-list entries that accept nothing", ""]
        lines += [f"- {_code(e.rule)} at {_code(e.where)}" for e in report.unused_entries]
    return "\n".join(lines) + "\n"
