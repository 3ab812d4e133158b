"""`python -m mockserver.contract.lint`: load the contract as the kit does; report in a line."""

from __future__ import annotations

import sys

from mockserver.contract.loader import ContractError, load_contract


def main() -> int:
    try:
        contract = load_contract()
    except ContractError as error:
        print(f"contract-lint: {error}", file=sys.stderr)
        return 1
    print(f"contract-lint: {contract.path} is valid ({len(contract.operations())} operations)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
