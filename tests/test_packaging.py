"""The kit installs anywhere: the sdist and the wheel carry the contract and the fixtures, and a
wheel installed into a fresh environment outside the checkout serves the mock and runs the
contract suite from another folder, as `pipx install` or a CI job would use it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.built_once import built_once
from tests.stores.servers import mock_process

ROOT = Path(__file__).resolve().parents[1]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Installed:
    dist: Path
    bin: Path
    elsewhere: Path
    env: dict[str, str]

    def run(self, *command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin / command[0]), *command[1:]],
            cwd=self.elsewhere,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def run(*command: str | Path, cwd: Path = ROOT) -> None:
    done = subprocess.run(
        [str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


def source_copy(scratch: Path) -> Path:
    """The project's files as git would commit them, without the checkout's build leftovers: a
    stale *.egg-info/SOURCES.txt there would put files into the sdist that setup.py forgot."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split("\0")  # fmt: skip
    copy = scratch / "source"
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    return copy


def build_and_install(scratch: Path) -> None:
    dist, venv, elsewhere = scratch / "dist", scratch / "venv", scratch / "elsewhere"
    elsewhere.mkdir()
    # Another project's configuration where the commands run: the kit must not read it.
    (elsewhere / "schemathesis.toml").write_text('[generation]\nmax-examples = "${UNSET}"\n')
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, source_copy(scratch))
    (wheel,) = dist.glob("*.whl")
    # uv, as the Makefile installs (docs/decisions.md, K25): pip took 33 s here, uv 3 s.
    uv = (sys.executable, "-m", "uv")
    run(*uv, "venv", "--quiet", "--python", sys.executable, venv, cwd=scratch)
    # Bytecode compiled as pip and pipx compile it when they install a wheel.
    run(*uv, "pip", "install", "--quiet", "--compile-bytecode", "--python", venv / "bin" / "python",
        "-c", ROOT / "constraints.txt", f"{wheel}[contract]", cwd=scratch)  # fmt: skip


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The sdist and the wheel built from it (as `python -m build` does by default), and the
    wheel installed with its `contract` extra into a fresh venv, its dependencies resolved from
    the index (what `pipx install` or `uv tool install` does, and the one test that shows every
    dependency the commands import is declared)."""
    scratch = built_once(tmp_path_factory, "packaging", build_and_install)
    dist, venv, elsewhere = scratch / "dist", scratch / "venv", scratch / "elsewhere"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env.pop("LEADPING_CONTRACT", None)
    return Installed(dist, venv / "bin", elsewhere, env)


def test_the_sdist_carries_the_contract_and_the_fixtures(installed: Installed) -> None:
    (sdist,) = installed.dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {
        "openapi.yaml",
        "setup.py",
        "fixtures/scenarios/default.yaml",
        "fixtures/scenarios/all-blocked.yaml",
        "fixtures/scenarios/scenario.schema.json",
        "fixtures/payloads/catalogue.ndjson",
        "schemathesis.toml",
    } <= names


def test_the_installed_kit_runs_from_its_own_environment(installed: Installed) -> None:
    where = installed.run(
        "python",
        "-c",
        "import mockserver, contract_tests; from mockserver.files.installed_kit import kit_file;"
        "from contract_tests.payloads.catalogue import DEFAULT_DIR, NDJSON;"
        "print(mockserver.__file__, contract_tests.__file__, kit_file('openapi.yaml'),"
        "DEFAULT_DIR / NDJSON)",
    )
    assert where.returncode == 0, where.stderr
    venv = installed.bin.parent
    for path in map(Path, where.stdout.split()):
        assert path.is_relative_to(venv), f"{path} is not from the installed wheel"
        assert not path.is_relative_to(ROOT)
        assert path.is_file()
    # Installed with its bytecode, as pip installs a wheel: on a Python that writes none
    # (PYTHONDONTWRITEBYTECODE) every command would compile the kit again.
    package = Path(where.stdout.split()[0]).parent
    assert (package / "__pycache__" / f"app.{sys.implementation.cache_tag}.pyc").is_file()
    assert installed.run("leadping-mock", "--version").stdout.strip() == f"leadping-mock {VERSION}"
    contract = installed.run("leadping-contract", "--version")
    assert contract.stdout.strip() == f"leadping-contract {VERSION}", contract.stderr


def test_the_installed_payload_catalogue_is_not_overwritten(installed: Installed) -> None:
    generate = installed.run("leadping-payloads", "generate")
    assert generate.returncode == 2
    assert generate.stderr.startswith("leadping-payloads: generate: pass --dir DIR")


def test_the_installed_mock_serves_and_the_installed_suite_passes_against_it(
    installed: Installed,
) -> None:
    program = [str(installed.bin / "leadping-mock")]
    with mock_process(
        "--quiet", program=program, cwd=installed.elsewhere, env=installed.env
    ) as url:
        # The scenarios are the packaged ones: every file of the kit's folder is listed.
        admin = httpx.get(f"{url}/__admin/", timeout=10).json()
        shipped = sorted(p.stem for p in (ROOT / "fixtures" / "scenarios").glob("*.yaml"))
        assert admin["scenarios"] == shipped
        ui = httpx.get(f"{url}/ui/", timeout=10)
        assert ui.status_code == 200
        assert "swagger-ui" in ui.text
        # The dashboard's files are package data: each one the page links is served.
        for name in ("", "dashboard.js", "dashboard.css"):
            page = httpx.get(f"{url}/__admin/ui/{name}", timeout=10)
            assert page.status_code == 200, (name, page.text[:200])
        suite = installed.run(
            "leadping-contract", "--base-url", url, "--max-examples", "1",
            "--phases", "examples", "--report-dir", "reports",
        )  # fmt: skip
    assert suite.returncode == 0, suite.stdout[-3000:] + suite.stderr[-2000:]
    reports = installed.elsewhere / "reports"
    (junit,) = reports.glob("junit-*.xml")
    suites = ET.parse(junit).getroot()
    assert int(suites.get("tests") or 0) > 0
    assert int(suites.get("failures") or 0) == 0
    assert "| operation |" in (reports / "coverage.md").read_text().lower()
