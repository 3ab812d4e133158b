"""The kit as installed: its version, and its own files (the contract, the scenarios, the payload
catalogue), wherever it is installed.

In the repository they sit at the top, where people edit them; a wheel carries them inside the
package, in `mockserver/kit_files/` (setup.py copies them there, decision K1). An editable
install and a checkout read them in place.
"""

from __future__ import annotations

from importlib import metadata, resources
from pathlib import Path

DISTRIBUTION = "leadping-contract-kit"
PACKAGED = "kit_files"


def from_a_wheel() -> bool:
    """Whether the kit's files are the package's copies (not a checkout's, which one edits)."""
    return (resources.files("mockserver") / PACKAGED).is_dir()


def kit_root() -> Path:
    """The folder holding the kit's `openapi.yaml` and `fixtures/`."""
    packaged = resources.files("mockserver") / PACKAGED
    if packaged.is_dir():
        # pip and every installer unpack wheels to files; a zipped kit would need extracting.
        if not isinstance(packaged, Path):
            raise RuntimeError(f"the kit's files must be on disk, not in {packaged}")
        return packaged
    return Path(__file__).resolve().parents[2]


def kit_file(*parts: str) -> Path:
    """One of the kit's own files or folders, e.g. kit_file("fixtures", "scenarios")."""
    return kit_root().joinpath(*parts)


def kit_version() -> str:
    """The version of the installed distribution: pyproject.toml is the one place it is set."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown (not installed: run pip install .)"
