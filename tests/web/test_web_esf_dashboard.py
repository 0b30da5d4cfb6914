"""The monitoring dashboard (esf:dashboard, R5) and its CSV and XLSX exports."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date, timedelta
from html.parser import HTMLParser
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.employees.models import Employee
from doorstroom.organisations.models import Organisation
from doorstroom.web.esf import dashboard as dashboard_module
from doorstroom.web.esf.dashboard import TABLES
from doorstroom.web.esf.forms import PARTNER_MATCHES
from tests.factories import make_partner
from tests.monitoring import conftest as monitoring_data
from tests.monitoring.conftest import GENT, HASSELT, chain

pytestmark = pytest.mark.django_db

MARCH = "?from=2024-03-01&to=2024-03-31"
# the hand-built dataset of tests/monitoring (period 2024-03-01..03-31), as fixture `march`
march = monitoring_data.dataset


class Tables(HTMLParser):
    """Every `<table>` of a page by its caption: header and body rows as text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: str | None = None
        self._rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._caption, self._rows = "", []
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self._rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table" and self._caption is not None:
            self.tables[self._caption.strip()] = self._rows

    def handle_data(self, data: str) -> None:
        if self._in_caption and self._caption is not None:
            self._caption += data
        elif self._cell is not None:
            self._cell.append(data)


