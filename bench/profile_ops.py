"""Where the time of one selection and one status read goes, in process: the domain call and
its rendering under cProfile, on the in-memory store or on Redis.

`python -m bench.profile_ops [--redis URL] [--calls N] [--top N]`
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from collections.abc import Callable

import orjson

from mockserver.app import world_control
from mockserver.settings import Settings
from mockserver.wire import responses
from mockserver.wire.request_bodies import selection_from_json

SELECTION = {
    "conversationId": "conv_profile",
    "recipientPhoneNumber": "+15125550143",
    "channel": "sms",
}


def timed(call: Callable[[], object], calls: int) -> float:
    """Microseconds per call, the median of three runs."""
    runs = []
    for _ in range(3):
        began = time.perf_counter()
        for _ in range(calls):
            call()
        runs.append((time.perf_counter() - began) / calls * 1e6)
    return sorted(runs)[1]


def operations(settings: Settings) -> dict[str, Callable[[], object]]:
    """The bench's two operations as the handlers make them, without the HTTP stack."""
    service = world_control(settings).service
    request = selection_from_json(SELECTION)
    chosen = service.select(request).chosen
    assert chosen is not None, "the default world selects a number"
    e164 = chosen.number.number
    return {
        "selection": lambda: orjson.dumps(responses.selection(service.select(request))),
        "status": lambda: orjson.dumps(responses.phone_number_status(service.status(e164))),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--redis", help="a redis:// URL: profile the shared store")
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    settings = Settings(store=args.redis or "memory", store_namespace="profile")
    for name, call in operations(settings).items():
        print(f"{name}: {timed(call, args.calls):.0f} µs per call (unprofiled)")
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.calls):
            call()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
