"""A cluster manager chooses the columns of the participants export, orders them, saves the
choice as "Namensschilder" for the cluster, and downloads it again on the next event."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from events.tests.factories import EventFactory, RegistrationFactory
from events.tests.test_journeys import log_in
from network_portal.models import ExportPreset
from network_portal.testing import axe_violations, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def column_order(page):
    return page.locator("[data-column-list] [data-column]").evaluate_all(
        "rows => rows.map(row => row.dataset.column)")


def test_choose_order_save_and_reuse_the_name_badge_columns(page, cluster):
    make_user("manager@example.com", role="cluster-manager", cluster=cluster)
    event = EventFactory(title_de="Netzwerktreffen Zwickau 2026", organisers=[cluster])
    RegistrationFactory(event=event, name="Erika Mustermann", organisation_name="Zellwerk GmbH",
                        job_title="Einkauf")
    log_in(page, "manager@example.com")

    page.goto(f"/events/{event.slug}/participants/")
    page.get_by_role("link", name="Spalten wählen …").click()
    page.wait_for_url(f"**/events/{event.slug}/participants/columns/")
    assert "Noch keine." in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="/tmp/columns-chooser-1280.png", full_page=True)

    # Only name, organisation and job title, the organisation first.
    page.get_by_role("button", name="Alle abwählen").click()
    assert page.locator("[data-column-list] input:checked").count() == 0
    for label in ("Name", "Organisation", "Funktion"):
        page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="„Organisation“ nach oben").click()
    page.get_by_role("button", name="„Organisation“ nach oben").click()
    assert column_order(page)[:3] == ["organisation", "name", "email"]
    # The focus stays on the moved row's button (keyboard users keep their place).
    assert page.evaluate("document.activeElement.value") == "up:organisation" or \
        page.evaluate("document.activeElement.value") == "down:organisation"
    assert "Organisation: Position 1 von" in page.locator("[data-column-status]").inner_text()

    page.get_by_label("Name der Auswahl").fill("Namensschilder")
    page.get_by_label("Allen, die für Batterie-Cluster Test exportieren").check()
    page.get_by_role("button", name="Auswahl speichern").click()
    page.wait_for_load_state()
    assert "Die Auswahl „Namensschilder“ ist gespeichert." in page.locator("main").inner_text()
    preset = ExportPreset.objects.get()
    assert preset.organiser == cluster
    assert preset.columns == ["organisation", "name", "job_title"]

    # Next time, on the cluster's next event: offered, downloaded with one click.
    later = EventFactory(title_de="Netzwerktreffen Chemnitz 2027", organisers=[cluster])
    RegistrationFactory(event=later, name="Jonas Beispiel", organisation_name="=Akku AG",
                        job_title="Leitung")
    page.goto(f"/events/{later.slug}/participants/")
    page.get_by_role("link", name="Spalten wählen …").click()
    assert "Namensschilder" in page.locator("#saved-choices + ul").inner_text()
    assert axe_violations(page) == []
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(
            r"^CSV \(Excel, Semikolon\) herunterladen\s*: Namensschilder$")).click()
    text = open(info.value.path(), encoding="utf-8-sig").read()
    assert list(csv.reader(io.StringIO(text), delimiter=";")) == [
        ["Organisation", "Name", "Funktion"], ["'=Akku AG", "Jonas Beispiel", "Leitung"]]

    # Or opened, changed for this once (e-mail added at the end) and downloaded as XLSX.
    page.get_by_role("link", name=re.compile(r"^Ändern\s*: „Namensschilder“$")).click()
    assert column_order(page)[:3] == ["organisation", "name", "job_title"]
    page.get_by_label("E-Mail", exact=True).check()
    page.get_by_label("Excel (XLSX)").check()
    with page.expect_download() as info:
        page.get_by_role("button", name="Herunterladen", exact=True).click()
    sheet = load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()][0] == [
        "Organisation", "Name", "Funktion", "E-Mail"]

    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    page.screenshot(path="/tmp/columns-chooser-390.png", full_page=True)


def test_choose_a_registration_question_column_and_download_it(page, cluster):
    from events.models import Answer, Question

    make_user("manager@example.com", role="cluster-manager", cluster=cluster)
    event = EventFactory(title_de="Netzwerktreffen Freiberg 2026", organisers=[cluster])
    question = Question.objects.create(event=event, label_de="Übernachtung",
                                       label_en="Overnight stay", kind=Question.Kind.TEXT)
    erika = RegistrationFactory(event=event, name="Erika Mustermann")
    Answer.objects.create(registration=erika, question=question, value="=Zwei Nächte")
    log_in(page, "manager@example.com")

    page.goto(f"/events/{event.slug}/participants/columns/")
    assert column_order(page)[-1] == f"question_{question.pk}"
    page.get_by_role("button", name="Alle abwählen").click()
    page.get_by_label("Name", exact=True).check()
    page.get_by_label("Übernachtung", exact=True).check()
    for _ in range(len(column_order(page)) - 1):  # to the top, one row at a time
        page.get_by_role("button", name="„Übernachtung“ nach oben").click()
        if column_order(page)[0] == f"question_{question.pk}":
            break
    assert column_order(page)[0] == f"question_{question.pk}"
    with page.expect_download() as info:
        page.get_by_role("button", name="Herunterladen", exact=True).click()
    text = open(info.value.path(), encoding="utf-8-sig").read()
    assert list(csv.reader(io.StringIO(text), delimiter=";")) == [
        ["Übernachtung", "Name"], ["'=Zwei Nächte", "Erika Mustermann"]]
