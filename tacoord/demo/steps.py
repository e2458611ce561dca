"""The demo's later steps, in the order their data builds on each other: each app's own builder returns the summary
lines the `demo` command prints. Reference data, the demo world and the reporting cycles come first (in the command);
these need the organisations, people and needs they made."""

from collections.abc import Callable, Iterator

from tacoord.activities.demo import demo_activities_build
from tacoord.assistance.demo import demo_requests_build
from tacoord.duplicates.demo import demo_duplicates_build
from tacoord.experts.demo import demo_experts_build
from tacoord.iati.demo import demo_iati_build
from tacoord.matching.demo import demo_matching_build
from tacoord.meetings.demo import demo_meetings_build
from tacoord.providers.demo import demo_providers_build


def _steps(*, world, seed: int) -> list[Callable[[], list[str]]]:
    return [
        lambda: demo_providers_build(world=world, seed=seed),
        lambda: demo_experts_build(world=world, seed=seed),
        lambda: demo_activities_build(world=world, seed=seed),
        lambda: demo_iati_build(world=world),
        lambda: demo_duplicates_build(world=world),
        lambda: demo_matching_build(),
        lambda: demo_requests_build(world=world, seed=seed),
        lambda: demo_meetings_build(world=world, seed=seed),
    ]


def demo_steps_run(*, world, seed: int) -> Iterator[str]:
    """Run every later step in order; yield the summary lines of each."""
    for build in _steps(world=world, seed=seed):
        yield from build()
