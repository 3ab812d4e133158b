"""A status read on Redis in one round trip: the script (STATUS_READ), the ranges it is given,
and the StatusRead made of its reply (docs/decisions.md, P5); a read this process already holds
is answered "unchanged" while the world's generation, clock and traffic version hold (P31)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from redis.typing import EncodableT

from mockserver.domain.model import PhoneNumber, TrafficEvent
from mockserver.domain.status import (
    RECENT_ACTIONS,
    RECENT_EVENTS,
    Span,
    StatusRead,
    WindowSpec,
    edge_spans,
)
from mockserver.stores.redis.encoding import CODEC, micros, stored_bytes, tally_from_json

# A status read in one step: the generation, the clock, the number's id, the traffic version
# (and the number when the caller's copy is stale), its day tallies, its latest events and
# actions, and its events on the edge spans. The caller computed the ranges from the clock it
# last saw: when the clock has moved since, only the generation, the clock and the id come
# back, and it asks again. When the caller holds the read made at this generation, clock and
# traffic version (ARGV[5]), only they come back: nothing the read is made of has changed.
STATUS_READ = """
local meta = redis.call('HMGET', KEYS[1], 'gen', 'clock', 'traffic')
local gen, clock, version = meta[1], meta[2], meta[3] or '0'
if not gen then return {} end
local id = redis.call('HGET', KEYS[2], ARGV[1])
if not id then return {gen, clock} end
if clock ~= ARGV[2] then return {gen, clock, id} end
if gen == ARGV[4] and version == ARGV[5] then return {gen, clock, id, version} end
local number = ''
if gen ~= ARGV[4] then number = redis.call('HGET', KEYS[3], id) or '' end
local traffic = ARGV[3] .. 'traffic:' .. id
local out = {
  gen, clock, id, version, number,
  redis.call('HGETALL', ARGV[3] .. 'tally:' .. id),
  redis.call('ZREVRANGEBYSCORE', traffic, ARGV[6], ARGV[7], 'LIMIT', 0, tonumber(ARGV[8])),
  redis.call(
    'ZREVRANGEBYSCORE', ARGV[3] .. 'actions:' .. id, ARGV[9], '-inf', 'LIMIT', 0,
    tonumber(ARGV[10]))
}
for i = 11, #ARGV, 2 do
  out[#out + 1] = redis.call('ZRANGEBYSCORE', traffic, ARGV[i], ARGV[i + 1])
end
return out
"""


def ranges(
    args: list[EncodableT], spec: WindowSpec, seen: datetime | None
) -> list[tuple[datetime, datetime]]:
    """STATUS_READ's score ranges, worked out from the clock last seen, added to `args`; the
    edge spans they read. None seen: no ranges (the reply says the clock)."""
    if seen is None:
        return []
    window = spec.at(seen)
    args += [
        f"({micros(window.end)}",
        micros(window.start),
        RECENT_EVENTS,
        f"({micros(seen)}",
        RECENT_ACTIONS,
    ]
    spans = edge_spans(window, seen)
    for start, end in spans:
        args += [micros(start), f"({micros(end)}"]
    return spans


def read_of(
    number: PhoneNumber,
    now: datetime,
    spec: WindowSpec,
    spans: list[tuple[datetime, datetime]],
    reply: list[Any],
    traffic_version: int,
) -> StatusRead:
    """The read from STATUS_READ's reply after the number: tallies, recent events and actions,
    then the events of each edge span."""
    raw_tallies, recent, actions, *edges = reply

    def events(members: list[bytes]) -> list[TrafficEvent]:
        return [CODEC.loads(stored_bytes(m)[16:], TrafficEvent) for m in members]

    pairs = iter(raw_tallies)
    days = {}
    for field, value in zip(pairs, pairs, strict=True):
        day = date.fromordinal(int(field))
        days[day] = tally_from_json(day, stored_bytes(value))
    return StatusRead(
        number,
        now,
        spec.at(now),
        days,
        [Span(a, b, events(e)) for (a, b), e in zip(spans, edges, strict=True)],
        tuple(events(recent)),
        tuple(events(actions)),
        traffic_version,
    )
