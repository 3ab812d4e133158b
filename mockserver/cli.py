"""`leadping-mock`: serve the stateful mock of the Leadping phone-numbers API."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import warnings
from pathlib import Path

# Connexion imports Starlette's test client, which warns about httpx at import time (STACK-NOTES);
# the warning is about tests, not about serving.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from mockserver.app import StartupError, create_app, server_options  # noqa: E402
from mockserver.contract.loader import ContractError  # noqa: E402
from mockserver.domain.errors import ScenarioError  # noqa: E402
from mockserver.faults.catalogue import FAULTS, UnknownFault  # noqa: E402
from mockserver.files.installed_kit import kit_version  # noqa: E402
from mockserver.serving import PortTaken, log_config, refuse_taken_port, url_host  # noqa: E402
from mockserver.settings import (  # noqa: E402
    ENV_PREFIX,
    Settings,
    SettingsError,
    clock_start,
    to_env,
)
from mockserver.worlds.scenario_files import available  # noqa: E402

EPILOG = f"""\
Every flag can also be set by environment, e.g. {ENV_PREFIX}PORT=9000 or {ENV_PREFIX}SEED=42;
a flag wins over the environment.

examples:
  leadping-mock                              serve the default world on 127.0.0.1:8080
  leadping-mock --seed 42 --port 9000        another, equally repeatable, world
  leadping-mock --scenario all-blocked       choose a world from fixtures/scenarios/
  leadping-mock --clock-start now            "just now" and "last 7 days" read as today
  leadping-mock --latency 100-400            answers take 100-400 ms, like a real network
  leadping-mock --error-rate 0.1             one request in ten fails, as the contract allows
  leadping-mock --error-rate 0.2 --error-statuses 500,503
                                             one in five is a server error (the UI's error path)
  leadping-mock --store redis://127.0.0.1:6379/0 --workers 2
                                             one world in Redis, shared by every process and
                                             host that names it (see README: replicas)

health (outside the contract, no token): GET /__health answers 200, or 503 when the store is down.
admin API (outside the contract): GET /__admin/, POST /__admin/reset, GET /__admin/export,
POST /__admin/load, GET /__admin/requests, POST /__admin/verify, POST /__admin/clock/advance,
GET /__admin/numbers, GET /__admin/conversations, GET and POST /__admin/controls.
Each request prints one line: method, path, status, operation, time, and why a 4xx was answered.
Per request: header "Prefer: code=404" (or 500, 503), "Prefer: delay=1500",
"Prefer: scenario=empty"; other preferences are ignored, the answer's Preference-Applied names
what was honoured. "X-Mock-World: alice" (or "Prefer: world=alice"): a world of its own for a
test, admin calls included; GET /__admin/worlds lists them.

then open http://127.0.0.1:8080/ui/ for Swagger UI, http://127.0.0.1:8080/__admin/ui/ for the
dashboard, or fetch /openapi.json for the contract.
"""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="leadping-mock",
        description="Serve a stateful, seeded mock of the Leadping phone-numbers API.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {kit_version()}")
    p.add_argument("--host", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, help="port to listen on (default 8080)")
    p.add_argument(
        "--seed",
        type=int,
        help="seed of the world's data (default: the scenario's own, else 7); same seed, "
        "same bytes",
    )
    p.add_argument(
        "--scenario",
        help=f"named world to start with (the kit's: {', '.join(available())})",
    )
    p.add_argument(
        "--clock-start",
        metavar="WHEN",
        help="when the world's clock starts: now, or an ISO 8601 time such as "
        "2026-12-02T09:00:00Z (default: a fixed date, so answers repeat byte for byte)",
    )
    p.add_argument(
        "--contract", type=Path, help="another copy of openapi.yaml (default: the kit's)"
    )
    p.add_argument(
        "--scenarios",
        type=Path,
        metavar="DIR",
        help="a folder of scenario files to choose from instead of the kit's fixtures/scenarios",
    )
    p.add_argument(
        "--cors-origins",
        metavar="LIST",
        help="browser origins allowed, comma-separated (default: any http(s)://localhost origin)",
    )
    p.add_argument(
        "--cors-headers",
        metavar="LIST",
        help="request headers browsers may send, comma-separated (default: any they ask for)",
    )
    p.add_argument("--latency", metavar="MS", help="added delay: 200, or 100-500 for a random one")
    p.add_argument(
        "--latency-per-operation",
        metavar="LIST",
        help="delay per operation, e.g. selectOutgoingNumber=300,getPhoneNumberStatus=50-150",
    )
    p.add_argument(
        "--error-rate",
        type=float,
        metavar="SHARE",
        help="share of requests (0-1) answered with an error the operation defines",
    )
    p.add_argument(
        "--error-statuses",
        metavar="LIST",
        help="the errors --error-rate draws, e.g. 500,503 (default: every one an operation "
        "defines but 413 and 415)",
    )
    p.add_argument("--max-body-bytes", type=int, metavar="N", help="largest body accepted (1 MiB)")
    p.add_argument("--max-numbers", type=int, metavar="N", help="numbers a world may hold (20000)")
    p.add_argument(
        "--max-conversations", type=int, metavar="N", help="conversations remembered (10000)"
    )
    p.add_argument(
        "--max-traffic-per-number",
        type=int,
        metavar="N",
        help="traffic events kept a number (5000)",
    )
    p.add_argument(
        "--admin-token",
        metavar="TOKEN",
        help="required on /__admin (prefer the environment variable: flags show in ps)",
    )
    p.add_argument(
        "--admin-hosts",
        metavar="LIST",
        help="host names besides loopback that /__admin answers on, comma-separated",
    )
    p.add_argument(
        "--store",
        metavar="URL",
        help=(
            "where the world lives: memory (default, this process), redis://HOST:PORT/DB, "
            "or redis-cluster://HOST:PORT (any node of a Redis Cluster)"
        ),
    )
    p.add_argument(
        "--store-namespace",
        metavar="NAME",
        help="prefix of this world's keys in Redis (default leadping): one per shared world",
    )
    p.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="processes serving the port (default 1); more than one needs --store redis://",
    )
    p.add_argument("--journal-size", type=int, metavar="N", help="requests kept (200)")
    p.add_argument(
        "--fault",
        dest="faults",
        action="append",
        metavar="NAME",
        help=f"a deliberate bug, to test a test suite (repeatable): {', '.join(sorted(FAULTS))}",
    )
    p.add_argument(
        "--no-response-validation",
        dest="validate_responses",
        action="store_false",
        default=None,
        help="skip checking answers against the contract (on by default)",
    )
    p.add_argument(
        "--quiet",
        action="store_true",
        help="no line per request on the terminal (warnings and errors still show)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    quiet = bool(args.quiet)
    try:
        options = vars(args)
        options["faults"] = ",".join(args.faults) if args.faults else None
        del options["quiet"]
        settings = Settings.from_env(**options)
        if settings.clock_start.strip().lower() == "now":
            # Read once here, so every worker's world starts at the same moment.
            moment = clock_start("now").isoformat()
            settings = dataclasses.replace(settings, clock_start=moment)
        refuse_taken_port(settings.host, settings.port)
        app = create_app(settings)
    except (
        SettingsError,
        ContractError,
        ScenarioError,
        StartupError,
        UnknownFault,
        PortTaken,
    ) as error:
        print(f"leadping-mock: {error}", file=sys.stderr)
        return 2
    if not quiet:
        print(
            f"leadping-mock: the landing page is http://{url_host(settings.host)}:{settings.port}/"
        )
    import uvicorn

    serving = {
        "host": settings.host,
        "port": settings.port,
        "log_config": log_config(quiet=quiet),
        "access_log": False,  # the mock's own line per request says more (recorder.py)
        **server_options(),
    }
    if settings.workers == 1:
        uvicorn.run(app, **serving)
        return 0
    # Each worker builds its own app from the environment, so the settings travel there.
    os.environ.update(to_env(settings))
    uvicorn.run("mockserver.app:create_app", factory=True, workers=settings.workers, **serving)
    return 0


if __name__ == "__main__":
    sys.exit(main())