def page_tables(html: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def cards(html: str) -> dict[str, str]:
    return dict(re.findall(r"<dt>([^<]+)</dt>\s*<dd class=\"card__value\">([^<]+)</dd>", html))


@pytest.fixture
def login(client: Client, make_user: Callable[..., User]) -> Callable[[str], Client]:
    def do(role: str) -> Client:
        client.force_login(make_user(role))
        return client

    return do


@pytest.mark.parametrize("role", ["esf_officer", "reviewer", "consultant"])
def test_dashboard_for_esf_and_vdab(login: Callable[[str], Client], role: str) -> None:
    client = login(role)
    response = client.get(reverse("esf:dashboard"))
    assert response.status_code == 200
    assert "<h1>Monitoring van de doorstroom</h1>" in response.content.decode()
    for slug in TABLES:
        url = reverse("esf:export_csv", args=[slug])
        assert client.get(url).status_code == 200
        assert client.get(reverse("esf:export_xlsx", args=[slug])).status_code == 200


def test_dashboard_is_not_for_applicants(
    client: Client, make_user: Callable[..., User], organisation: Organisation
) -> None:
    client.force_login(make_user("applicant", organisation))
    assert client.get(reverse("esf:dashboard")).status_code == 403
    assert client.get(reverse("esf:export_csv", args=["per-maand"])).status_code == 403
    assert client.get(reverse("esf:export_xlsx", args=["per-maand"])).status_code == 403


def test_default_period_is_this_year_until_today(login: Callable[[str], Client]) -> None:
    response = login("esf_officer").get(reverse("esf:dashboard"))
    form = response.context["form"]
    today = clock.today()
    assert form.cleaned_data["from"] == date(today.year, 1, 1)
    assert form.cleaned_data["to"] == today
    # one row per month of the period in the monthly table
    assert len(response.context["tables"][2].rows) == today.month


def test_the_month_series_is_drawn_as_columns_beside_its_table(
    login: Callable[[str], Client], march: list[Employee]
) -> None:
    """Every month of the period a group of columns (Gestart, Uitstroom) with its value
    written above it (0 too), the legend under the chart and the
    table below it in the same (calendar) order."""
    query = "?from=2024-01-01&to=2024-03-31"
    html = login("esf_officer").get(reverse("esf:dashboard") + query).content.decode()
    block = html[html.index('id="per-maand-heading"') :]
    block = block[: block.index("</section>")]
    assert 'class="chart-block chart-block--wide"' in block
    svg = block[block.index("<svg") : block.index("</svg>")]
    assert 'class="chart chart--columns"' in svg
    ticks = re.findall(r'<text [^>]*class="chart__label">([^<]+)</text>', svg)
    assert ticks == ["Jan", "2024", "Feb", "2024", "Mrt", "2024"]
    months = page_tables(html)["Gestarte trajecten en uitstroom per maand"]
    assert [row[0] for row in months[1:]] == ["januari 2024", "februari 2024", "maart 2024"]
    # the values above the columns are the table's, month by month, zeros written too
    values = re.findall(r'<text [^>]*text-anchor="middle">(\d+)</text>', svg)
    assert values == [cell for row in months[1:] for cell in row[1:]]
    drawn = re.findall(r'<rect class="(bar(?: bar--alt)?)"', svg)
    assert len(drawn) == len([v for v in values if v != "0"])
    assert '<desc id="per-maand-desc">januari 2024: Gestart ' in svg
    legend = re.findall(r'<span class="swatch ([^"]+)" aria-hidden="true"></span> (\w+)', block)
    assert legend == [("bar", "Gestart"), ("bar bar--alt", "Uitstroom")]
    assert block.index("<svg") < block.index("<table")


def test_headline_cards(login: Callable[[str], Client], march: list[Employee]) -> None:
    html = login("esf_officer").get(reverse("esf:dashboard") + MARCH).content.decode()
    assert "Kerncijfers van 1 maart 2024 tot en met 31 maart 2024" in html
    assert cards(html) == {
        "Evaluaties": "3",
        "Toeleidingen": "4",
        "Gestarte trajecten": "2",
        "Actieve trajecten": "3",
        "Geschorste trajecten": "1",
        "Uitstroom": "3",
        "Aandeel aangeworven": "66,7 %",
        "Mediane duur": "31 dagen",
        "Mandaatbeslissingen binnen de streeftermijn": "50,0 %",
    }
    assert "2 van 4 beslissingen" in html


def test_charts_have_a_text_alternative_and_a_table(
    login: Callable[[str], Client], march: list[Employee]
) -> None:
    html = login("esf_officer").get(reverse("esf:dashboard") + MARCH).content.decode()
    svgs = re.findall(r"<svg [^>]*>", html)
    assert len(svgs) == len(TABLES)
    for svg in svgs:
        assert 'role="img"' in svg and "aria-labelledby=" in svg and "style=" not in svg
    assert '<title id="uitstroom-per-partner-title">Uitstroom per partner</title>' in html
    assert "Jobkracht Gent vzw: Aangeworven 2, Terug naar maatwerk of LDE 0, Stopgezet 0" in html
    assert len(re.findall(r'class="chart-block(?: chart-block--wide)?"', html)) == len(TABLES)
    assert "<script>" not in html and " style=" not in html
    tables = page_tables(html)
    assert tables["Uitstroom per partner"] == [
        [
            "Partner",
            "Aangeworven",
            "Terug naar maatwerk of LDE",
            "Stopgezet",
            "Aandeel aangeworven (%)",
        ],
        ["Jobkracht Gent vzw", "2", "0", "0", "100,0"],
        ["Werkpunt Hasselt vzw", "0", "0", "1", "0,0"],
    ]
    assert tables["Gestarte trajecten en uitstroom per maand"] == [
        ["Maand", "Gestart", "Uitstroom"],
        ["maart 2024", "2", "3"],
    ]
    assert tables["Duur van de trajecten met uitstroom"] == [
        ["Duur", "Trajecten"],
        ["0 tot 30 dagen", "1"],
        ["31 tot 90 dagen", "2"],
        ["91 tot 180 dagen", "0"],
        ["181 tot 365 dagen", "0"],
        ["meer dan 365 dagen", "0"],
    ]
    assert tables["Mandaatbeslissingen binnen de streeftermijn"][1:] == [
        ["Jobkracht Gent vzw", "3", "1", "2", "33,3"],
        ["Werkpunt Hasselt vzw", "1", "1", "0", "100,0"],
    ]
    assert tables["Uitstroom per provincie"][1:] == [
        ["Provincie Oost-Vlaanderen", "1", "0", "0", "100,0"],
        ["Provincie Limburg", "1", "0", "1", "50,0"],
    ]


def test_filters_say_what_does_not_apply(
    login: Callable[[str], Client], march: list[Employee], organisation: Organisation
) -> None:
    client = login("esf_officer")
    by_partner = client.get(reverse("esf:dashboard") + MARCH + f"&partner={organisation.pk}")
    html = by_partner.content.decode()
    assert cards(html)["Evaluaties"] == "n.v.t."
    assert "Evaluaties horen niet bij een partner." in html
    assert cards(html)["Uitstroom"] == "2"
    by_province = client.get(reverse("esf:dashboard") + MARCH + "&province=70000").content
    html = by_province.decode()
    assert cards(html)["Mandaatbeslissingen binnen de streeftermijn"] == "n.v.t."
    assert "Niet van toepassing bij een filter op provincie of kader" in html
    assert cards(html)["Uitstroom"] == "2"
    by_framework = client.get(reverse("esf:dashboard") + MARCH + "&framework=lde").content
    assert cards(by_framework.decode())["Uitstroom"] == "1"


def test_bad_filters_are_form_errors(login: Callable[[str], Client]) -> None:
    client = login("esf_officer")
    response = client.get(reverse("esf:dashboard") + "?from=2024-04-01&to=2024-03-01")
    assert response.status_code == 200
    html = response.content.decode()
    assert "De begindatum mag niet na de einddatum liggen." in html
    assert "card__value" not in html
    response = client.get(reverse("esf:dashboard") + "?partner=abc&framework=x")
    assert set(response.context["form"].errors) == {"partner_search", "framework"}
    export = client.get(reverse("esf:export_csv", args=["per-maand"]) + "?from=2024-13-01")
    assert export.status_code == 400
    assert client.get(reverse("esf:export_csv", args=["onbekend"])).status_code == 404


def field_value(html: str, name: str) -> str | None:
    found = re.search(rf'<input type="[a-z]+" name="{name}"(?: value="([^"]*)")?', html)
    assert found, name
    return found.group(1)


def test_a_partner_is_searched_by_part_of_its_name(
    login: Callable[[str], Client], march: list[Employee], organisation: Organisation
) -> None:
    client = login("esf_officer")
    response = client.get(reverse("esf:dashboard") + MARCH + "&partner_search=++GENT+")
    html = response.content.decode()
    assert response.context["form"].is_valid()
    assert cards(html)["Evaluaties"] == "n.v.t."  # the partner's figures
    assert cards(html)["Uitstroom"] == "2"
    assert field_value(html, "partner_search") == "Jobkracht Gent vzw"
    assert field_value(html, "partner") == str(organisation.pk)
    link = reverse("esf:export_csv", args=["uitstroom-per-partner"])
    assert f'href="{link}?from=2024-03-01&amp;to=2024-03-31&amp;partner={organisation.pk}"' in html
    # sent again as the page holds it: the same partner, no search
    again = client.get(
        reverse("esf:dashboard")
        + MARCH
        + f"&partner_search=Jobkracht+Gent+vzw&partner={organisation.pk}"
    )
    assert cards(again.content.decode())["Uitstroom"] == "2"
    # the name emptied: every partner, even with the old id beside it
    cleared = client.get(
        reverse("esf:dashboard") + MARCH + f"&partner_search=&partner={organisation.pk}"
    )
    html = cleared.content.decode()
    assert cards(html)["Evaluaties"] != "n.v.t."
    assert field_value(html, "partner") is None


def test_a_search_that_finds_several_partners_offers_them(
    login: Callable[[str], Client], march: list[Employee], organisation: Organisation
) -> None:
    client = login("esf_officer")
    response = client.get(reverse("esf:dashboard") + MARCH + "&province=40000&partner_search=vzw")
    html = response.content.decode()
    assert "card__value" not in html
    errors = response.context["form"].errors["partner_search"]
    assert errors == [
        "Meer dan één partner heeft „vzw” in de naam: kies er een hieronder of typ meer van de "
        "naam."
    ]
    offered = html[
        html.index('id="partner-matches-title"') : html.index(
            "</ul>", html.index('id="partner-matches-title"')
        )
    ]
    links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', offered)
    assert [name for _url, name in links] == ["Jobkracht Gent vzw", "Werkpunt Hasselt vzw"]
    url = links[0][0].replace("&amp;", "&")
    assert url == (
        reverse("esf:dashboard")
        + f"?from=2024-03-01&to=2024-03-31&province=40000&partner={organisation.pk}"
    )
    chosen = client.get(url).content.decode()
    assert cards(chosen)["Uitstroom"] == "1"  # Gent's outcomes in Oost-Vlaanderen
    assert field_value(chosen, "partner_search") == "Jobkracht Gent vzw"


def test_a_partner_whose_name_is_part_of_many_others_is_found_by_its_name(
    login: Callable[[str], Client],
) -> None:
    werk = make_partner("Werk", "9000", esf_project=False)
    for i in range(PARTNER_MATCHES + 2):  # more than are offered, each sorting before "Werk"
        make_partner(f"Aalst Werk {i:02d} vzw", "9300", esf_project=False)
    response = login("esf_officer").get(reverse("esf:dashboard") + MARCH + "&partner_search=werk")
    assert response.context["form"].is_valid()
    assert response.context["form"].cleaned_data["partner"] == werk.pk
    assert field_value(response.content.decode(), "partner_search") == "Werk"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("&partner_search=Brugge", "Geen partner gevonden met „Brugge” in de naam."),
        ("&partner_search=%25", "Geen partner gevonden met „%” in de naam."),
        ("&partner=99999999999999999999", "Die partner kennen we niet: zoek de partner op naam."),
        ("&partner=9223372036854775807", "Die partner kennen we niet: zoek de partner op naam."),
        ("&partner=9223372036854775808", "Die partner kennen we niet: zoek de partner op naam."),
        ("&partner=0", "Die partner kennen we niet: zoek de partner op naam."),
        ("&partner=%EF%BC%91", "Die partner kennen we niet: zoek de partner op naam."),
        ("&partner=-1", "Die partner kennen we niet: zoek de partner op naam."),
        ("&partner_search=" + "x" * 201, "Typ hoogstens 200 tekens."),
        ("&partner_search=a%00b", "Null-tekens zijn niet toegestaan."),
        ("&partner=1%00", "Die partner kennen we niet: zoek de partner op naam."),
    ],
)
def test_a_partner_that_cannot_be_found_is_a_form_error(
    login: Callable[[str], Client], march: list[Employee], query: str, message: str
) -> None:
    response = login("esf_officer").get(reverse("esf:dashboard") + MARCH + query)
    assert response.status_code == 200
    assert response.context["form"].errors["partner_search"] == [message]
    assert "card__value" not in response.content.decode()


