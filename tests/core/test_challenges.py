"""Challenges: each goal is reachable by a schedule; the tutorial's own order reaches none."""

from __future__ import annotations

import dataclasses

import pytest

from threadcomm.core.challenges import CHALLENGES, Challenge, find_challenge, reached
from threadcomm.core.config import RunConfig
from threadcomm.core.scenarios import find_scenario
from threadcomm.core.schedule_search import search
from threadcomm.core.schedules import replay, statements, stepping_config

_NAMES = [c.name for c in CHALLENGES]


def _config(challenge: Challenge) -> RunConfig:
    config = find_scenario(challenge.scenario).run_config()
    if challenge.consumers is not None:
        config = dataclasses.replace(config, consumers=challenge.consumers)
    return stepping_config(config)


@pytest.mark.parametrize("name", _NAMES)
def test_each_challenge_is_reached_by_a_schedule_that_replays_to_it(name: str) -> None:
    challenge = find_challenge(name)
    config = _config(challenge)
    items = len(config.items)
    result = search(config, goal=lambda ran: reached(challenge, ran.events, items))
    assert result.found is not None, f"no schedule reaches {name}"
    one = replay(config, result.found.steps)
    two = replay(config, result.found.steps)
    assert reached(challenge, one.events, items)
    assert statements(one) == statements(two)


@pytest.mark.parametrize("name", _NAMES)
def test_the_corrected_tutorial_in_its_own_order_reaches_no_challenge(name: str) -> None:
    challenge = find_challenge(name)
    config = stepping_config(find_scenario("tutorial").run_config())
    ran = replay(config, [])
    assert ran.outcomes == ()
    assert not reached(challenge, ran.events, len(config.items))


@pytest.mark.parametrize("name", _NAMES)
def test_no_challenge_is_reached_in_its_own_scenarios_natural_order(name: str) -> None:
    """The natural order: each step to the first thread that can move (a replay with no steps)."""
    challenge = find_challenge(name)
    config = _config(challenge)
    ran = replay(config, [])
    assert ran.summary is not None  # the run went to its end
    assert not reached(challenge, ran.events, len(config.items))


def test_an_unknown_challenge_is_named_with_the_known_ones() -> None:
    with pytest.raises(KeyError, match="the challenges are early-join, out-of-order"):
        find_challenge("nope")
