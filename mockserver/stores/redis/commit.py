"""One write of the domain (a selection in a conversation, an override, a clear, a create) as one
optimistic step: its reads come from what this process remembers of the world's generation and
from Redis, its writes are kept here, and one Lua script (COMMIT) checks that nothing it read has
changed (the generation, the conversations, the clock and the counters it used) and no process
holds the world's lock, then makes every write, or none (docs/decisions.md, P6)."""

from __future__ import annotations

from dataclasses import dataclass, field

from redis.typing import EncodableT

from mockserver.domain.model import Conversation, PhoneNumber
from mockserver.domain.store import StoreLimits
from mockserver.stores.redis.encoding import STORE_CONVERSATION
from mockserver.stores.redis.memo import Remembered


class Conflict(Exception):
    """Another writer got in between this step's reads and its commit: run the step again."""


class WorldHeld(Exception):
    """A reset, load or simulated day holds the world (or it is not built): wait for the lock."""


@dataclass(frozen=True)
class Known:
    """The world as this process's last commit left it: its generation, its clock and the
    conversations that step read or wrote, byte for byte. A next step may begin from it without
    a round trip; its commit then checks the clock too, so a stale guess is a conflict (P32)."""

    gen: int
    clock: int
    conversations: dict[str, bytes | None]


@dataclass
class Unit:
    """One optimistic step's reads (to check) and writes (to make), in the order made."""

    memo: Remembered | None = None  # None until the first read: the generation and the clock
    clock: int = 0  # as read, in microseconds
    # Begun from what the last commit left (Known), not from Redis: the commit checks all.
    assumed: Known | None = None
    may_assume: bool = True  # False once a guess failed: the next try reads Redis
    clock_moved: int = 0
    counters: dict[str, tuple[int, int]] = field(default_factory=dict)  # prefix: (read, now)
    conversations_read: dict[str, bytes | None] = field(default_factory=dict)
    conversations: dict[str, Conversation] = field(default_factory=dict)
    conversation_args: dict[str, tuple[bytes, int]] = field(default_factory=dict)
    records: list[tuple[bytes, int, int]] = field(default_factory=list)
    numbers: dict[str, PhoneNumber] = field(default_factory=dict)
    number_args: list[list[EncodableT]] = field(default_factory=list)

    @property
    def writes(self) -> bool:
        return bool(self.conversations or self.records or self.numbers or self.clock_moved)


def commit_args(unit: Unit, limits: StoreLimits) -> list[EncodableT]:
    """COMMIT's arguments: the checks, then each kind of write, each list after its length."""
    assert unit.memo is not None
    assert unit.memo.gen is not None
    budget = limits.history
    args: list[EncodableT] = [
        unit.memo.gen,
        unit.clock if unit.clock_moved or unit.assumed else "",
        unit.clock + unit.clock_moved if unit.clock_moved else "",
        limits.max_conversations,
        limits.max_conversation_bytes,
        budget.writes,
        budget.bytes,
        budget.number_days,
        len(unit.counters),
    ]
    for prefix, (read, now) in unit.counters.items():
        args += [prefix, read, now]
    args.append(len(unit.conversations_read))
    for conversation_id, raw in unit.conversations_read.items():
        args += [conversation_id, "0" if raw is None else "1", raw or ""]
    args.append(len(unit.conversation_args))
    for conversation_id, (encoded, size) in unit.conversation_args.items():
        args += [conversation_id, encoded, size]
    args.append(len(unit.records))
    for entry, size, work in unit.records:
        args += [entry, size, work]
    args.append(len(unit.number_args))
    for number_args in unit.number_args:
        args += number_args
    return args


