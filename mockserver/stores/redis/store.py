"""The Redis store: one world shared by every mock process that names the same Redis and namespace.

Consistency: a write of a request (a selection in a conversation, an override, a clear, a
create) runs through atomically(): its writes are made by one Lua script that first checks that
nothing it read has changed (commit.py), else it runs again, so two processes can never both
pick a sticky number or both create one E.164. A reset, a load and a simulated day hold the
world's lock (lock.py), which those scripts respect. Each single write is one MULTI transaction
or one Lua script, so a world's indexes never disagree with its numbers.

Speed: decoded numbers, pools, entities and status reads are kept in this process for one
generation of the world (memo.py); a status read it holds is answered "unchanged" while the
world's clock and traffic version hold (status_read.py), and a write may begin from what this
process's last commit left (commit.py's Known), checked by its commit like any read.

Keys, under `{<namespace>}:w:`: the braces are a Redis Cluster hash tag, so one world's keys (and
its lock, `{<namespace>}:lock`) share one slot and one script may touch them all. A namespace
holds no '}', so no world's keys match another's:
meta (hash: seed, scenario, start, clock, gen, traffic, history_full), definition, numbers (hash),
numbers:order (zset), e164 (hash), ix:<index>:<key> (zsets), entity:<kind> (hashes),
order:<kind> (lists), traffic:<number id> (zsets by time), actions:<number id> (its outbound
warmup events, the same members), tally:<number id> (hash: day ordinal -> the day's tally),
traffic:numbers, conversations (hash),
conversations:order (zset), conversations:size (hash), conversations:bytes, counters (hash), seq,
history (list). Side worlds of the
`Prefer: scenario` header live under `{<namespace>:side:<scenario>:<seed>}`.
"""

from __future__ import annotations

import contextvars
import functools
import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

import anyio.to_thread
import orjson
import redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.typing import EncodableT, FieldT

from mockserver.domain.clock import WRITE_STEP
from mockserver.domain.errors import DomainError, StoreUnavailable
from mockserver.domain.history import History, Write, WriteCost, conversation_size
from mockserver.domain.model import (
    Business,
    Conversation,
    Lead,
    PhoneNumber,
    TrafficEvent,
    User,
)
from mockserver.domain.status import (
    StatusRead,
    WindowSpec,
)
from mockserver.domain.store import NumberIndex, StoreHealth, StoreLimits
from mockserver.domain.traffic_tally import (
    DayTally,
    is_action,
    merged,
    tallies_by_day,
)
from mockserver.domain.world import World, WorldOrigin, highest_ids
from mockserver.stores.cooperative import awaited, in_cooperative_step, run_cooperatively
from mockserver.stores.memory import index_keys
from mockserver.stores.redis.client import Commands
from mockserver.stores.redis.commit import COMMIT, Conflict, Known, Unit, WorldHeld, commit_args
from mockserver.stores.redis.encoding import (
    CODEC,
    ENTITY_TYPES,
    PUT_CONVERSATION,
    RECORD,
    TRIM_TRAFFIC,
    decoded_conversation,
    escape_glob,
    micros,
    moment,
    stored_bytes,
    stored_ids,
    stored_ids_raw,
    tally_from_json,
    tally_to_json,
)
from mockserver.stores.redis.lock import WorldLock
from mockserver.stores.redis.memo import Remembered
from mockserver.stores.redis.status_read import STATUS_READ, ranges, read_of
from mockserver.stores.store_url import redact
from mockserver.wire.history_codec import write_from_json, write_to_json

logger = logging.getLogger("mockserver")
PAGE = 64  # ids read per round trip from an index pool
# Optimistic tries of one write before it waits for the world's lock like a reset does.
TRIES = 4
# Status reads kept per generation, each answered again while the world has not moved (P31);
# one of the default world's busiest numbers is ~85 KiB decoded, so 128 are ~10 MiB at most.
KEPT_READS = 128

P = ParamSpec("P")
R = TypeVar("R")