def test_an_organisation_that_is_no_partner_cannot_be_chosen_by_id(
    login: Callable[[str], Client], march: list[Employee]
) -> None:
    outsider = Organisation.objects.create(
        enterprise_number="0417497106", name="Geen partner vzw", postal_code="9000"
    )
    client = login("esf_officer")
    response = client.get(reverse("esf:dashboard") + MARCH + f"&partner={outsider.pk}")
    assert response.context["form"].errors["partner_search"] == [
        "Die partner kennen we niet: zoek de partner op naam."
    ]
    export = client.get(
        reverse("esf:export_csv", args=["per-maand"]) + MARCH + f"&partner={outsider.pk}"
    )
    assert export.status_code == 400
    found = client.get(reverse("esf:dashboard") + MARCH + "&partner_search=geen+partner")
    assert "Geen partner gevonden" in found.content.decode()


def csv_rows(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_rows(response: Any) -> list[list[Any]]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def as_shown(value: Any, header: str) -> str:
    """An XLSX value the way the page writes it (decimal comma, one decimal for shares)."""
    if value is None:
        return "n.v.t."
    if header.endswith("(%)"):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


@pytest.mark.parametrize("slug", TABLES)
def test_exports_hold_the_same_figures_as_the_page(
    login: Callable[[str], Client], march: list[Employee], slug: str
) -> None:
    client = login("reviewer")
    dashboard = client.get(reverse("esf:dashboard") + MARCH)
    table = next(t for t in dashboard.context["tables"] if t.slug == slug)
    shown = page_tables(dashboard.content.decode())[table.title]
    assert len(shown) > 1

    response = client.get(reverse("esf:export_csv", args=[slug]) + MARCH)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="doorstroom-{slug}-2024-03-01-2024-03-31.csv"'
    )
    assert csv_rows(response) == shown

    response = client.get(reverse("esf:export_xlsx", args=[slug]) + MARCH)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="doorstroom-{slug}-2024-03-01-2024-03-31.xlsx"'
    )
    rows = xlsx_rows(response)
    assert rows[0] == shown[0]
    assert [
        [as_shown(v, h) for v, h in zip(row, rows[0], strict=True)] for row in rows[1:]
    ] == shown[1:]
    numeric = [v for row in rows[1:] for v in row[1:] if v is not None]
    assert numeric
    assert all(isinstance(v, int | float) for v in numeric)


