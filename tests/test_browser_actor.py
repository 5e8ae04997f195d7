"""The Actor page in Chromium (#20): a deep link ?actor=… opens the profile with its chart, and the
profile link of the sidebar leads there from another page. Screenshots go to tests/artifacts/."""
from __future__ import annotations

import pytest

import test_browser                                 # skips this module where Chromium or Playwright is missing
from test_browser import expect, no_exception, screenshot, settle

app_url, page = test_browser.app_url, test_browser.page        # fixtures: the app on the seed tables, a new tab

pytestmark = pytest.mark.browser


def test_a_deep_link_opens_the_profile_with_its_ego_network(app_url, page):
    page.goto(f"{app_url}/actor?actor=hulusi-akar&topic=Libya")
    settle(page)
    no_exception(page)
    expect(page.locator("h1").first).to_contain_text("Actor")
    expect(page.get_by_text("Milli Savunma Bakanı · Türkiye · person from the registry")).to_be_visible()
    expect(page.locator(".st-key-filters-banner")).to_contain_text("actor Hulusi Akar")
    page.get_by_role("tab", name="Ego network").click()
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30000)
    names = page.evaluate("""() => [...document.querySelector('.js-plotly-plot').data]
        .filter(t => t.mode === 'markers+text').flatMap(t => [...t.hovertext])""")
    assert any("Hulusi Akar" in n for n in names)
    screenshot(page, "actor-akar-ego")
    assert "topic=Libya" in page.url


def test_the_sidebar_links_a_chosen_actor_to_their_profile(app_url, page):
    page.goto(f"{app_url}/network?actor=sergey-soygu")
    settle(page)
    link = page.locator('[data-testid="stSidebar"] a', has_text="Sergey Şoygu")
    assert "actor?actor=sergey-soygu" in link.get_attribute("href")
    page.goto(link.get_attribute("href") if link.get_attribute("href").startswith("http")
              else f"{app_url}/{link.get_attribute('href').lstrip('./')}")
    settle(page)
    no_exception(page)
    expect(page.locator("h1").first).to_contain_text("Actor")
    expect(page.get_by_text("Sergey Şoygu").first).to_be_visible()
    screenshot(page, "actor-soygu")
