"""The bar charts: drawn on the server, accessible, linked to their tables, no script."""

import re

import pytest

from reports.tests.factories import R, at, event, organisation, register

pytestmark = pytest.mark.django_db
URL = "/statistics/"


@pytest.fixture
def page(client, economic_development, cluster):
    zellwerk, liege = organisation(), organisation(region="wallonie")
    meeting = event(at(2025, 3, 5), [cluster], title_de="Netzwerktreffen Zwickau")
    register(meeting, R.ATTENDED, R.ATTENDED, organisation=zellwerk)
    register(meeting, R.ATTENDED, organisation=liege)
    client.force_login(economic_development)
    return client.get(URL, {"period": "year", "year": "2025"}).content.decode()


def test_each_chart_is_an_image_with_a_title_and_a_description_naming_every_bar(page):
    svg = re.search(r'<svg[^>]*aria-labelledby="chart-regions-title chart-regions-desc".*?</svg>',
                    page, re.S).group(0)

    assert 'role="img"' in svg
    assert '<title id="chart-regions-title">Organisationen nach Region: Organisationen, 2025</title>' in svg
    assert "Sachsen (DE): 1; Wallonie (BE): 1." in svg
    assert svg.count("<rect") == 2


def test_each_chart_links_to_its_table(page):
    assert 'href="#table-regions"' in page
    assert 'id="table-regions"' in page
    # Tables first: the table comes before its chart.
    assert page.index('id="table-regions"') < page.index('id="chart-regions-title"')


def test_the_charts_have_no_script_and_no_inline_style(page):
    charts = "".join(re.findall(r"<svg.*?</svg>", page, re.S))

    assert "<script" not in charts
    assert "style=" not in charts
    assert " on" not in re.sub(r'"[^"]*"', "", charts)  # no event handler attributes


def test_a_bar_is_as_long_as_its_share_of_the_largest(page):
    bars = re.findall(r'<svg[^>]*chart-events-title.*?</svg>', page, re.S)[0]

    # One event, 3 people checked in: the longest bar takes the width minus the value's room.
    assert re.findall(r'<rect x="0" y="\d+" width="([\d.]+)"', bars) == ["656.0"]


def test_an_empty_period_draws_no_chart(client, economic_development):
    client.force_login(economic_development)

    page = client.get(URL, {"period": "year", "year": "2020"}).content.decode()

    assert "<svg" not in page.split('<main', 1)[1].split("</main>")[0].replace(
        '<svg xmlns="http://www.w3.org/2000/svg" class="bi', "")
    assert "Nichts in diesem Zeitraum." in page
