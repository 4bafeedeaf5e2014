"""A health visitor records a child's 2–2½ year review with ASQ-3 and sees the bands."""
import datetime
import json

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import fhir_check
from conftest import query
from journey import check_accessibility, click_and_wait, sign_in

AREAS = ["communication", "gross_motor", "fine_motor", "problem_solving", "personal_social"]


def months_before(day, months, days):
    """The date `months` months and `days` days before `day` (clamping to the month's end)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    last = (datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last)) - datetime.timedelta(days=days)


def test_health_visitor_records_a_two_year_review_with_asq3(server, browser):
    today = datetime.date.today()
    # A child in the 27 month questionnaire's window (25 m 16 d to 28 m 15 d), a few days inside it.
    oldest, youngest = months_before(today, 28, 10), months_before(today, 25, 21)
    child_id, given, family = query(server, """
        SELECT p.id, p.given_name, p.family_name FROM people p
        JOIN involvements i ON i.family_id = p.family_id AND i.end_date IS NULL
        JOIN services s ON s.id = i.service_id
        JOIN practitioners pr ON pr.team_id = s.team_id AND pr.username = 'health.visitor'
        WHERE p.kind = 'child' AND p.date_of_birth BETWEEN ? AND ?
          AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.person_id = p.id AND c.type = 'review_2_years' AND c.outcome = 'attended')
        ORDER BY p.id LIMIT 1""", oldest.isoformat(), youngest.isoformat())[0]

    sign_in(browser, server, "health.visitor")
    browser.get(server["base"] + f"/people/{child_id}")
    assert "Healthy Child Programme" in browser.page_source
    click_and_wait(browser, By.CSS_SELECTOR, f"a[href='/people/{child_id}/reviews/new?review=two_years']")
    assert browser.find_element(By.TAG_NAME, "h1").text == f"2–2½ year review for {given} {family}"
    check_accessibility(browser, "two-year-review-form")

    Select(browser.find_element(By.ID, "interval")).select_by_value("27")
    for area in AREAS:
        answer = "not_yet" if area == "communication" else "yes"
        for i in range(6):
            browser.find_element(By.CSS_SELECTOR, f"input[name='{area}_{i}'][value='{answer}']").click()
    browser.find_element(By.ID, "asqse2").send_keys("25")
    click_and_wait(browser, By.CSS_SELECTOR, "main button[type=submit]")

    assert browser.find_element(By.TAG_NAME, "h1").text == f"2–2½ year review: {given} {family}"
    asq = browser.find_element(By.ID, "asq").text
    assert "ASQ-3: 27 month questionnaire" in asq
    # Each area's row as its cells, whether the table shows as a grid or (on a phone) as cards.
    rows = {r.find_element(By.TAG_NAME, "th").text: [td.get_attribute("textContent") for td in r.find_elements(By.TAG_NAME, "td")]
            for r in browser.find_elements(By.CSS_SELECTOR, "#asq tbody tr")}
    assert rows["Communication"][:2] == ["0", "24.02"] and "Below cut-off" in " ".join(rows["Communication"])
    assert rows["Gross motor"][:2] == ["60", "28.01"] and "On track" in " ".join(rows["Gross motor"])
    assert "Communication and language" in browser.find_element(By.ID, "pathway").text
    check_accessibility(browser, "two-year-review")

    browser.get(server["base"] + f"/people/{child_id}")
    assert "View review" in browser.find_element(By.ID, "hcp").text

    # The review as a partner system reads it through FHIR: every resource valid R4.
    token = fhir_check.api_token(server)
    status, everything = fhir_check.get(server, f"/Patient/{child_id}/$everything", token)
    assert status == 200
    fhir_check.validate(everything)
    resources = [e["resource"] for e in everything["entry"]]
    kinds = {r["resourceType"] for r in resources}
    assert {"Patient", "EpisodeOfCare", "Encounter", "Observation", "QuestionnaireResponse"} <= kinds
    scores = {r["code"]["text"]: r["valueQuantity"]["value"] for r in resources
              if r["resourceType"] == "Observation" and "ASQ-3" in r["code"]["text"]}
    assert scores["ASQ-3 27 month Communication score"] == 0 and scores["ASQ-3 27 month Gross motor score"] == 60
    for path in ["/metadata", f"/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number%7C{nhs_number(server, child_id)}"]:
        status, body = fhir_check.get(server, path, token)
        assert status == 200
        fhir_check.validate(body)
    status, outcome = fhir_check.get(server, f"/Patient/{child_id}")
    assert status == 401 and outcome["resourceType"] == "OperationOutcome"
    fhir_check.validate(outcome)


def nhs_number(server, person_id):
    return query(server, "SELECT nhs_number FROM people WHERE id = ?", person_id)[0][0]


def test_the_fhir_import_example_is_valid_r4():
    with open(f"{fhir_check.ROOT}/docs/imports/child_health-example.fhir.json") as f:
        fhir_check.validate(json.load(f))
