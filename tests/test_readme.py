"""The README's tables list every check and every fault, so the documentation cannot fall behind
the code."""

from __future__ import annotations

from pathlib import Path

from contract_tests.checks import DOMAIN_CHECKS
from mockserver.faults.catalogue import FAULTS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_domain_check_has_a_row() -> None:
    missing = [c.__name__ for c in DOMAIN_CHECKS if f"| `{c.__name__}` |" not in README]
    assert missing == []


def test_every_fault_has_a_row_naming_its_check() -> None:
    rows = {
        line.split("|")[1].strip(" `"): line
        for line in README.splitlines()
        if line.startswith("| `")
    }
    for name, fault in FAULTS.items():
        assert name in rows, f"no README row for fault {name}"
        assert f"`{fault.caught_by}`" in rows[name]