def test_exports_follow_the_filters(
    login: Callable[[str], Client], march: list[Employee], organisation: Organisation
) -> None:
    client = login("esf_officer")
    query = MARCH + f"&partner={organisation.pk}"
    rows = csv_rows(client.get(reverse("esf:export_csv", args=["uitstroom-per-partner"]) + query))
    assert [row[0] for row in rows[1:]] == ["Jobkracht Gent vzw"]
    html = client.get(reverse("esf:dashboard") + query).content.decode()
    link = reverse("esf:export_csv", args=["uitstroom-per-partner"])
    assert f'href="{link}?from=2024-03-01&amp;to=2024-03-31&amp;partner={organisation.pk}"' in html


def test_no_personal_data_on_the_dashboard_or_in_exports(
    login: Callable[[str], Client], march: list[Employee]
) -> None:
    client = login("esf_officer")
    bodies = [client.get(reverse("esf:dashboard") + MARCH).content.decode()]
    for slug in TABLES:
        bodies.append(
            "\n".join(
                ";".join(r)
                for r in csv_rows(client.get(reverse("esf:export_csv", args=[slug]) + MARCH))
            )
        )
        rows = xlsx_rows(client.get(reverse("esf:export_xlsx", args=[slug]) + MARCH))
        bodies.append("\n".join(";".join(map(str, r)) for r in rows))
    for person in march:
        for secret in (
            person.given_name,
            person.family_name,
            person.national_number_masked,
            person.national_number_hash,
        ):
            assert all(secret not in body for body in bodies), secret
    assert all("85.07.30" not in body for body in bodies)


