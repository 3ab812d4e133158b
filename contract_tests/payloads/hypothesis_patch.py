"""The kit's one patch of Hypothesis internals, in one place, written for Hypothesis 6.170.

Hypothesis mixes string and number constants from every local module loaded in the process into
what it draws, so the catalogue would change with whatever happens to be imported (or with any
new constant in the project). Hypothesis has no setting for it, so the catalogue's draws run with
that collection patched out. An upgrade that moves any of the names fails here, naming it.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator
from importlib.metadata import version
from typing import Any
from unittest import mock

# module -> the names of it this patch uses
PATCHED = {
    "hypothesis.internal.conjecture.providers": ("_get_local_constants", "CONSTANTS_CACHE"),
    "hypothesis.internal.constants_ast": ("Constants",),
    "hypothesis.internal.floats": ("float_to_int",),
}


class HypothesisMoved(RuntimeError):
    """A Hypothesis internal this patch relies on is gone."""


def _internals() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for module_name, names in PATCHED.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            module = None
        for name in names:
            if module is None or not hasattr(module, name):
                raise HypothesisMoved(
                    f"hypothesis {version('hypothesis')} has no {module_name}.{name}; the "
                    "catalogue's draws were written for 6.170 (contract_tests/payloads/"
                    "hypothesis_patch.py): pin it in constraints.txt or port the patch"
                )
            found[name] = getattr(module, name)
        found[module_name] = module
    return found


@contextlib.contextmanager
def without_local_constants() -> Iterator[None]:
    """Draws that depend only on the strategy and the seed, not on what is imported."""
    from sortedcontainers import SortedSet

    internals = _internals()
    empty = internals["Constants"](
        integers=SortedSet(),
        floats=SortedSet(key=internals["float_to_int"]),
        bytes=SortedSet(),
        strings=SortedSet(),
    )
    providers = internals["hypothesis.internal.conjecture.providers"]
    with (
        mock.patch.object(providers, "_get_local_constants", return_value=empty),
        mock.patch.object(providers, "CONSTANTS_CACHE", {}),  # it caches the pools per type
    ):
        yield
