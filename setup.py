"""Carries the kit's own files into the package. The contract and the fixtures stay at the top of
the repository, where people edit them; a wheel holds a copy in mockserver/kit_files/, where
mockserver/files/installed_kit.py finds them (docs/decisions.md, K1). Everything else about the
build is in pyproject.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

# What the commands read at run time: the contract, the scenarios, the payload catalogue, and the
# configuration leadping-contract hands schemathesis.
KIT_FILES = ("openapi.yaml", "fixtures/scenarios", "fixtures/payloads", "schemathesis.toml")
PACKAGED = Path("mockserver") / "kit_files"


def kit_sources() -> list[str]:
    """Every file KIT_FILES names, relative to the project (what the sdist must carry)."""
    found: list[str] = []
    for name in KIT_FILES:
        path = Path(name)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        found += [p.as_posix() for p in files if "__pycache__" not in p.parts]
    return found


class BuildWithKitFiles(build_py):
    """build_py, plus a copy of the kit's files into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return  # an editable install reads them in the checkout
        # A build folder left from an earlier build may hold files since removed or renamed.
        shutil.rmtree(Path(self.build_lib) / PACKAGED, ignore_errors=True)
        for source in kit_sources():
            target = Path(self.build_lib) / PACKAGED / source
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)

    def get_source_files(self) -> list[str]:
        # The sdist lists what build_py reads: so the kit's files travel in it too.
        return [*super().get_source_files(), *kit_sources()]


setup(cmdclass={"build_py": BuildWithKitFiles})
