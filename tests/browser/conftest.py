"""Browser tests: Debian's Chromium, headless, driven by Playwright against pytest-django's live server.

The data is the demo world on the reference data, as `tacoord demo` builds it, so what the tests click through is
what a person trying the demo sees.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tacoord.core.context import change_context
from tacoord.demo.reporting import DemoReporting, demo_reporting_build
from tacoord.demo.world import DemoWorld, demo_world_build

# Playwright's synchronous API runs an event loop in the test thread; the database calls the tests make between
# clicks are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(os.environ.get("TACOORD_SCREENSHOTS", "/tmp/shots"))

# Room for a loaded CI machine: a page that needs more than this is a failure worth seeing.
expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        message = "Debian's chromium is not installed (apt-get install chromium fonts-noto-core fonts-noto-cjk)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A fixed browser language, so the interface starts in English whatever the machine's locale.
    return {**browser_context_args, "locale": "en-GB", "viewport": {"width": 1280, "height": 900}}


@dataclass
class Site:
    """The live server with the demo world in it."""

    base_url: str
    world: DemoWorld
    reporting: DemoReporting | None = None

    def url(self, path: str) -> str:
        return self.base_url + path

    def sign_in(self, page: Page, username: str) -> None:
        page.goto(self.url("/login/"))
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(self.world.password)
        page.locator("main button[type=submit]").click()
        person = self.world.people[username]
        expect(page.locator(".account .who")).to_contain_text(person.get_full_name())


@pytest.fixture
def site(transactional_db, live_server) -> Site:
    call_command("load_reference", verbosity=0)
    with change_context(user=None, source="demo"):
        world = demo_world_build()
    return Site(base_url=live_server.url, world=world)


@pytest.fixture
def needs_site(site) -> Site:
    """The live server with the demo world and its reporting step, smaller than `tacoord demo` builds it: the five
    States of the world and two more answer the current cycle, the five and one more the earlier one."""
    with change_context(user=None, source="demo"):
        site.reporting = demo_reporting_build(extra_states=2, earlier_extra_states=1, people=site.world.people)
    return site


@pytest.fixture
def screenshot():
    """Save a screenshot under /tmp/shots/ (or $TACOORD_SCREENSHOTS) for a person to look at."""

    def take(page: Page, name: str, *, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
