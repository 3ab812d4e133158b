"""Reports from day tallies agree with counting every event (tests/domain/status_oracle.py),
whatever the traffic, its order of arrival, the events dropped past the bound and the window."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.domain.clock import DEFAULT_START
from mockserver.domain.enums import Channel
from mockserver.domain.model import Direction, Outcome, TrafficEvent
from mockserver.domain.service import PhoneNumberService
from mockserver.domain.status import WindowSpec, report
from mockserver.domain.store import StoreLimits
from mockserver.domain.world import World, WorldOrigin
from mockserver.stores.memory import MemoryStore
from tests.domain.builders import number
from tests.domain.status_oracle import expected

NUMBER = number("pn_0001", "+15125550100")
DAYS = 6

events = st.builds(
    lambda minute, channel, direction, to, outcome, warmup, opt_out, spam: (
        minute,
        TrafficEvent(
            "",
            NUMBER.id,
            DEFAULT_START - timedelta(days=DAYS // 2, minutes=-minute),
            channel,
            direction,
            f"+1512555010{to}",
            outcome,
            is_warmup=warmup,
            is_opt_out=opt_out,
            is_spam_signal=spam,
        ),
    ),
    st.integers(0, DAYS * 24 * 60),
    st.sampled_from(Channel),
    st.sampled_from(Direction),
    st.integers(0, 4),
    st.sampled_from(Outcome),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
specs = st.builds(
    WindowSpec,
    st.none() | st.integers(-1, 9),
    st.none() | st.dates(date(2026, 11, 18), date(2026, 11, 26)),
    st.none() | st.dates(date(2026, 11, 18), date(2026, 11, 26)),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(events, max_size=60),
    st.integers(1, 5),
    st.integers(5, 80),
    st.integers(0, DAYS * 24 * 60),
    specs,
)
def test_a_tallied_report_counts_what_the_events_say(
    timed: list[tuple[int, TrafficEvent]], batches: int, bound: int, minute: int, spec: WindowSpec
) -> None:
    store = MemoryStore(StoreLimits(max_traffic_per_number=bound))
    now = DEFAULT_START - timedelta(days=DAYS // 2, minutes=-minute)
    store.load(World(numbers=(NUMBER,)), WorldOrigin(1, "test"), clock=now)
    added = [event for _minute, event in timed]
    for start in range(batches):  # in batches, out of time order
        store.add_traffic(added[start::batches])
    read = store.status_read(NUMBER.number, spec)
    assert read is not None
    done = report(read)
    want = expected(store.traffic(NUMBER.id), spec.at(now), now)
    assert done.window_counts.tally == want.window
    assert done.window_counts.distinct_contacted == want.distinct_contacted
    assert done.window_counts.distinct_opted_out == want.distinct_opted_out
    assert done.warmup_counts == want.warmup
    assert done.last_successful_message_at == want.last_delivered_at
    assert done.recent_events == want.recent_events
    assert done.recent_actions == want.recent_actions


def test_a_report_is_made_again_only_when_what_it_is_made_of_moves() -> None:
    service = PhoneNumberService(MemoryStore())
    service.reset(World(numbers=(NUMBER,)), WorldOrigin(1, "test", start=DEFAULT_START))
    first = service.status(NUMBER.number)
    assert service.status(NUMBER.number) is first, "nothing moved: the same report"
    assert service.status(NUMBER.number, window_days=7) is not first, "another window"
    service.store.add_traffic([])
    after_traffic = service.status(NUMBER.number)
    assert after_traffic is not first
    assert after_traffic == first, "no new events: the same counts"
    service.advance(1)
    assert service.status(NUMBER.number) != first, "a day of traffic and a clock move later"