def unavailable_on_redis_errors(
    method: Callable[Concatenate[RedisStore, P], R],
) -> Callable[Concatenate[RedisStore, P], R]:
    """Redis down or too slow becomes StoreUnavailable (a 503 at the edge), and whatever this
    process remembers is dropped: Redis may come back without the world."""

    def guarded(store: RedisStore, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(store, *args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as error:
            store.forget()
            raise StoreUnavailable(f"Redis at {store.where} is unavailable ({error})") from None

    functools.update_wrapper(guarded, method)
    return guarded


class RedisStore:
    def __init__(
        self, url: str, namespace: str, limits: StoreLimits, populate: Callable[[], None]
    ) -> None:
        self.where = redact(url)
        self._limits = limits
        self._populate = populate
        self._namespace = namespace
        self._prefix = f"{{{namespace}}}:w:"
        commands = Commands(url)
        # The synchronous API whichever client sends: a request's commands are awaited on the
        # event loop (run_unblocking), a reset's or a load's go out from its worker thread.
        self._redis = cast(redis.Redis, commands)
        self._awaits_on_the_loop = commands.awaits_on_the_loop
        self.round_trips = commands.round_trips
        self._lock_key = f"{{{namespace}}}:lock"
        # Always taken in a thread: it is held per thread (lock.py), and greenlets share one.
        self._lock = WorldLock(
            commands.sync, self._lock_key, on_enter=self._entered, on_leave=self._leaving
        )
        # The optimistic step the running request is in, if any: a context variable, as the
        # requests that the event loop serves at once share its thread.
        self._step: contextvars.ContextVar[Unit | None] = contextvars.ContextVar(
            f"redis-step-{namespace}", default=None
        )
        self._populating = False
        self._memo = Remembered(None)
        # The world as this process's last commit left it: the next step begins from it (P32).
        self._known: Known | None = None
        # Whether guessing pays: off after a failed guess, on again once a begin read from
        # Redis finds the world as the last commit left it (two processes taking turns on one
        # conversation would otherwise pay a failed guess on most steps).
        self._guessing = True
        # Conversations read or written under the lock, so one write reads each once.
        self._held_conversations: dict[str, Conversation | None] = {}
        self._put_conversation = self._redis.register_script(PUT_CONVERSATION)
        self._record = self._redis.register_script(RECORD)
        self._trim_traffic = self._redis.register_script(TRIM_TRAFFIC)
        self._status_read = self._redis.register_script(STATUS_READ)
        self._status_keys = [self._key("meta"), self._key("e164"), self._key("numbers")]
        self._commit_script = self._redis.register_script(COMMIT)
        self._commit_keys = [
            self._key(name)
            for name in (
                "meta",
                "conversations",
                "conversations:order",
                "seq",
                "conversations:size",
                "conversations:bytes",
                "history",
                "numbers",
                "e164",
                "numbers:order",
                "counters",
            )
        ] + [self._lock_key]
        # The clock as the last status read found it: the ranges of the next one are worked
        # out from it (one round trip while it holds).
        self._seen_clock: datetime | None = None

    def _key(self, name: str) -> str:
        return f"{self._prefix}{name}"

    def _holding(self) -> bool:
        return self._lock.holding()

    def forget(self) -> None:
        self._memo = Remembered(None)
        self._known = None

    # The world's lock, and knowing the world is there -------------------------------------

    @contextmanager
    def atomic(self) -> Iterator[None]:
        if in_cooperative_step():
            # Held per thread, it would be held by every request on the event loop at once.
            raise RuntimeError("the world's lock is taken in a thread: see RedisStore._locked")
        try:
            with self._lock.held():
                yield
        except (RedisConnectionError, RedisTimeoutError) as error:  # taking or leaving it
            self.forget()
            raise StoreUnavailable(f"Redis at {self.where} is unavailable ({error})") from None

    def run_unblocking(self, work: Callable[[], R]) -> Awaitable[R]:
        # Each wait on Redis is awaited: the event loop serves other requests meanwhile (P43);
        # a cluster's client (or a TLS or Unix socket's) waits in a worker thread instead.
        if self._awaits_on_the_loop:
            return run_cooperatively(work)
        return anyio.to_thread.run_sync(work)

    def _locked(self, work: Callable[[], R]) -> R:
        """`work` holding the world's lock: from a request on the event loop, in a worker
        thread, as polling for a lock another process holds must not stop the loop."""
        if in_cooperative_step():
            return awaited(anyio.to_thread.run_sync(self._locked, work))
        with self.atomic():
            return work()

    @unavailable_on_redis_errors
    def _entered(self) -> None:
        self._sync()

    def _leaving(self) -> None:
        self._held_conversations = {}
        self._known = None  # a write under the lock moved the world past the last commit

    def _sync(self) -> None:
        """Check the world's generation: drop what this process remembers if it moved, and
        build the world if the namespace is empty (a first start, or Redis lost its data)."""
        raw = self._redis.hget(self._key("meta"), "gen")
        if raw is None:
            if not self._holding():
                self._locked(lambda: None)  # entering builds it, under the lock
                return
            if not self._populating:
                self._populating = True
                try:
                    self._populate()
                finally:
                    self._populating = False
                raw = self._redis.hget(self._key("meta"), "gen")
        gen = None if raw is None else int(raw)
        if gen != self._memo.gen:
            self._memo = Remembered(gen)

    def _fresh(self) -> Remembered:
        """What this process remembers, checked against Redis unless under the lock already
        (or in an optimistic step, whose commit checks it)."""
        unit = self._unit()
        if unit is not None:
            return self._begun(unit)
        if not self._holding():
            self._sync()
        return self._memo

    # Optimistic steps (commit.py) -----------------------------------------------------------

    def _unit(self) -> Unit | None:
        return self._step.get()

    def atomically(self, work: Callable[[], R]) -> R:
        if self._holding() or self._unit() is not None:
            return work()
        tries, may_assume = 0, True
        while tries < TRIES:
            unit = Unit(may_assume=may_assume)
            token = self._step.set(unit)
            try:
                return self._attempt(unit, work)
            except Conflict:
                # A failed guess (P32) is not a try: the world moved since this process wrote.
                tries += 0 if unit.assumed else 1
                if unit.assumed:
                    self._guessing = False
                may_assume = False
                continue
            except WorldHeld:
                break
            finally:
                self._step.reset(token)
        return self._locked(work)

    def _attempt(self, unit: Unit, work: Callable[[], R]) -> R:
        try:
            result = work()
        except DomainError:
            # Refused on what it read: true only if that still holds.
            checked = Unit(unit.memo, clock=unit.clock, assumed=unit.assumed)
            checked.conversations_read = unit.conversations_read
            self._commit(checked)
            raise
        if unit.writes or unit.conversations_read or unit.assumed:
            self._commit(unit)  # a step begun from a guess is checked even if it wrote nothing
        return result

    @unavailable_on_redis_errors
    def _begun(self, unit: Unit, conversation_id: str | None = None) -> Remembered:
        """The step's first read: the generation, the clock and whether a reset, a load or a
        simulated day holds the world, with the conversation it reads first, in one trip."""
        if unit.memo is not None:
            return unit.memo
        known = self._known
        if (
            unit.may_assume
            and self._guessing
            and known is not None
            and known.gen == self._memo.gen
            and (conversation_id is None or conversation_id in known.conversations)
        ):
            unit.memo, unit.clock, unit.assumed = self._memo, known.clock, known
            if conversation_id is not None:
                unit.conversations_read[conversation_id] = known.conversations[conversation_id]
            return unit.memo
        pipe = self._redis.pipeline(transaction=False)
        pipe.hmget(self._key("meta"), "gen", "clock")
        pipe.exists(self._lock_key)
        if conversation_id is not None:
            pipe.hget(self._key("conversations"), conversation_id)
        replies = pipe.execute()
        (gen, clock), held = replies[0], replies[1]
        if gen is None or clock is None or held:
            raise WorldHeld()
        if int(gen) != self._memo.gen:
            self._memo = Remembered(int(gen))
        unit.memo, unit.clock = self._memo, int(clock)
        if conversation_id is not None:
            unit.conversations_read[conversation_id] = cast(bytes | None, replies[2])
        if known is not None:
            self._guessing = self._as_left(known, unit)
        return unit.memo

    @staticmethod
    def _as_left(known: Known, unit: Unit) -> bool:
        """Whether a step's first reads from Redis found the world as `known` says."""
        assert unit.memo is not None
        if (known.gen, known.clock) != (unit.memo.gen, unit.clock):
            return False
        return all(
            known.conversations[i] == raw
            for i, raw in unit.conversations_read.items()
            if i in known.conversations
        )

    @unavailable_on_redis_errors
    def _commit(self, unit: Unit) -> None:
        memo = self._begun(unit)
        reply = self._commit_script(keys=self._commit_keys, args=commit_args(unit, self._limits))
        if int(reply[0]) == 0:
            if reply[1] == b"locked":
                raise WorldHeld()
            raise Conflict(stored_bytes(reply[1]).decode())
        gen = int(reply[1])
        left = dict(unit.conversations_read)
        left.update((i, encoded) for i, (encoded, _size) in unit.conversation_args.items())
        self._known = Known(gen, unit.clock + unit.clock_moved, left)
        if unit.numbers and memo is self._memo and memo.gen is not None:
            if gen == memo.gen + len(unit.numbers):
                changed = [(n, memo.numbers.get(n.id)) for n in unit.numbers.values()]
                self._keep_numbers(memo, gen, changed)
            else:
                self._memo = Remembered(gen)

    def _writing(self) -> None:
        self._lock.refresh()

    def _bump(self, gen: int) -> None:
        """This process moved the generation itself: what it remembers stays true."""
        self._memo.gen = gen

    # The whole world ------------------------------------------------------------------------

    @unavailable_on_redis_errors
    def load(
        self,
        world: World,
        origin: WorldOrigin,
        *,
        clock: datetime | None = None,
        history: History | None = None,
    ) -> None:
        history = history or History()
        with self.atomic():
            self._writing()
            self._clear()
            pipe = self._redis.pipeline(transaction=False)
            seq = 0
            for kind, items in (
                ("business", world.businesses),
                ("user", world.users),
                ("team", world.teams),
                ("campaign", world.campaigns),
                ("source", world.sources),
                ("lead", world.leads),
            ):
                if items:
                    pipe.hset(
                        self._key(f"entity:{kind}"), mapping={i.id: CODEC.dumps(i) for i in items}
                    )
                    pipe.rpush(self._key(f"order:{kind}"), *(i.id for i in items))
            pools: dict[str, dict[str, int]] = {}
            for number in world.numbers:
                seq += 1
                pipe.hset(self._key("numbers"), number.id, CODEC.dumps(number))
                pipe.hset(self._key("e164"), number.number, number.id)
                pipe.zadd(self._key("numbers:order"), {number.id: seq})
                for index, key in index_keys(number):
                    pools.setdefault(self._pool_key(index, key), {})[number.id] = seq
            for pool, members in pools.items():
                pipe.zadd(pool, members)
            talk_bytes = 0
            for conversation in world.conversations:
                seq += 1
                size = conversation_size(conversation)
                talk_bytes += size
                pipe.hset(self._key("conversations"), conversation.id, CODEC.dumps(conversation))
                pipe.hset(self._key("conversations:size"), conversation.id, size)
                pipe.zadd(self._key("conversations:order"), {conversation.id: seq})
            pipe.set(self._key("conversations:bytes"), talk_bytes)
            entries = [orjson.dumps(write_to_json(w)) for w in history.writes]
            for start in range(0, len(entries), 1000):
                pipe.rpush(self._key("history"), *entries[start : start + 1000])
            counters: dict[FieldT, EncodableT] = dict(highest_ids(world).items())
            if counters:
                pipe.hset(self._key("counters"), mapping=counters)
            pipe.set(self._key("seq"), seq)
            pipe.execute()
            self._add_traffic(list(world.traffic))
            # The generation goes in last: a load cut short leaves no world, and the next
            # request builds it again rather than serving half of one.
            gen = int(time.time_ns())
            self._redis.set(self._key("definition"), origin.definition)
            self._redis.hset(
                self._key("meta"),
                mapping={
                    "seed": origin.seed,
                    "scenario": origin.scenario,
                    "start": origin.start.isoformat(),
                    "clock": micros(clock or origin.start),
                    "gen": gen,
                    "history_full": 0 if history.complete else 1,
                    "history_bytes": history.bytes,
                    "history_work": history.number_days,
                },
            )
            self._memo = Remembered(gen)

    def _clear(self) -> None:
        """Delete this world's keys and its side worlds', never another world's or the lock."""
        namespace = escape_glob(self._namespace)
        for pattern in (f"{{{namespace}}}:w:*", f"{{{namespace}:side:*"):
            # One UNLINK per world (its hash tag), as a cluster wants keys of one slot.
            batches: dict[bytes, list[bytes]] = {}
            for key in self._redis.scan_iter(match=pattern, count=1000):
                batch = batches.setdefault(key.partition(b"}")[0], [])
                batch.append(key)
                if len(batch) >= 1000:
                    self._redis.unlink(*batch)
                    batch.clear()
            for batch in batches.values():
                if batch:
                    self._redis.unlink(*batch)
        self.forget()
        self._held_conversations = {}

    @unavailable_on_redis_errors
    def origin(self) -> WorldOrigin | None:
        memo = self._fresh()
        if memo.origin is None and memo.gen is not None:
            fields = self._redis.hmget(self._key("meta"), "seed", "scenario", "start")
            definition = self._redis.get(self._key("definition"))
            if None in fields or definition is None:
                return None
            seed, scenario, start = (stored_bytes(f).decode() for f in fields)
            memo.origin = WorldOrigin(
                seed=int(seed),
                scenario=scenario,
                definition=stored_bytes(definition).decode(),
                start=datetime.fromisoformat(start),
            )
        return memo.origin

    @unavailable_on_redis_errors
    def snapshot(self) -> World:
        with self.atomic():
            entities = {kind: self._entities_in_order(kind) for kind in ENTITY_TYPES}
            order = stored_ids(self._redis.zrange(self._key("traffic:numbers"), 0, -1))
            talks = stored_ids(self._redis.zrange(self._key("conversations:order"), 0, -1))
            raw = self._redis.hmget(self._key("conversations"), talks) if talks else []
            return World(
                businesses=tuple(entities["business"]),
                users=tuple(entities["user"]),
                teams=tuple(entities["team"]),
                campaigns=tuple(entities["campaign"]),
                sources=tuple(entities["source"]),
                leads=tuple(entities["lead"]),
                numbers=tuple(self.numbers()),
                traffic=tuple(e for number_id in order for e in self.traffic(number_id)),
                conversations=tuple(decoded_conversation(stored_bytes(r)) for r in raw if r),
            )

    def _entities_in_order(self, kind: str) -> list[Any]:
        ids = stored_ids(self._redis.lrange(self._key(f"order:{kind}"), 0, -1))
        raw = self._redis.hmget(self._key(f"entity:{kind}"), ids) if ids else []
        return [CODEC.loads(stored_bytes(r), ENTITY_TYPES[kind]) for r in raw if r is not None]

    # The clock and the history --------------------------------------------------------------

    @unavailable_on_redis_errors
    def now(self) -> datetime:
        unit = self._unit()
        if unit is not None:
            self._begun(unit)
            return moment(unit.clock + unit.clock_moved)
        self._fresh()
        raw = self._redis.hget(self._key("meta"), "clock")
        if raw is None:
            raise StoreUnavailable("the world's clock is missing from Redis")
        return moment(int(raw))

    @unavailable_on_redis_errors
    def tick(self) -> datetime:
        return self.advance_clock(WRITE_STEP)

    @unavailable_on_redis_errors
    def advance_clock(self, delta: timedelta) -> datetime:
        if delta < timedelta(0):
            raise ValueError("the clock only moves forward")
        micros = delta // timedelta(microseconds=1)
        unit = self._unit()
        if unit is not None:
            self._begun(unit)
            unit.clock_moved += micros
            return moment(unit.clock + unit.clock_moved)
        self._writing()
        return moment(self._redis.hincrby(self._key("meta"), "clock", micros))

    @unavailable_on_redis_errors
    def record(self, write: Write, cost: WriteCost) -> None:
        entry = orjson.dumps(write_to_json(write))
        unit = self._unit()
        if unit is not None:
            unit.records.append((entry, cost.bytes, cost.number_days))
            return
        self._writing()
        budget = self._limits.history
        self._record(
            keys=[self._key("meta"), self._key("history")],
            args=[
                entry,
                budget.writes,
                cost.bytes,
                budget.bytes,
                cost.number_days,
                budget.number_days,
            ],
        )

    @unavailable_on_redis_errors
    def history(self) -> History:
        self._fresh()
        full, size, work = self._redis.hmget(
            self._key("meta"), "history_full", "history_bytes", "history_work"
        )
        if full == b"1":
            return History(complete=False)
        raw = self._redis.lrange(self._key("history"), 0, -1)
        writes = tuple(write_from_json(orjson.loads(entry)) for entry in stored_ids(raw))
        return History(writes, int(size or 0), int(work or 0))

    @unavailable_on_redis_errors
    def next_id(self, prefix: str) -> str:
        unit = self._unit()
        if unit is not None:
            self._begun(unit)
            if prefix not in unit.counters:
                read = int(self._redis.hget(self._key("counters"), prefix) or 0)
                unit.counters[prefix] = (read, read)
            read, value = unit.counters[prefix]
            unit.counters[prefix] = (read, value + 1)
            return f"{prefix}_{value + 1:04d}"
        self._writing()
        value = self._redis.hincrby(self._key("counters"), prefix, 1)
        return f"{prefix}_{value:04d}"

    # Entities and numbers -------------------------------------------------------------------

    def _entity(self, kind: str, entity_id: str) -> Any:
        memo = self._fresh()
        key = (kind, entity_id)
        if key not in memo.entities:
            raw = self._redis.hget(self._key(f"entity:{kind}"), entity_id)
            if raw is None:
                return None  # misses are not kept: fuzzed ids would grow them without bound
            memo.entities[key] = CODEC.loads(stored_bytes(raw), ENTITY_TYPES[kind])
        return memo.entities[key]

    @unavailable_on_redis_errors
    def business(self, business_id: str) -> Business | None:
        found: Business | None = self._entity("business", business_id)
        return found

    @unavailable_on_redis_errors
    def user(self, user_id: str) -> User | None:
        found: User | None = self._entity("user", user_id)
        return found

    @unavailable_on_redis_errors
    def lead(self, lead_id: str) -> Lead | None:
        found: Lead | None = self._entity("lead", lead_id)
        return found

    @unavailable_on_redis_errors
    def number(self, number_id: str) -> PhoneNumber | None:
        unit = self._unit()
        if unit is not None and number_id in unit.numbers:
            return unit.numbers[number_id]
        memo = self._fresh()
        if number_id not in memo.numbers:
            self._read_numbers(memo, [number_id])
        return memo.numbers.get(number_id)

    def _read_numbers(self, memo: Remembered, number_ids: list[str]) -> None:
        missing = [i for i in number_ids if i not in memo.numbers]
        if missing:
            raw = self._redis.hmget(self._key("numbers"), missing)
            for number_id, data in zip(missing, raw, strict=True):
                if data is not None:  # misses are not kept (see _entity)
                    memo.numbers[number_id] = CODEC.loads(stored_bytes(data), PhoneNumber)

    @unavailable_on_redis_errors
    def number_by_e164(self, e164: str) -> PhoneNumber | None:
        memo = self._fresh()
        number_id = memo.by_e164.get(e164)
        if number_id is None:
            raw = self._redis.hget(self._key("e164"), e164)
            if raw is None:
                return None  # misses are not kept (see _entity)
            number_id = memo.by_e164[e164] = stored_bytes(raw).decode()
        return self.number(number_id)

    def _pool_key(self, index: NumberIndex, key: str) -> str:
        return self._key(f"ix:{index.value}:{key}")

    @unavailable_on_redis_errors
    def put_number(self, number: PhoneNumber) -> None:
        unit = self._unit()
        if unit is not None:
            self._unit_number(unit, number)
            return
        self._writing()
        memo = self._fresh()
        old = self.number(number.id)
        seq = self._redis.incr(self._key("seq"))
        pipe = self._redis.pipeline(transaction=True)
        if old is not None:
            pipe.hdel(self._key("e164"), old.number)
            for index, key in index_keys(old):
                pipe.zrem(self._pool_key(index, key), old.id)
        pipe.hset(self._key("numbers"), number.id, CODEC.dumps(number))
        pipe.hset(self._key("e164"), number.number, number.id)
        pipe.zadd(self._key("numbers:order"), {number.id: seq}, nx=True)
        for index, key in index_keys(number):
            pipe.zadd(self._pool_key(index, key), {number.id: seq})
        pipe.hincrby(self._key("meta"), "gen", 1)
        gen = pipe.execute()[-1]
        if self._holding() and memo.gen is not None and gen == memo.gen + 1:
            # Nobody else can write while the lock is held: keep what is still true.
            self._keep_numbers(memo, gen, [(number, old)])
        else:
            self._memo = Remembered(gen)

    def _keep_numbers(
        self, memo: Remembered, gen: int, changed: list[tuple[PhoneNumber, PhoneNumber | None]]
    ) -> None:
        """What this process remembers, moved to `gen` by its own writes of these numbers (each
        with the number it replaced): the pools and the count are read again."""
        for number, old in changed:
            if old is not None:
                memo.by_e164.pop(old.number, None)
            memo.numbers[number.id] = number
            memo.by_e164[number.number] = number.id
        memo.pools.clear()
        memo.count = None
        self._bump(gen)

    def _unit_number(self, unit: Unit, number: PhoneNumber) -> None:
        old = self.number(number.id)
        left = [self._pool_key(i, k) for i, k in index_keys(old)] if old else []
        joined = [self._pool_key(i, k) for i, k in index_keys(number)]
        unit.numbers[number.id] = number
        unit.number_args.append(
            [
                number.id,
                CODEC.dumps(number),
                number.number,
                old.number if old else "",
                len(left),
                *left,
                len(joined),
                *joined,
            ]
        )

    def numbers_in(self, index: NumberIndex, key: str) -> Iterator[PhoneNumber]:
        memo = self._fresh_guarded()
        ids, done = memo.pools.setdefault(self._pool_key(index, key), ([], [False]))
        position = 0
        while True:
            if position == len(ids):
                if done[0]:
                    return
                self._read_page(memo, self._pool_key(index, key), ids, done)
                continue
            number = memo.numbers.get(ids[position])
            position += 1
            if number is not None:
                yield number

    @unavailable_on_redis_errors
    def _fresh_guarded(self) -> Remembered:
        return self._fresh()

    @unavailable_on_redis_errors
    def _read_page(self, memo: Remembered, pool: str, ids: list[str], done: list[bool]) -> None:
        page = stored_ids(self._redis.zrange(pool, len(ids), len(ids) + PAGE - 1))
        self._read_numbers(memo, page)
        ids.extend(page)
        done[0] = len(page) < PAGE

    @unavailable_on_redis_errors
    def number_count(self) -> int:
        memo = self._fresh()
        if memo.count is None:
            memo.count = int(self._redis.hlen(self._key("numbers")))
        unit = self._unit()
        added = 0 if unit is None else sum(1 for i in unit.numbers if i not in memo.numbers)
        return memo.count + added

    @unavailable_on_redis_errors
    def numbers(self) -> list[PhoneNumber]:
        memo = self._fresh()
        ids = stored_ids(self._redis.zrange(self._key("numbers:order"), 0, -1))
        found: list[PhoneNumber] = []
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            self._read_numbers(memo, chunk)
            found.extend(n for i in chunk if (n := memo.numbers.get(i)) is not None)
        return found

    # Traffic and conversations --------------------------------------------------------------

    @unavailable_on_redis_errors
    def add_traffic(self, events: list[TrafficEvent]) -> None:
        self._writing()
        self._add_traffic(events)

    def _add_traffic(self, events: list[TrafficEvent]) -> None:
        if not events:
            return
        # A running number before each event keeps events at one instant in the order added.
        last = self._redis.incrby(self._key("seq"), len(events))
        first = last - len(events) + 1
        by_number: dict[str, dict[bytes, int]] = {}
        added: dict[str, list[TrafficEvent]] = {}
        actions: dict[str, dict[bytes, int]] = {}
        for offset, event in enumerate(events):
            member = f"{first + offset:016x}".encode() + CODEC.dumps(event)
            number_id = event.phone_number_id
            by_number.setdefault(number_id, {})[member] = micros(event.at)
            added.setdefault(number_id, []).append(event)
            if is_action(event):
                actions.setdefault(number_id, {})[member] = micros(event.at)
        pipe = self._redis.pipeline(transaction=True)
        for offset, number_id in enumerate(by_number):
            pipe.zadd(self._key("traffic:numbers"), {number_id: first + offset}, nx=True)
            key = self._key(f"traffic:{number_id}")
            pipe.zadd(key, by_number[number_id])
            if number_id in actions:
                pipe.zadd(self._key(f"actions:{number_id}"), actions[number_id])
            pipe.zcard(key)
        replies = iter(pipe.execute())
        dropped: dict[str, list[TrafficEvent]] = {}
        for number_id in by_number:
            for _ in range(3 if number_id in actions else 2):
                next(replies)
            if int(next(replies)) <= self._limits.max_traffic_per_number:
                continue
            # Its own call, not in the pipeline: cluster pipelines take no scripts.
            gone = stored_ids_raw(
                self._trim_traffic(
                    keys=[self._key(f"traffic:{number_id}"), self._key(f"actions:{number_id}")],
                    args=[self._limits.max_traffic_per_number],
                )
            )
            dropped[number_id] = [CODEC.loads(m[16:], TrafficEvent) for m in gone]
        self._retally(added, dropped)

    def _retally(
        self, added: dict[str, list[TrafficEvent]], dropped: dict[str, list[TrafficEvent]]
    ) -> None:
        """Each number's day tallies with what was added and dropped: written under the world's
        lock, the only place traffic is written (a load, a simulated day)."""
        new = {number_id: tallies_by_day(events) for number_id, events in added.items()}
        gone = {number_id: tallies_by_day(events) for number_id, events in dropped.items()}
        days = {
            number_id: sorted(new[number_id].keys() | gone.get(number_id, {}).keys())
            for number_id in new
        }
        pipe = self._redis.pipeline(transaction=False)
        for number_id, wanted in days.items():
            pipe.hmget(self._key(f"tally:{number_id}"), [d.toordinal() for d in wanted])
        kept: dict[str, dict[date, DayTally]] = {}
        for (number_id, wanted), raw in zip(days.items(), pipe.execute(), strict=True):
            kept[number_id] = {
                day: tally_from_json(day, stored_bytes(r))
                for day, r in zip(wanted, raw, strict=True)
                if r is not None
            }
        pipe = self._redis.pipeline(transaction=True)
        for number_id in days:
            key = self._key(f"tally:{number_id}")
            changed = merged(kept[number_id], new[number_id], gone.get(number_id, {}))
            written = {d.toordinal(): tally_to_json(t) for d, t in changed.items() if t}
            emptied = [d.toordinal() for d, t in changed.items() if t is None]
            if written:
                pipe.hset(key, mapping=written)  # type: ignore[arg-type]
            if emptied:
                pipe.hdel(key, *emptied)
        # Last, with the tallies: a status read holding an older version is made again (P31).
        pipe.hincrby(self._key("meta"), "traffic", 1)
        pipe.execute()

    @unavailable_on_redis_errors
    def traffic(
        self, number_id: str, start: datetime | None = None, end: datetime | None = None
    ) -> list[TrafficEvent]:
        low = "-inf" if start is None else micros(start)
        high = "+inf" if end is None else f"({micros(end)}"
        raw = self._redis.zrangebyscore(self._key(f"traffic:{number_id}"), low, high)
        return [CODEC.loads(stored_bytes(member)[16:], TrafficEvent) for member in raw]

    @unavailable_on_redis_errors
    def status_read(self, e164: str, spec: WindowSpec) -> StatusRead | None:
        # Twice at most: a first read of the clock, or one that moved since the last read.
        for _ in range(3):
            memo, seen = self._memo, self._seen_clock
            known = memo.by_e164.get(e164)
            fresh = known is not None and known in memo.numbers and memo.gen is not None
            held = memo.reads.get((e164, spec))
            if held is not None and (held[0] != memo.gen or held[1].now != seen):
                held = None  # made at another generation or clock: the script would not match
            args: list[EncodableT] = [
                e164,
                "" if seen is None else micros(seen),
                self._prefix,
                memo.gen if fresh and memo.gen is not None else "",
                "" if held is None else cast(int, held[1].traffic_version),
            ]
            spans = ranges(args, spec, seen)
            reply = self._status_read(keys=self._status_keys, args=args)
            if not reply:
                self._sync()  # no world: build it (or wait for the process building it)
                continue
            gen, clock = int(reply[0]), moment(int(reply[1]))
            if gen != memo.gen:
                memo = self._memo = Remembered(gen)
            self._seen_clock = clock
            if len(reply) == 2:
                return None
            number_id = stored_bytes(reply[2]).decode()
            memo.by_e164[e164] = number_id
            if len(reply) == 3:
                continue
            if len(reply) == 4:
                assert held is not None  # the script answers "unchanged" to a held read only
                return held[1]
            raw_number = reply[4]
            if raw_number:
                memo.numbers[number_id] = CODEC.loads(stored_bytes(raw_number), PhoneNumber)
            number = memo.numbers.get(number_id)
            if number is None:
                return None  # its e164 is filed but the number is gone: a reset in between
            read = read_of(number, clock, spec, spans, reply[5:], int(reply[3]))
            if len(memo.reads) >= KEPT_READS:
                memo.reads.clear()  # as domain/memo.py: simpler than LRU, refilling is cheap
            memo.reads[(e164, spec)] = (gen, read)
            return read
        raise StoreUnavailable("the world's clock kept moving during a status read")

    @unavailable_on_redis_errors
    def conversation(self, conversation_id: str) -> Conversation | None:
        unit = self._unit()
        if unit is not None:
            return self._unit_conversation(unit, conversation_id)
        if self._holding() and conversation_id in self._held_conversations:
            return self._held_conversations[conversation_id]
        raw = self._redis.hget(self._key("conversations"), conversation_id)
        found = None if raw is None else decoded_conversation(stored_bytes(raw))
        if self._holding():
            self._held_conversations[conversation_id] = found
        return found

    def _unit_conversation(self, unit: Unit, conversation_id: str) -> Conversation | None:
        if conversation_id in unit.conversations:
            return unit.conversations[conversation_id]
        if unit.memo is None:
            self._begun(unit, conversation_id)
        if conversation_id not in unit.conversations_read:
            if unit.assumed and conversation_id in unit.assumed.conversations:
                found = unit.assumed.conversations[conversation_id]
            else:
                found = cast(
                    bytes | None, self._redis.hget(self._key("conversations"), conversation_id)
                )
            unit.conversations_read[conversation_id] = found
        raw = unit.conversations_read[conversation_id]
        return None if raw is None else decoded_conversation(raw)

    @unavailable_on_redis_errors
    def recent_conversations(self, limit: int) -> list[Conversation]:
        if limit < 1:
            return []
        talks = stored_ids(self._redis.zrevrange(self._key("conversations:order"), 0, limit - 1))
        raw = self._redis.hmget(self._key("conversations"), talks) if talks else []
        return [decoded_conversation(stored_bytes(r)) for r in raw if r]

    @unavailable_on_redis_errors
    def put_conversation(self, conversation: Conversation) -> None:
        unit = self._unit()
        if unit is not None:
            unit.conversations[conversation.id] = conversation
            encoded = CODEC.dumps(conversation)
            unit.conversation_args[conversation.id] = (encoded, conversation_size(conversation))
            return
        self._writing()
        if self._holding():
            self._held_conversations[conversation.id] = conversation
        self._put_conversation(
            keys=[
                self._key("conversations"),
                self._key("conversations:order"),
                self._key("seq"),
                self._key("conversations:size"),
                self._key("conversations:bytes"),
            ],
            args=[
                conversation.id,
                CODEC.dumps(conversation),
                self._limits.max_conversations,
                conversation_size(conversation),
                self._limits.max_conversation_bytes,
            ],
        )

    # Health --------------------------------------------------------------------------------

    def health(self) -> StoreHealth:
        try:
            self._redis.ping()
        except (RedisConnectionError, RedisTimeoutError) as error:
            return StoreHealth("redis", False, f"Redis does not answer ({error})", self._namespace)
        return StoreHealth(
            "redis", True, "Redis answers", self._namespace, held_for=self._lock.held_for()
        )
