"""One diff's outcome, as every renderer reads it: the breaks that block, the accepted ones, the
compatible changes, and what the breaks break."""

from __future__ import annotations

from dataclasses import dataclass

from contract_tests.contract_diff.allow_list import AllowEntry, AllowList, allowed
from contract_tests.contract_diff.change import Change
from contract_tests.contract_diff.impact import Impact


@dataclass(frozen=True)
class Accepted:
    """A breaking change and the allow-list entry that accepts it."""

    change: Change
    entry: AllowEntry


@dataclass(frozen=True)
class DiffReport:
    old: str
    new: str
    blocking: tuple[Change, ...]
    accepted: tuple[Accepted, ...]
    compatible: tuple[Change, ...]
    impacts: tuple[Impact, ...] = ()
    unused_entries: tuple[AllowEntry, ...] = ()

    @property
    def failed(self) -> bool:
        return bool(self.blocking)

    def summary(self) -> str:
        """One line: how many breaking changes block, how many are accepted, how many are not."""

        def count(n: int, what: str) -> str:
            return f"{n} {what}{'' if n == 1 else 's'}"

        parts = [count(len(self.blocking), "breaking change") + " not in the allow-list"]
        if self.accepted:
            parts.append(f"{len(self.accepted)} accepted by the allow-list")
        parts.append(count(len(self.compatible), "compatible change"))
        if self.impacts:
            parts.append(count(len(self.impacts), "impact") + " on consumers, payloads, scenarios")
        return ", ".join(parts)

    def impacts_of(self, change: Change) -> list[Impact]:
        return [found for found in self.impacts if found.change == change]


def build_report(
    old: str,
    new: str,
    changes: list[Change],
    allow_list: AllowList,
    impacts: list[Impact] | None = None,
) -> DiffReport:
    blocking, accepted = allowed(changes, allow_list)
    return DiffReport(
        old=old,
        new=new,
        blocking=tuple(blocking),
        accepted=tuple(
            Accepted(change, entry)
            for change in accepted
            if (entry := allow_list.entry_for(change)) is not None
        ),
        compatible=tuple(change for change in changes if not change.breaking),
        impacts=tuple(impacts or ()),
        unused_entries=tuple(allow_list.unused(changes)),
    )