def fill(rows: int, partners: list[Organisation]) -> None:
    start = date(2024, 1, 1)
    for i in range(rows):
        day = start + timedelta(days=i * 7 % 300)
        kind = ("hired", "returned", "stopped", None)[i % 4]
        chain(
            partners[i % len(partners)],
            referred_on=day,
            started_on=day,
            ended_on=day + timedelta(days=20 + 13 * i) if kind else None,
            outcome=kind,
            municipality=(GENT, HASSELT)[i % 2],
            framework=("maatwerk", "lde")[i % 3 == 0],
        )


def dashboard_queries(
    client: Client, period: str = "from=2024-01-01&to=2024-12-31"
) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("esf:dashboard") + "?" + period)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_dashboard_queries_are_fixed(
    login: Callable[[str], Client], organisation: Organisation, other_organisation: Organisation
) -> None:
    client = login("esf_officer")
    fill(1, [organisation, other_organisation])
    few, html = dashboard_queries(client)
    assert cards(html)["Gestarte trajecten"] == "1"
    fill(29, [organisation, other_organisation])
    many, html = dashboard_queries(client)
    assert cards(html)["Gestarte trajecten"] == "30"
    assert few == many
    # session, user; 1 for the province choices (partners are searched, not listed: was 2);
    # 4 for the indicators over whole months (the prefix sums, the medians in SQL,
    # suspended, province names: was 6 from the raw tables); 1 per month (the prefix sums;
    # was 2 from the raw tables); 1 durations
    assert many == 9
    # Eight years starting and ending inside a month: one more, the edge months' daily rows
    # for the months (the indicators' counts read theirs in the roll-ups' query); the same
    # whatever the number of rows.
    eight_years = "from=2019-09-02&to=2027-08-17"
    long_many, html = dashboard_queries(client, eight_years)
    assert cards(html)["Gestarte trajecten"] == "30"
    fill(5, [organisation, other_organisation])
    assert dashboard_queries(client, eight_years)[0] == long_many == 10


