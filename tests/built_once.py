"""A costly test fixture built once per run, whichever of pytest-xdist's workers asks first.

pytest-xdist spreads a module's tests over its workers, and each worker builds the module's
fixtures again: the packaging fixture (a wheel installed from the index, about a minute) ran on
every worker. `--dist loadgroup` would keep such modules on one worker, but its marks have no
effect under pytest 9 (it renames `Item._nodeid`, which pytest no longer reads). So the first
worker builds into a folder the run's workers share, under a lock; the others wait and reuse it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest


def built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]
) -> Path:
    """The folder `build` filled, made at most once in this run (a failed build is retried by
    the next worker that asks, which then fails as well)."""
    base = tmp_path_factory.getbasetemp()
    # Under xdist each worker's base is popen-gwN inside the run's own folder.
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared / f"built-once-{name}"
    with (shared / f"built-once-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".built").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (folder / ".built").touch()
    return folder
