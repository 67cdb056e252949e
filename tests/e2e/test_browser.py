"""A recruiter's first steps in a real browser (fixtures in tests/e2e/conftest.py)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_recruiter_logs_in_and_sees_the_dashboard(live_server, browser, output_dir):
    from app.services.demo import demo_logins

    email, password = next((e, p) for r, e, p in demo_logins() if "recrut" in e)
    context = browser.new_context(locale="fr-CA", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server}/login")
    assert page.locator("html").get_attribute("lang") == "fr"

    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()

    page.wait_for_url("**/o/entraide-mtl/dashboard")
    assert page.get_by_role("heading", level=1).inner_text() == "Entraide Montréal"
    rows = page.locator("table.pipeline tbody tr")
    assert rows.count() >= 7, "the demo has at least seven open roles"
    assert page.get_by_text("Postes ouverts").is_visible()
    page.screenshot(path=str(output_dir / "recruiter-dashboard-fr.png"), full_page=True)

    # The same page on a phone: the table turns into stacked cards, nothing overflows.
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(output_dir / "recruiter-dashboard-phone.png"), full_page=True)
    assert width <= 390
    context.close()