def _partner_rows(html: str) -> list[str]:
    return [row[0] for row in page_tables(html)["Uitstroom per partner"][1:]]


def test_the_partner_tables_are_paged_keeping_the_filters(
    login: Callable[[str], Client], march: list[Employee], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page of the per-partner tables (PARTNER_ROWS rows), the number of partners and
    "Vorige"/"Volgende" links that keep the filters; the chart and the exports hold them all."""
    client = login("esf_officer")
    url = reverse("esf:dashboard") + MARCH
    every = _partner_rows(client.get(url).content.decode())
    assert len(every) == 2
    monkeypatch.setattr(dashboard_module, "PARTNER_ROWS", 1)
    first = client.get(url).content.decode()
    assert _partner_rows(first) == every[:1]
    assert "Partners 1 tot 1 van 2" in first
    assert 'href="?from=2024-03-01&amp;to=2024-03-31&amp;partner_page=2' in first
    assert "Vorige" not in first
    second = client.get(url + "&partner_page=2").content.decode()
    assert _partner_rows(second) == every[1:]
    assert "Partners 2 tot 2 van 2" in second
    assert 'href="?from=2024-03-01&amp;to=2024-03-31&amp;partner_page=1' in second
    assert ">Volgende<" not in second
    assert first.count('<title id="uitstroom-per-partner-title">') == 1
    export = reverse("esf:export_csv", args=["uitstroom-per-partner"])
    assert [row[0] for row in csv_rows(client.get(export + MARCH))[1:]] == every
    filtered = client.get(url + "&framework=maatwerk").content.decode()
    assert "to=2024-03-31&amp;framework=maatwerk&amp;partner_page=2" in filtered
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url + "&partner_page=2").content.decode()
    assert "Partners 2 to 2 of 2" in english
    assert ">Previous<" in english


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", "", "１", "9999999999"])
def test_a_bad_partner_page_shows_the_first(
    login: Callable[[str], Client],
    march: list[Employee],
    monkeypatch: pytest.MonkeyPatch,
    value: str,
) -> None:
    monkeypatch.setattr(dashboard_module, "PARTNER_ROWS", 1)
    response = login("esf_officer").get(reverse("esf:dashboard") + MARCH + "&partner_page=" + value)
    assert response.status_code == 200
    assert "Partners 1 tot 1 van 2" in response.content.decode()


def test_a_page_past_the_last_shows_the_last(
    login: Callable[[str], Client], march: list[Employee], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dashboard_module, "PARTNER_ROWS", 1)
    html = login("esf_officer").get(reverse("esf:dashboard") + MARCH + "&partner_page=7")
    assert "Partners 2 tot 2 van 2" in html.content.decode()


def test_dashboard_in_english(login: Callable[[str], Client], march: list[Employee]) -> None:
    client = login("esf_officer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("esf:dashboard") + MARCH).content.decode()
    assert "Key figures from 1 March 2024 to 31 March 2024" in html
    assert cards(html)["Share hired"] == "66.7 %"
    assert "Outcomes per partner" in html
    assert "Partners 1 to 2 of 2" in html