# KEYS: meta, conversations, conversations:order, seq, conversations:size, conversations:bytes,
# history, numbers, e164, numbers:order, counters, the world's lock. A number's index pools are
# named in ARGV: every key of a world carries its hash tag, so they share its cluster slot.
COMMIT = (
    STORE_CONVERSATION
    + """
local function conflict(why) return {0, why} end
if redis.call('EXISTS', KEYS[12]) == 1 then return conflict('locked') end
if redis.call('HGET', KEYS[1], 'gen') ~= ARGV[1] then return conflict('generation') end
if ARGV[2] ~= '' and redis.call('HGET', KEYS[1], 'clock') ~= ARGV[2] then
  return conflict('clock')
end
local i = 9
local counters = {}
for _ = 1, tonumber(ARGV[i]) do
  if (redis.call('HGET', KEYS[11], ARGV[i + 1]) or '0') ~= ARGV[i + 2] then
    return conflict('counter')
  end
  counters[#counters + 1] = {ARGV[i + 1], ARGV[i + 3]}
  i = i + 3
end
i = i + 1
for _ = 1, tonumber(ARGV[i]) do
  local now = redis.call('HGET', KEYS[2], ARGV[i + 1])
  if ARGV[i + 2] == '0' then
    if now then return conflict('conversation') end
  elseif now ~= ARGV[i + 3] then
    return conflict('conversation')
  end
  i = i + 3
end
i = i + 1
-- Every check passed: from here on each write is made.
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'clock', ARGV[3]) end
for _, counter in ipairs(counters) do redis.call('HSET', KEYS[11], counter[1], counter[2]) end
-- Conversations: stored, and the least recently stored dropped past the bounds.
for _ = 1, tonumber(ARGV[i]) do
  store_conversation(KEYS[2], KEYS[3], KEYS[5], KEYS[4], KEYS[6], ARGV[i + 1], ARGV[i + 2],
                     tonumber(ARGV[i + 3]), tonumber(ARGV[4]), tonumber(ARGV[5]))
  i = i + 3
end
i = i + 1
-- The history, while it stays within its budget; past it, marked incomplete for good.
for _ = 1, tonumber(ARGV[i]) do
  if redis.call('HGET', KEYS[1], 'history_full') ~= '1' then
    local size = tonumber(redis.call('HGET', KEYS[1], 'history_bytes') or '0')
    local work = tonumber(redis.call('HGET', KEYS[1], 'history_work') or '0')
    if redis.call('LLEN', KEYS[7]) < tonumber(ARGV[6])
        and size + tonumber(ARGV[i + 2]) <= tonumber(ARGV[7])
        and work + tonumber(ARGV[i + 3]) <= tonumber(ARGV[8]) then
      redis.call('RPUSH', KEYS[7], ARGV[i + 1])
      redis.call('HINCRBY', KEYS[1], 'history_bytes', tonumber(ARGV[i + 2]))
      redis.call('HINCRBY', KEYS[1], 'history_work', tonumber(ARGV[i + 3]))
    else
      redis.call('HSET', KEYS[1], 'history_full', '1')
      redis.call('DEL', KEYS[7])
    end
  end
  i = i + 3
end
i = i + 1
-- Numbers: id, encoded, e164, the old e164 or '', the pools left, the pools joined.
local moved = false
for _ = 1, tonumber(ARGV[i]) do
  local id, encoded, e164, old = ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
  i = i + 5
  local seq = redis.call('INCR', KEYS[4])
  if old ~= '' then redis.call('HDEL', KEYS[9], old) end
  for _ = 1, tonumber(ARGV[i]) do
    redis.call('ZREM', ARGV[i + 1], id)
    i = i + 1
  end
  i = i + 1
  redis.call('HSET', KEYS[8], id, encoded)
  redis.call('HSET', KEYS[9], e164, id)
  redis.call('ZADD', KEYS[10], 'NX', seq, id)
  for _ = 1, tonumber(ARGV[i]) do
    redis.call('ZADD', ARGV[i + 1], seq, id)
    i = i + 1
  end
  redis.call('HINCRBY', KEYS[1], 'gen', 1)
  moved = true
end
-- As text: a generation is nanoseconds, more digits than Lua's numbers hold.
if moved then return {1, redis.call('HGET', KEYS[1], 'gen')} end
return {1, ARGV[1]}
"""
)
