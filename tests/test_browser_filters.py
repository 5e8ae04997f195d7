"""Filters you can see (#19), in Chromium: a topic chosen on one page is shown by the Topic box and by
the line at the top of every other page the sidebar menu leads to, in both orders, and a link to the
Source page keeps it. Screenshots of the banner go to tests/artifacts/."""
from __future__ import annotations

import pytest

import test_browser                                 # skips this module where Chromium or Playwright is missing
from test_browser import KARABAG, expect, no_exception, screenshot, settle

app_url, page = test_browser.app_url, test_browser.page        # fixtures: the app on the seed tables, a new tab

pytestmark = pytest.mark.browser
TITLES = {"overview": "Overview", "network": "Network", "timeline": "Timeline", "meetings": "Meetings",
          "source": "Source"}
H1 = {"overview": "newsgraph", "network": "Network", "timeline": "Timeline", "meetings": "Meetings", "source": "Source"}


def path(name: str) -> str:
    return "" if name == "overview" else name


def topic_box(page):
    return page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first


def banner(page):
    return page.locator(".st-key-filters-banner")


def choose(page, box, option: str) -> None:
    """Pick an option of a sidebar multiselect and wait for the run it starts."""
    wanted = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):                      # a click while the page is still rerunning may not open the list
        box.click()
        try:
            wanted.wait_for(timeout=10000)
            break
        except Exception:                   # noqa: BLE001 - playwright's TimeoutError; try again
            page.keyboard.press("Escape")
            settle(page)
    wanted.click()
    page.keyboard.press("Escape")
    expect(box).to_contain_text(option)
    settle(page)


def go(page, name: str) -> None:
    """Switch pages through the sidebar menu (a page switch in the same session, as an analyst makes it)."""
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=TITLES[name], exact=True).click()
    expect(page.locator("h1").first).to_contain_text(H1[name], timeout=30000)
    settle(page)


def shows_karabag(page, where: str) -> None:
    """The Topic box holds Karabağ, the banner and the sidebar say it, and the URL carries it."""
    no_exception(page)
    expect(topic_box(page)).to_contain_text("Karabağ")
    expect(banner(page)).to_contain_text("Filters: topic Karabağ · 1 of 5 articles")
    assert "Showing 1 of 5 articles" in page.locator('[data-testid="stSidebar"]').inner_text(), where
    assert f"topic={KARABAG}" in page.url, where


@pytest.mark.parametrize("first,then", [("overview", "network"), ("network", "overview"), ("timeline", "meetings"),
                                        ("meetings", "timeline"), ("source", "overview"), ("network", "source")])
def test_a_topic_chosen_on_one_page_is_shown_on_the_next_and_back(app_url, page, first, then):
    page.goto(f"{app_url}/{path(first)}")
    settle(page)
    expect(banner(page)).to_contain_text("No filters: all 5 articles")
    choose(page, topic_box(page), "Karabağ")
    shows_karabag(page, first)
    go(page, then)
    shows_karabag(page, f"{first} → {then}")
    go(page, first)
    shows_karabag(page, f"{first} → {then} → {first}")


def test_a_topic_added_after_a_page_switch_joins_the_one_in_force(app_url, page):
    page.goto(f"{app_url}/meetings")
    settle(page)
    choose(page, topic_box(page), "Karabağ")
    go(page, "overview")
    choose(page, topic_box(page), "Libya")                    # was: the blank box replaced the hidden Karabağ
    expect(banner(page)).to_contain_text("Filters: topic Karabağ or Libya")
    expect(topic_box(page)).to_contain_text("Karabağ")
    screenshot(page, "banner-two-topics")
    go(page, "timeline")
    expect(topic_box(page)).to_contain_text("Karabağ")
    expect(topic_box(page)).to_contain_text("Libya")
    expect(banner(page)).to_contain_text("Filters: topic Karabağ or Libya")


def test_the_link_to_the_source_page_keeps_the_filter(app_url, page, browser):
    page.goto(f"{app_url}/timeline")
    settle(page)
    choose(page, topic_box(page), "Karabağ")
    page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').filter(
        has_text="Item (or click one on the chart)").click()
    page.get_by_role("option", name="Akar — Şoygu (phone call) · 2020").click()
    settle(page)
    page.get_by_role("link", name="Open in the source view").first.click()
    expect(page.locator("h1").first).to_contain_text("Source", timeout=30000)
    settle(page)
    shows_karabag(page, "timeline → source link")
    assert "article=" in page.url and "sent=" in page.url
    expect(page.get_by_text("sentence 0, highlighted in the text below")).to_be_visible()
    screenshot(page, "banner-source-karabag")
    linked = page.url
    other = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()      # a new session: the URL alone
    try:
        other.goto(linked)
        settle(other)
        shows_karabag(other, "the source link in a new session")
    finally:
        other.context.close()


def test_the_banner_is_one_line(app_url, page):
    page.goto(f"{app_url}/network")
    settle(page)
    line = banner(page)
    expect(line).to_contain_text("No filters: all 5 articles")
    assert line.bounding_box()["height"] < 40
    screenshot(page, "banner-no-filters")
    page.goto(f"{app_url}/network?topic={KARABAG}&from=2020-01-01&to=2020-12-31&actor=hulusi-akar")
    settle(page)
    expect(line).to_contain_text("Filters: topic Karabağ · actor Hulusi Akar · 2020-01-01 – 2020-12-31 · "
                                 "1 of 5 articles")
    assert line.bounding_box()["height"] < 40
    line.screenshot(path=str(screenshot(page, "banner-network-three-filters").with_name("banner-line.png")))
