"""leadping-mock: one-line errors with exit 2, help that teaches, flag > environment > default."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import httpx
import pytest

from mockserver.app import create_app
from mockserver.cli import parser
from mockserver.domain.errors import ScenarioError
from mockserver.settings import Settings, SettingsError
from mockserver.stores.store_url import redact
from mockserver.worlds.scenario_files import SCENARIO_DIR
from tests.local_client import LocalClient
from tests.stores.servers import mock_process, mock_with_terminal


def mock_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mockserver.cli", *args]
    environment = {**os.environ, **env}
    return subprocess.run(
        command, capture_output=True, text=True, env=environment, timeout=60, check=False
    )


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (("--scenario", "all-bloked"), {}, "Did you mean 'all-blocked'?"),
        (("--port", "99999"), {}, "port: 99999 is not between 0 and 65535"),
        ((), {"LEADPING_MOCK_SEED": "abc"}, "LEADPING_MOCK_SEED: expected a whole number"),
        (("--fault", "nope"), {}, "unknown fault(s) nope"),
        (("--latency", "soon"), {}, "latency: expected milliseconds"),
        (("--host", "0.0.0.0"), {}, "set an admin token"),
        (("--store", "mysql://db:3306"), {}, "store: expected memory or a redis:// URL"),
        (("--store", "redis://db:6379/0?protocol=abc"), {}, "Invalid value for 'protocol'"),
        (("--store", "redis://db:6379/0?protocol=4"), {}, "protocol must be 2 or 3"),
        (("--store", "redis-cluster://db:7000?protocol=1"), {}, "protocol must be 2 or 3"),
        (("--workers", "2"), {}, "share one with --store redis://HOST:PORT/DB"),
        (("--store-namespace", "team:qa"), {}, "store_namespace: expected letters"),
        (("--scenarios", "/no/such/folder"), {}, "scenarios: /no/such/folder is not a folder"),
    ],
)
def test_errors_are_one_line_and_exit_2(
    args: tuple[str, ...], env: dict[str, str], message: str
) -> None:
    done = mock_cli(*args, **env)
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines == [lines[0]]
    assert lines[0].startswith("leadping-mock: ")
    assert message in lines[0]


def test_help_lists_the_options_and_examples() -> None:
    done = mock_cli("--help")
    assert done.returncode == 0
    for text in (
        "--scenario",
        "--seed",
        "--latency",
        "--cors-origins",
        "LEADPING_MOCK_PORT",
        "/__admin",
    ):
        assert text in done.stdout


def test_a_flag_wins_over_the_environment_which_wins_over_the_default() -> None:
    environment = {"LEADPING_MOCK_SEED": "42", "LEADPING_MOCK_PORT": "9001"}
    assert Settings.from_env({}).seed is None, "the scenario's own seed, else 7"
    assert Settings.from_env(environment).seed == 42
    assert Settings.from_env(environment, seed=3).seed == 3
    assert Settings.from_env(environment, seed=None).port == 9001


def test_a_store_password_never_reaches_an_error_or_the_health_answer() -> None:
    with pytest.raises(SettingsError) as refused:
        Settings(store="redis+tls://admin:hunter2@cache.internal:6379/0")
    assert "hunter2" not in str(refused.value)
    assert redact("redis://admin:hunter2@cache.internal:6379/0") == (
        "redis://admin:***@cache.internal:6379/0"
    )
    assert redact("redis://:hunter2@cache.internal/1") == "redis://***@cache.internal/1"
    assert redact("redis://cache.internal:6379/0") == "redis://cache.internal:6379/0"


def test_a_port_in_use_is_one_line_with_the_fix() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = mock_cli("--port", str(port))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert f"port {port} on 127.0.0.1 is in use" in lines[0]
    assert f"--port {port + 1}" in lines[0]


def test_the_terminal_shows_one_line_per_request_with_the_reason_of_a_4xx() -> None:
    with mock_with_terminal() as (base, terminal), httpx.Client(base_url=base) as client:
        client.post("/phone-numbers", json={"name": "x", "number": "5125550100"})
        client.get("/ui/")
        log = _waited_for(terminal, "GET /ui/ -> 200")
    lines = [line for line in log.splitlines() if "POST /phone-numbers" in line]
    assert len(lines) == 1, log
    assert "-> 400 createPhoneNumber" in lines[0]
    assert "/number" in lines[0]
    assert "GET /ui/ -> 200" in log
    assert '"POST /phone-numbers HTTP/1.1"' not in log  # uvicorn's access line is off


def _waited_for(terminal: Callable[[], str], text: str) -> str:
    """The terminal once it shows `text` (a line is written as its answer ends), or after 10 s."""
    deadline = time.monotonic() + 10
    while text not in (log := terminal()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return log


def test_quiet_keeps_the_terminal_to_warnings() -> None:
    with mock_with_terminal("--quiet") as (base, terminal), httpx.Client(base_url=base) as c:
        c.post("/phone-numbers", json={"name": "x", "number": "5125550100"})
        c.get("/__health")
        time.sleep(0.5)  # time for a line to reach the terminal, were one written
        log = terminal()
    assert "POST /phone-numbers" not in log
    assert "Uvicorn running" in log


def test_the_landing_page_links_the_ui_the_contract_and_the_admin_api() -> None:
    with mock_process() as base:
        page = httpx.get(base + "/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    for link in ('href="/ui/"', 'href="/openapi.json"', 'href="/__admin/"'):
        assert link in page.text


def test_a_scenarios_folder_of_ones_own_is_served_and_the_kits_are_not(tmp_path: Path) -> None:
    """--scenarios DIR (or LEADPING_MOCK_SCENARIOS): the names there, and no copy of the schema
    needed; a folder without the start-up scenario says which it has."""
    shutil.copy(SCENARIO_DIR / "all-blocked.yaml", tmp_path / "mine.yaml")
    settings = Settings.from_env({"LEADPING_MOCK_SCENARIOS": str(tmp_path)}, scenario="mine")
    with LocalClient(create_app(settings)) as client:
        admin = client.get("/__admin/").json()
        assert admin["scenarios"] == ["mine"]
        assert client.post("/__admin/reset", json={"scenario": "default"}).status_code == 400
    with pytest.raises(ScenarioError, match=r"unknown scenario 'default'\. Available: mine"):
        create_app(Settings(scenarios=tmp_path))


def test_version_is_the_distributions(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit, match="0"):
        parser().parse_args(["--version"])
    version = metadata.version("leadping-contract-kit")
    assert capsys.readouterr().out.strip() == f"leadping-mock {version}"


def test_a_scenarios_folder_with_broken_files_answers_400s_naming_each(tmp_path: Path) -> None:
    """A folder named like a scenario, a file that is not UTF-8 (each a 500 before) and one
    that is not YAML (a three-line message quoting PyYAML): each one line, the world kept."""
    shutil.copy(SCENARIO_DIR / "default.yaml", tmp_path / "default.yaml")
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "binary.yaml").write_bytes(b"\xff\xfe")
    (tmp_path / "broken.yaml").write_text("numbers: [\n")
    with LocalClient(create_app(Settings(scenarios=tmp_path))) as client:
        assert client.get("/__admin/").json()["scenarios"] == ["binary", "broken", "default"]
        before = client.get("/__admin/export").text
        for name, detail in (
            ("folder", "unknown scenario 'folder'. Available: binary, broken, default"),
            ("binary", "binary.yaml: not UTF-8 text (invalid start byte)"),
            ("broken", "broken.yaml: not valid YAML: did not find expected node content at line "
                       "2, column 1"),
        ):  # fmt: skip
            refused = client.post("/__admin/reset", json={"scenario": name})
            assert refused.status_code == 400, refused.text
            assert refused.headers["content-type"] == "application/problem+json"
            assert refused.json()["detail"] == detail
        assert client.get("/__admin/export").text == before
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ScenarioError) as raised:
        create_app(Settings(scenarios=empty))
    assert str(raised.value) == (  # it said "Available: " and nothing
        f"no scenario files in {empty} (each is NAME.yaml, NAME in lower case)"
    )
    (tmp_path / "default.yaml").write_text("numbers: [\n")
    with pytest.raises(ScenarioError) as raised:
        create_app(Settings(scenarios=tmp_path))
    assert str(raised.value) == (
        "default.yaml: not valid YAML: did not find expected node content at line 2, column 1"
    )
