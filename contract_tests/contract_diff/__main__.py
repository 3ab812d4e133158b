"""`python -m contract_tests.contract_diff COMMAND ...`: the three commands until the kit's own
CLI carries them."""

from __future__ import annotations

import sys

from contract_tests.contract_diff.cli import (
    consumer_contract_main,
    diff_main,
    verify_consumer_main,
)

COMMANDS = {
    "diff": diff_main,
    "verify-consumer": verify_consumer_main,
    "consumer-contract": consumer_contract_main,
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in COMMANDS:
        print(
            f"usage: python -m contract_tests.contract_diff {{{','.join(COMMANDS)}}} ...",
            file=sys.stderr,
        )
        return 2
    return COMMANDS[args[0]](args[1:])


if __name__ == "__main__":
    sys.exit(main())
