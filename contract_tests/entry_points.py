"""The contract side's commands, as installed: each needs the kit's `contract` extra
(schemathesis and Hypothesis), which serving the mock does not (decision K3). Without it a
command says how to install it, in one line, instead of an import traceback."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable

EXTRA = ("schemathesis", "hypothesis")
INSTALL = "install the kit with it, e.g. pipx install --force '.[contract]' (README: Installing)"


def _run(prog: str, module: str) -> int:
    try:
        main: Callable[[], int] = importlib.import_module(module).main
    except ModuleNotFoundError as error:
        missing = (error.name or "").split(".")[0]
        if missing not in EXTRA:
            raise
        print(f"{prog}: needs {missing}, from the kit's contract extra: {INSTALL}", file=sys.stderr)
        return 2
    return main()


def contract() -> int:
    return _run("leadping-contract", "contract_tests.cli")


def payloads() -> int:
    return _run("leadping-payloads", "contract_tests.payloads.cli")


def proxy() -> int:
    return _run("leadping-proxy", "contract_tests.proxy.cli")
