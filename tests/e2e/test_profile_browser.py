"""A candidate in a real browser: the profile form with JavaScript, then a LinkedIn import."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PROFILES = Path(__file__).resolve().parents[1] / "fixtures" / "profiles"
ME = "/o/entraide-mtl/me"


def linkedin_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted((PROFILES / "marie-eve-gagnon-linkedin").iterdir()):
            archive.writestr(f"Basic_LinkedInDataExport/{path.name}", path.read_bytes())
    return buffer.getvalue()


def log_in_as_candidate(browser, live_server):  # type: ignore[no-untyped-def]
    from app.services.demo import demo_logins

    email, password = next((e, p) for r, e, p in demo_logins() if r == "candidate")
    context = browser.new_context(locale="en-CA", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{ME}")
    return context, page


def test_rows_are_added_and_removed_in_place_and_saved(live_server, browser, output_dir):
    context, page = log_in_as_candidate(browser, live_server)
    page.goto(f"{live_server}{ME}/edit")
    section = page.locator("#section-positions")
    rows = section.locator("[data-rows] > [data-row]")
    before = rows.count()

    section.get_by_role("button", name="Add a position").click()
    assert page.url.endswith(f"{ME}/edit")  # no round trip: the row was added in place
    assert rows.count() == before + 1
    focused = page.evaluate("document.activeElement.name")
    assert focused == f"positions-{before}-title"
    page.keyboard.type("Coordonnatrice d'événements")

    if before:  # removing the first row renumbers the others
        rows.nth(0).get_by_role("button", name=re.compile("^Remove")).click()
        assert rows.count() == before
        names = [
            rows.nth(i).locator("input[name$='-title']").get_attribute("name")
            for i in range(before)
        ]
        assert names == [f"positions-{i}-title" for i in range(before)]
        assert rows.nth(before - 1).locator("legend").inner_text() == f"Position {before}"

    page.locator("#section-skills").get_by_role("button", name="Add a skill").click()
    skill = page.locator("#section-skills [data-row]").last.locator("input[data-suggest]")
    skill.type("accoun", delay=40)
    page.wait_for_function(
        "(input) => input.list && input.list.options.length > 0", arg=skill.element_handle()
    )
    options = skill.evaluate("(input) => [...input.list.options].map((o) => o.value)")
    assert "accounting" in options
    skill.fill("accounting")

    page.get_by_role("button", name="Save my profile").click()
    page.wait_for_url(f"**{ME}")
    assert page.get_by_text("Your profile is saved.").is_visible()
    assert page.get_by_text("Coordonnatrice d'événements").is_visible()
    page.screenshot(path=str(output_dir / "candidate-profile.png"), full_page=True)
    context.close()


def test_a_linkedin_export_is_previewed_then_shown_with_its_source(live_server, browser):
    context, page = log_in_as_candidate(browser, live_server)
    page.goto(f"{live_server}{ME}/import")
    page.get_by_label("Profile file").set_input_files(
        {
            "name": "Basic_LinkedInDataExport.zip",
            "mimeType": "application/zip",
            "buffer": linkedin_zip(),
        }
    )
    page.get_by_role("button", name="Preview the changes").click()
    assert page.get_by_role("heading", name="What the import would change").is_visible()
    assert page.get_by_role("cell", name=re.compile("Maison des jeunes")).is_visible()
    page.get_by_role("button", name="Confirm the import").click()
    page.wait_for_url(f"**{ME}")
    assert page.get_by_text(
        "The profile is updated from Basic_LinkedInDataExport.zip."
    ).is_visible()
    assert page.get_by_text("Maison des jeunes").is_visible()
    assert page.locator(".source", has_text="LinkedIn, ").count() >= 3
    context.close()
