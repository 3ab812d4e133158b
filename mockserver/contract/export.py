"""`python -m mockserver.contract.export --for prism OUT`: a copy of the contract for a tool that
misreads it as written. The contract itself stays the OpenAPI 3.0 form every other tool reads.

Prism (5.x, stoplightio/prism#1931) turns `nullable: true` into a second `null` in an enum that
already lists it (decision C2); its validator then refuses to build the schema and Prism skips
that body without a word. Its copy lists no `null` in those enums, and Prism's converter adds
the one `null` back: Prism then validates the same values the contract allows.
"""

from __future__ import annotations

import argparse
import copy
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from mockserver.contract.loader import ContractError, Spec, load_contract

HEADER = (
    "# Written by `python -m mockserver.contract.export --for {tool}` from {source}; do not edit.\n"
    "# {why}\n"
)


def _without_listed_null(node: Any) -> Any:
    """Every nullable enum with `null` left out of its values; everything else as it is."""
    if isinstance(node, list):
        return [_without_listed_null(item) for item in node]
    if not isinstance(node, dict):
        return node
    copied = {key: _without_listed_null(value) for key, value in node.items()}
    enum = copied.get("enum")
    if copied.get("nullable") is True and isinstance(enum, list) and None in enum:
        copied["enum"] = [value for value in enum if value is not None]
    return copied


def for_prism(raw: Spec) -> Spec:
    """The contract as Prism's validation proxy reads it fully (stoplightio/prism#1931)."""
    return dict(_without_listed_null(copy.deepcopy(raw)))


EXPORTS: dict[str, tuple[Callable[[Spec], Spec], str]] = {
    "prism": (
        for_prism,
        "Nullable enums list no null: Prism skips validating them otherwise (prism#1931).",
    ),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mockserver.contract.export",
        description="Write a copy of the contract for a tool that misreads it as written.",
    )
    parser.add_argument("--for", dest="tool", required=True, choices=sorted(EXPORTS))
    parser.add_argument("out", type=Path, help="the copy to write (YAML)")
    args = parser.parse_args(argv)
    try:
        contract = load_contract()
    except ContractError as error:
        print(f"contract-export: {error}", file=sys.stderr)
        return 1
    convert, why = EXPORTS[args.tool]
    text = HEADER.format(tool=args.tool, source=contract.path.name, why=why)
    text += yaml.safe_dump(convert(contract.raw), sort_keys=False, allow_unicode=True, width=100)
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    except OSError as error:
        # mkdir's error is of a folder on the way ("File exists": a file is in its place).
        blocked = error.filename and Path(error.filename) != args.out
        reason = f"{error.filename}: {error.strerror}" if blocked else error.strerror
        print(f"contract-export: cannot write {args.out}: {reason}", file=sys.stderr)
        return 1
    print(f"contract-export: {args.out} written for {args.tool} from {contract.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
