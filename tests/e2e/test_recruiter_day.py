"""A recruiter's day in a real browser, once in French and once in English.

Two walks, each logged in on its own: a new role written in the role form, its ranked
list filtered through the URL and a candidate's explanation; then the demo's blind-review
role, where a hidden candidate is shortlisted (from the bulk bar in French, from the
pipeline panel in English), revealed, moved, noted, and the shortlist exported as CSV.

The demo recruiter's account remembers French: after logging in the English walk uses
the language switch, and puts the account back to French for the tests that follow.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.browser

ORG = "/o/entraide-mtl"
BLIND_ROLE = "Coordonnateur·rice des bénévoles"
RECRUITER = "Marc-André O'Neil"
PHONE = {"width": 390, "height": 844}


#: What the recruiter reads and types, in French and in English; "{token}" makes a title unique.
TEXTS: dict[str, tuple[object, object]] = {
    "email": ("Courriel", "E-mail"),
    "password": ("Mot de passe", "Password"),
    "log_in": ("Se connecter", "Log in"),
    "roles": ("Postes", "Roles"),
    "new_role": ("Nouveau poste", "New role"),
    "title": (
        "Préposé·e à l'accueil du comptoir d'Hochelaga {token}",
        "Greeter at the Saint-Léonard pantry's front desk {token}",
    ),
    "title_label": ("Titre", "Title"),
    "kind": ("Bénévole", "Volunteer"),
    "skill_row": ("Compétence 1", "Skill 1"),
    "skill": ("Compétence", "Skill"),
    "skill_typed": ("service à la", "customer ser"),
    "skill_pick": ("service à la clientèle", "customer service"),
    "must_have": ("Essentielle", "Must-have"),
    "language_row": ("Langue 1", "Language 1"),
    "language": ("Langue", "Language"),
    "language_pick": ("Français", "French"),
    "level": ("Niveau", "Level"),
    "level_pick": ("Compétence professionnelle", "Professional working proficiency"),
    "create": ("Créer et ouvrir", "Create and open"),
    "created": ("Le poste {title} a été créé.", "The role {title} was created."),
    "ranked_table": ("Candidat·es classé·es", "Ranked candidates"),
    "ranked_count": (
        re.compile(r"^(\d+) candidat·es? classé·es?\.$"),
        re.compile(r"^(\d+) candidates? ranked\.$"),
    ),
    "skill_reason": ("Compétences (service à la clientèle)", "Skills (customer service)"),
    "filters": ("Filtrer et trier les candidat·es", "Filter and sort the candidates"),
    "min_score": ("Score minimal", "Minimum score"),
    "show": ("Afficher les candidat·es", "Show the candidates"),
    "filtered_count": (
        re.compile(r"^(\d+) candidat·es? sur (\d+) correspond(?:ent)? aux filtres\.$"),
        re.compile(r"^(\d+) of (\d+) candidates match(?:es)? the filters\.$"),
    ),
    "for_role": ("{name} pour {role}", "{name} for {role}"),
    "components_table": (
        "Score de chaque critère, son poids et ce qu’il ajoute",
        "Score of each criterion, its weight and what it adds",
    ),
    "skills_label": ("Compétences", "Skills"),
    "languages_label": ("Langues", "Languages"),
    "evidence": ("Éléments à l’appui", "Evidence"),
    "language_evidence": ("Français : ", "French: "),
    "skills_table": (
        "Compétences du poste que la personne possède",
        "Skills of the role the candidate has",
    ),
    "hidden_name": (re.compile(r"^Candidat·e nº \d+$"), re.compile(r"^Candidate #\d+$")),
    "blind_notice": (
        "L’évaluation à l’aveugle est activée : noms, photos,",
        "Blind review is on: names, photos,",
    ),
    "shortlist_with": ("bulk", "panel"),
    "bulk_bar": ("Agir sur les candidat·es sélectionné·es", "Act on the selected candidates"),
    "action": ("Action", "Action"),
    "shortlist_action": ("Ajouter à la liste restreinte", "Add to the shortlist"),
    "apply": ("Appliquer aux candidat·es sélectionné·es", "Apply to the selected candidates"),
    "bulk_done": ("1 personne ajoutée à la liste restreinte.", "1 candidate shortlisted."),
    "pipeline": ("Processus de sélection", "Pipeline"),
    "move_to": ("Déplacer vers l’étape", "Move to the stage"),
    "move": ("Déplacer", "Move"),
    "shortlisted": ("Présélectionné", "Shortlisted"),
    "contacted": ("Contacté", "Contacted"),
    "moved": ("Déplacé·e à l’étape « Contacté ».", "Moved to Contacted."),
    "revealed_flash": (
        "L’évaluation à l’aveugle est terminée pour cette personne",
        "Blind review has ended for this candidate: their identity is shown.",
    ),
    "revealed": ("Identité révélée le", "Identity revealed on"),
    "history_table": (
        "Étapes franchies pour ce poste, qui a déplacé la personne et quand",
        "Stages the candidate went through for this role, who moved them and when",
    ),
    "new_note": ("Nouvelle note", "New note"),
    "add_note": ("Ajouter la note", "Add the note"),
    "note_added": ("Note ajoutée.", "Note added."),
    "note": (
        "Appelée le 24 : très motivée, disponible dès décembre. À rappeler lundi.",
        "Called on the 24th: keen, free from December. Call back on Monday — in French.",
    ),
    "back_to": ("Retour à {role}", "Back to {role}"),
    "shortlist": ("Liste restreinte", "Shortlist"),
    "shortlist_heading": ("Liste restreinte : {role}", "Shortlist: {role}"),
    "shortlist_table": (
        "Personnes de la liste restreinte, dans l’ordre",
        "People on the shortlist, in order",
    ),
    "download_csv": ("Télécharger en tableur (CSV)", "Download as a spreadsheet (CSV)"),
    "criteria": (
        {
            "Compétences",
            "Texte du profil",
            "Expérience",
            "Langues",
            "Disponibilité",
            "Lieu",
            "Cause",
            "Expérience de gouvernance",
            "Lacunes du conseil comblées",
        },
        {
            "Skills",
            "Profile text",
            "Experience",
            "Languages",
            "Availability",
            "Location",
            "Cause",
            "Governance experience",
            "Board gaps closed",
        },
    ),
    "csv_header": (
        [
            "Ordre",
            "Nom",
            "Courriel",
            "Téléphone",
            "Ville",
            "Score",
            "Couverture (%)",
            "Étape",
            "Évaluation",
            "Compétences correspondantes",
            "Exigences non remplies",
        ],
        [
            "Order",
            "Name",
            "E-mail",
            "Phone",
            "City",
            "Score",
            "Coverage (%)",
            "Stage",
            "Rating",
            "Matched skills",
            "Missing required items",
        ],
    ),
}

#: One walk's texts: ``ui.lang``, ``ui.browser_locale`` and every key of TEXTS.
Ui = SimpleNamespace
FR = Ui(lang="fr", browser_locale="fr-CA", **{key: pair[0] for key, pair in TEXTS.items()})
EN = Ui(lang="en", browser_locale="en-CA", **{key: pair[1] for key, pair in TEXTS.items()})

LANGUAGES = pytest.mark.parametrize("ui", [FR, EN], ids=["fr", "en"])


# --- logging in, in the walk's language -----------------------------------------------------


@contextmanager
def recruiter_day(browser, live_server: str, ui: Ui, output_dir) -> Iterator:  # type: ignore[no-untyped-def]
    """A logged-in recruiter's page in ``ui``'s language; the account's language put back."""
    from app.services.demo import demo_logins

    email, password = next((e, p) for r, e, p in demo_logins() if r == "recruiter")
    context = browser.new_context(
        locale=ui.browser_locale, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.goto(f"{live_server}/login")
    assert page.locator("html").get_attribute("lang") == ui.lang  # the browser's language
    page.get_by_label(ui.email).fill(email)
    page.get_by_label(ui.password).fill(password)
    follow(page, page.get_by_role("button", name=ui.log_in))
    page.wait_for_url(f"**{ORG}/dashboard")
    remembered = page.locator("html").get_attribute("lang")  # the account's language wins
    try:
        if remembered != ui.lang:
            switch_language(page, ui.lang)
        page.screenshot(path=str(output_dir / f"recruiter-day-{ui.lang}-dashboard.png"))
        yield page
    finally:
        if remembered and remembered != ui.lang:
            page.goto(f"{live_server}{ORG}/dashboard")
            switch_language(page, remembered)
        context.close()


def switch_language(page, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Choose ``lang`` in the header's language select (it submits itself)."""
    select = page.locator("header").get_by_role("combobox").first
    with page.expect_navigation():
        select.select_option(lang)
    assert page.locator("html").get_attribute("lang") == lang


def follow(page, target) -> None:  # type: ignore[no-untyped-def]
    """Click a link or a submit button and wait for the page it leads to."""
    with page.expect_navigation():
        target.click()


def shoot(page, output_dir, ui: Ui, step: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(output_dir / f"recruiter-day-{ui.lang}-{step}.png"), full_page=True)


def flash(page, text: str) -> None:  # type: ignore[no-untyped-def]
    assert page.get_by_role("status").filter(has_text=text).first.is_visible(), text


# --- a new role, its ranking, a filter, a candidate's explanation ---------------------------


def fill_role_form(page, ui: Ui, title: str) -> None:  # type: ignore[no-untyped-def]
    follow(page, page.get_by_role("link", name=ui.roles, exact=True))
    follow(page, page.get_by_role("link", name=ui.new_role, exact=True))
    assert page.get_by_role("heading", level=1).inner_text() == ui.new_role
    page.get_by_label(ui.title_label, exact=True).fill(title)
    page.get_by_role("radio", name=ui.kind, exact=True).check()

    skill_row = page.get_by_role("group", name=ui.skill_row, exact=True)
    skill = skill_row.get_by_role("combobox", name=ui.skill, exact=True)
    skill.press_sequentially(ui.skill_typed, delay=40)
    page.wait_for_function(
        "([input, pick]) => input.list && [...input.list.options].some((o) => o.value === pick)",
        arg=[skill.element_handle(), ui.skill_pick],
    )
    skill.fill(ui.skill_pick)  # what picking the suggestion leaves in the box
    skill_row.get_by_label(ui.must_have, exact=True).check()

    language_row = page.get_by_role("group", name=ui.language_row, exact=True)
    language_row.get_by_role("combobox", name=ui.language, exact=True).fill(ui.language_pick)
    language_row.get_by_role("combobox", name=ui.level, exact=True).select_option(
        label=ui.level_pick
    )


def create_role(page, ui: Ui, title: str) -> None:  # type: ignore[no-untyped-def]
    follow(page, page.get_by_role("button", name=ui.create, exact=True))
    page.wait_for_url(re.compile(rf".*{ORG}/roles/\d+$"))
    flash(page, ui.created.format(title=title))
    assert page.get_by_role("heading", level=1).inner_text() == title


def scores(table) -> list[int]:  # type: ignore[no-untyped-def]
    meters = table.get_by_role("meter")
    return [int(meters.nth(i).get_attribute("value")) for i in range(meters.count())]


def check_ranking(page, ui: Ui) -> int:  # type: ignore[no-untyped-def]
    """Rows with a score bar and reasons, best first; the number of candidates ranked."""
    table = page.get_by_role("table", name=ui.ranked_table)
    rows = table.locator("tbody tr")
    assert rows.count() > 0, "the demo has consenting candidates"
    for i in range(min(rows.count(), 5)):
        row = rows.nth(i)
        assert row.get_by_role("meter").count() == 1
        assert row.locator(".reasons").inner_text().strip()
    found = scores(table)
    assert found == sorted(found, reverse=True), "best match first"
    reasons = [rows.nth(i).locator(".reasons").inner_text() for i in range(rows.count())]
    assert any(ui.skill_reason in text for text in reasons), reasons[:3]
    total = page.get_by_text(ui.ranked_count)
    return int(ui.ranked_count.match(total.inner_text()).group(1))


def filter_by_score(page, ui: Ui, ranked: int) -> None:  # type: ignore[no-untyped-def]
    """A minimum score typed in the filter form: in the URL, and fewer candidates shown."""
    table = page.get_by_role("table", name=ui.ranked_table)
    before = scores(table)
    threshold = before[min(2, len(before) - 1)]
    form = page.get_by_role("search", name=ui.filters)
    form.get_by_label(ui.min_score, exact=True).fill(str(threshold))
    follow(page, form.get_by_role("button", name=ui.show))
    page.wait_for_url(re.compile(rf".*min_score={threshold}\b"))
    assert parse_qs(urlparse(page.url).query)["min_score"] == [str(threshold)]
    assert form.get_by_label(ui.min_score, exact=True).input_value() == str(threshold)
    shown, of = ui.filtered_count.match(page.get_by_text(ui.filtered_count).inner_text()).groups()
    assert int(of) == ranked
    assert 1 <= int(shown) < ranked, "the filter left the best and took others away"
    assert all(score >= threshold for score in scores(table))


def check_explanation(page, ui: Ui, title: str) -> None:  # type: ignore[no-untyped-def]
    """The best candidate's page: criteria, skills and evidence in the page's language."""
    first = page.get_by_role("table", name=ui.ranked_table).get_by_role("rowheader").first
    name = first.get_by_role("link").inner_text()
    follow(page, first.get_by_role("link"))
    page.wait_for_url(re.compile(r".*/candidates/\d+$"))
    assert page.get_by_role("heading", level=1).inner_text() == ui.for_role.format(
        name=name, role=title
    )
    components = page.get_by_role("table", name=ui.components_table)
    criteria = set(components.get_by_role("rowheader").all_inner_texts())
    assert {ui.skills_label, ui.languages_label} <= criteria <= ui.criteria, criteria

    skills = page.get_by_role("table", name=ui.skills_table)
    asked = skills.get_by_role("rowheader").all_inner_texts()
    assert asked == [ui.skill_pick], "the best candidate has the must-have skill"
    evidence = page.locator("section").filter(
        has=page.get_by_role("heading", name=ui.evidence, level=2)
    )
    skill_evidence = evidence.get_by_role("listitem").filter(has_text=ui.skill_pick)
    assert skill_evidence.count() >= 1
    language_evidence = evidence.get_by_role("listitem").filter(has_text=ui.language_evidence)
    assert language_evidence.count() == 1, evidence.inner_text()
    assert ui.level_pick in language_evidence.inner_text()


@LANGUAGES
def test_a_new_role_is_ranked_filtered_and_explained(live_server, browser, output_dir, ui):
    title = ui.title.format(token=uuid.uuid4().hex[:6])
    with recruiter_day(browser, live_server, ui, output_dir) as page:
        fill_role_form(page, ui, title)
        shoot(page, output_dir, ui, "role-form")
        create_role(page, ui, title)
        role_url = page.url
        ranked = check_ranking(page, ui)
        shoot(page, output_dir, ui, "ranking")

        filter_by_score(page, ui, ranked)
        shoot(page, output_dir, ui, "filtered")

        check_explanation(page, ui, title)
        shoot(page, output_dir, ui, "explanation")

        # The ranked list on a phone: the table stacks, nothing scrolls sideways.
        page.set_viewport_size(PHONE)
        page.goto(role_url)
        page.get_by_role("table", name=ui.ranked_table).wait_for()
        page.screenshot(path=str(output_dir / f"recruiter-day-{ui.lang}-phone.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page is {width} px wide on a 390 px phone"


# --- blind review, the pipeline and the shortlist ----------------------------------------------


def a_hidden_candidate(page, ui: Ui) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """(name shown, link) of the best-ranked candidate whose identity is still hidden."""
    table = page.get_by_role("table", name=ui.ranked_table)
    links = table.get_by_role("rowheader").get_by_role("link")
    names = links.all_inner_texts()
    hidden = [i for i, name in enumerate(names) if ui.hidden_name.match(name)]
    assert hidden, f"every name on the blind role's list is shown: {names}"
    for i, name in enumerate(names):
        if i not in hidden:  # revealed: only once shortlisted, so in the pipeline
            row = table.locator("tbody tr").nth(i)
            assert row.locator(".badge-stage").count() == 1, name
    first = links.nth(hidden[0])
    return names[hidden[0]], first.get_attribute("href")


def shortlist_from_the_bulk_bar(page, ui: Ui, hidden: str, href: str) -> str:  # type: ignore[no-untyped-def]
    page.get_by_role("checkbox", name=hidden, exact=True).check()
    bar = page.get_by_role("group", name=ui.bulk_bar)
    bar.get_by_label(ui.action, exact=True).select_option(label=ui.shortlist_action)
    follow(page, bar.get_by_role("button", name=ui.apply))
    flash(page, ui.bulk_done)
    table = page.get_by_role("table", name=ui.ranked_table)
    link = table.locator(f'a[href="{href}"]')
    name = link.inner_text()
    row = table.get_by_role("row").filter(has=page.locator(f'a[href="{href}"]'))
    assert row.locator(".badge-stage").inner_text() == ui.shortlisted
    follow(page, link)
    return name


def shortlist_from_the_panel(page, ui: Ui, hidden: str) -> str:  # type: ignore[no-untyped-def]
    follow(page, page.get_by_role("link", name=hidden, exact=True))
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == ui.for_role.format(name=hidden, role=BLIND_ROLE)
    hidden_page = page.locator("main").inner_text()
    assert page.locator("main a[href^='mailto:']").count() == 0, "no e-mail while hidden"
    move_to(page, ui, ui.shortlisted)
    flash(page, ui.revealed_flash)
    name = heading.inner_text().removesuffix(ui.for_role.format(name="", role=BLIND_ROLE))
    assert name not in hidden_page
    return name


def move_to(page, ui: Ui, stage: str) -> None:  # type: ignore[no-untyped-def]
    panel = page.get_by_role("region", name=ui.pipeline)
    panel.get_by_label(ui.move_to, exact=True).select_option(label=stage)
    follow(page, panel.get_by_role("button", name=ui.move, exact=True))


def move_and_note(page, ui: Ui) -> None:  # type: ignore[no-untyped-def]
    panel = page.get_by_role("region", name=ui.pipeline)
    assert panel.get_by_text(ui.revealed).is_visible()
    move_to(page, ui, ui.contacted)
    flash(page, ui.moved)
    assert panel.locator("dd strong.badge").inner_text() == ui.contacted
    history = panel.get_by_role("table", name=ui.history_table)
    step = history.get_by_role("row").filter(has_text=ui.contacted).first
    assert ui.shortlisted in step.inner_text() and RECRUITER in step.inner_text()

    panel.get_by_label(ui.new_note, exact=True).fill(ui.note)
    follow(page, panel.get_by_role("button", name=ui.add_note))
    flash(page, ui.note_added)
    note = panel.get_by_role("listitem").filter(has_text=ui.note)
    assert note.count() == 1 and RECRUITER in note.inner_text()


def export_shortlist(page, ui: Ui, name: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    follow(page, page.get_by_role("link", name=ui.back_to.format(role=BLIND_ROLE)))
    follow(page, page.get_by_role("link", name=ui.shortlist, exact=True))
    heading = ui.shortlist_heading.format(role=BLIND_ROLE)
    assert page.get_by_role("heading", level=1).inner_text() == heading
    table = page.get_by_role("table", name=ui.shortlist_table)
    row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name))
    assert ui.contacted in row.inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name=ui.download_csv).click()
    data = download.value.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), data[:16]
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@LANGUAGES
def test_a_blind_candidate_is_shortlisted_revealed_moved_and_exported(
    live_server, browser, output_dir, ui
):
    with recruiter_day(browser, live_server, ui, output_dir) as page:
        follow(page, page.get_by_role("link", name=ui.roles, exact=True))
        follow(page, page.get_by_role("link", name=BLIND_ROLE, exact=True))
        assert page.get_by_text(ui.blind_notice).is_visible()
        hidden, href = a_hidden_candidate(page, ui)
        listed = page.locator("main").inner_text()
        shoot(page, output_dir, ui, "blind-list")

        if ui.shortlist_with == "bulk":
            name = shortlist_from_the_bulk_bar(page, ui, hidden, href)
        else:
            name = shortlist_from_the_panel(page, ui, hidden)
        assert not ui.hidden_name.match(name) and name not in listed
        assert page.get_by_role("heading", level=1).inner_text() == ui.for_role.format(
            name=name, role=BLIND_ROLE
        )
        mailto = page.locator("main a[href^='mailto:']")
        email = mailto.inner_text() if mailto.count() else ""  # a few demo people have none
        shoot(page, output_dir, ui, "revealed")

        move_and_note(page, ui)
        shoot(page, output_dir, ui, "pipeline")

        rows = export_shortlist(page, ui, name)
        shoot(page, output_dir, ui, "shortlist")
        assert rows[0] == ui.csv_header
        mine = [row for row in rows[1:] if row[1] == name]
        assert len(mine) == 1 and mine[0][7] == ui.contacted, rows
        assert mine[0][2] == email, "a revealed person's e-mail is in the spreadsheet"
