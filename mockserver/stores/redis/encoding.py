"""How the Redis store writes the domain's values: JSON through cattrs, times as microseconds,
day tallies as small JSON arrays, and the Lua scripts that make a conversation write, a history
append or a trim of old traffic one atomic step."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta
from typing import Any

import orjson
from cattrs.preconf.orjson import make_converter

from mockserver.domain.model import Business, Campaign, Conversation, Lead, Source, Team, User
from mockserver.domain.traffic_tally import DayTally, Tally

CODEC = make_converter()
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ENTITY_TYPES: dict[str, type[Any]] = {
    "business": Business,
    "user": User,
    "team": Team,
    "campaign": Campaign,
    "source": Source,
    "lead": Lead,
}

# Stores a conversation and drops the least recently stored past the bounds (a count, and the
# bytes their free-text ids take), in one step: a Lua function, for PUT_CONVERSATION and for
# the commit of an optimistic step (commit.py) alike.
STORE_CONVERSATION = """
local function store_conversation(body, order, sizes, seq_key, total_key, id, encoded, size,
                                  max_count, max_bytes)
  local seq = redis.call('INCR', seq_key)
  local old = redis.call('HGET', sizes, id)
  if old then redis.call('DECRBY', total_key, tonumber(old)) end
  redis.call('HSET', body, id, encoded)
  redis.call('HSET', sizes, id, size)
  redis.call('ZADD', order, seq, id)
  local total = redis.call('INCRBY', total_key, size)
  local count = redis.call('ZCARD', order)
  while count > max_count or (total > max_bytes and count > 1) do
    local oldest = redis.call('ZPOPMIN', order, 1)
    local dropped = tonumber(redis.call('HGET', sizes, oldest[1]) or '0')
    redis.call('HDEL', body, oldest[1])
    redis.call('HDEL', sizes, oldest[1])
    total = redis.call('DECRBY', total_key, dropped)
    count = count - 1
  end
  return seq
end
"""
# KEYS: conversations, their order, the sequence, their sizes, the sizes' total; ARGV: id,
# encoded, most conversations, size, most bytes.
PUT_CONVERSATION = (
    STORE_CONVERSATION
    + """
return store_conversation(KEYS[1], KEYS[2], KEYS[4], KEYS[3], KEYS[5], ARGV[1], ARGV[2],
                          tonumber(ARGV[4]), tonumber(ARGV[3]), tonumber(ARGV[5]))
"""
)
# Appends a write to the history while it stays within the budget (writes, bytes,
# number-days); past it the history is marked incomplete for good and what was kept is dropped.
RECORD = """
if redis.call('HGET', KEYS[1], 'history_full') == '1' then return 0 end
local size = tonumber(redis.call('HGET', KEYS[1], 'history_bytes') or '0')
local work = tonumber(redis.call('HGET', KEYS[1], 'history_work') or '0')
if redis.call('LLEN', KEYS[2]) < tonumber(ARGV[2])
    and size + tonumber(ARGV[3]) <= tonumber(ARGV[4])
    and work + tonumber(ARGV[5]) <= tonumber(ARGV[6]) then
  redis.call('RPUSH', KEYS[2], ARGV[1])
  redis.call('HINCRBY', KEYS[1], 'history_bytes', tonumber(ARGV[3]))
  redis.call('HINCRBY', KEYS[1], 'history_work', tonumber(ARGV[5]))
  return 1
end
redis.call('HSET', KEYS[1], 'history_full', '1')
redis.call('DEL', KEYS[2])
return 0
"""


def micros(at: datetime) -> int:
    """A time as whole microseconds since 1970: a sorted set's score, a clock in a hash."""
    return (at - EPOCH) // timedelta(microseconds=1)


def moment(count: int) -> datetime:
    return EPOCH + timedelta(microseconds=count)


def escape_glob(text: str) -> str:
    return "".join(f"\\{c}" if c in "*?[]\\" else c for c in text)


def stored_bytes(raw: object) -> bytes:
    """One stored value (redis-py types replies loosely; this client never decodes them)."""
    if not isinstance(raw, bytes):
        raise TypeError(f"expected bytes from Redis, got {type(raw).__name__}")
    return raw


@functools.lru_cache(maxsize=1024)
def decoded_conversation(raw: bytes) -> Conversation:
    """A stored conversation, decoded once per distinct value: a selection reads its
    conversation several times, and a busy one is the same bytes request after request
    (a Conversation is frozen, so one decoded value serves every reader)."""
    return CODEC.loads(raw, Conversation)


def stored_ids_raw(raw: object) -> list[bytes]:
    if not isinstance(raw, list):
        raise TypeError(f"expected a list from Redis, got {type(raw).__name__}")
    return [stored_bytes(item) for item in raw]


def stored_ids(raw: object) -> list[str]:
    if not isinstance(raw, list):
        raise TypeError(f"expected a list from Redis, got {type(raw).__name__}")
    return [stored_bytes(item).decode() for item in raw]


# Drops a number's oldest traffic past the bound, from its actions too (the same members), and
# answers what it dropped, oldest first, for the day tallies to take back.
TRIM_TRAFFIC = """
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[1])
if over <= 0 then return {} end
local dropped = redis.call('ZRANGE', KEYS[1], 0, over - 1)
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1)
for i = 1, #dropped, 4000 do
  redis.call('ZREM', KEYS[2], unpack(dropped, i, math.min(i + 3999, #dropped)))
end
return dropped
"""


def tally_to_json(tally: DayTally) -> bytes:
    last = tally.last_delivered_at
    return orjson.dumps(
        [
            list(tally.every),
            list(tally.warmup),
            tally.contacted,
            tally.opted_out,
            None if last is None else micros(last),
        ]
    )


def tally_from_json(day: date, raw: bytes) -> DayTally:
    every, warmup, contacted, opted_out, last = orjson.loads(raw)
    return DayTally(
        day,
        Tally(*every),
        Tally(*warmup),
        contacted,
        opted_out,
        None if last is None else moment(last),
    )
