"""A contract to compare, from a file or from git (`main:openapi.yaml`), loaded, validated and
resolved by the kit's one loader, so an invalid one is the loader's one-line ContractError."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path, PurePosixPath
from typing import Any

from mockserver.contract.loader import ContractError, load_contract

GIT_TIMEOUT = 30.0


def load_document(spec: str, repo: Path | None = None) -> dict[str, Any]:
    """The resolved document in file `spec`, or at git revision `REV:path` (run in `repo`)."""
    path = Path(spec)
    if path.is_file():
        return load_contract(path).resolved()
    if ":" not in spec:
        raise ContractError(f"{spec}: no such file (a git revision is written REV:path)")
    text = _git_show(spec, repo)
    # The loader reads files; the temporary copy keeps the revision's file name, and its path
    # in messages is replaced by the revision spec the user wrote.
    name = PurePosixPath(spec.split(":", 1)[1]).name or "openapi.yaml"
    with tempfile.TemporaryDirectory(prefix="leadping-contract-diff-") as scratch:
        copy = Path(scratch) / name
        copy.write_text(text, encoding="utf-8")
        try:
            return load_contract(copy).resolved()
        except ContractError as error:
            message = str(error).replace(str(copy.resolve()), spec).replace(str(copy), spec)
            raise ContractError(message) from None


def _git_show(spec: str, repo: Path | None) -> str:
    try:
        done = subprocess.run(
            ["git", "show", spec],
            cwd=repo,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise ContractError(f"{spec}: git is not installed, so a revision cannot be read") from None
    except subprocess.TimeoutExpired:
        raise ContractError(f"{spec}: git show took over {GIT_TIMEOUT:.0f} s") from None
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        detail = lines[0] if lines else f"exit code {done.returncode}"
        raise ContractError(f"{spec}: not a file, and git cannot read it: {detail}")
    try:
        return done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise ContractError(f"{spec}: not UTF-8 text") from None
