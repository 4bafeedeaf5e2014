"""Early help end to end: a health visitor asks the front door for help; the front door
triages it inside 48 hours and takes it to a multi-agency panel; the panel makes the health
visitor lead professional of a team around the family; the lead holds the first review."""
import datetime

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import fhir_check
from conftest import query
from journey import check_accessibility, click_and_wait, sign_in, sign_out


def test_request_triage_panel_plan_and_first_review(server, browser):
    child_id, given, family_name, family_id = query(server, """
        SELECT p.id, p.given_name, p.family_name, p.family_id FROM people p
        JOIN involvements i ON i.family_id = p.family_id AND i.end_date IS NULL
        JOIN services s ON s.id = i.service_id
        JOIN practitioners pr ON pr.team_id = s.team_id AND pr.username = 'health.visitor'
        WHERE p.kind = 'child' AND p.date_of_birth IS NOT NULL ORDER BY p.id LIMIT 1""")[0]
    (hv_id,) = query(server, "SELECT id FROM practitioners WHERE username = 'health.visitor'")[0]

    # The health visitor asks for early help from the child's record.
    sign_in(browser, server, "health.visitor")
    browser.get(server["base"] + f"/people/{child_id}")
    click_and_wait(browser, By.LINK_TEXT, "Request early help")
    check_accessibility(browser, "early-help-request-form")
    browser.find_element(By.ID, "concerns-parenting").click()
    browser.find_element(By.ID, "concerns-isolation").click()
    browser.find_element(By.ID, "details").send_keys("Mum is isolated and struggling with bedtimes.")
    click_and_wait(browser, By.CSS_SELECTOR, "main button[type=submit]")
    # Consent is required: the form comes back with everything typed still there.
    assert "Record that the family agreed" in browser.find_element(By.CLASS_NAME, "error-summary").text
    assert "struggling with bedtimes" in browser.find_element(By.ID, "details").get_attribute("value")
    browser.find_element(By.ID, "consent").click()
    click_and_wait(browser, By.CSS_SELECTOR, "main button[type=submit]")
    assert browser.find_element(By.TAG_NAME, "h1").text == f"Request for support: {given} {family_name}"
    request_url = browser.current_url
    assert "Triage due by" in browser.page_source
    sign_out(browser)

    # The front door triages it from the queue, inside the 48 hours.
    sign_in(browser, server, "early.help")
    browser.get(server["base"] + "/early-help/triage")
    assert "awaiting triage" in browser.page_source
    check_accessibility(browser, "triage-queue")
    click_and_wait(browser, By.CSS_SELECTOR, f"a[href='{request_url.replace(server['base'], '')}']")
    Select(browser.find_element(By.ID, "outcome")).select_by_value("panel")
    Select(browser.find_element(By.ID, "level")).select_by_value("3")
    browser.find_element(By.ID, "rationale").send_keys("Several needs; more than one agency.")
    click_and_wait(browser, By.CSS_SELECTOR, "main form[action$='/triage'] button[type=submit]")
    assert "Triaged within the time" in browser.page_source
    assert "Take to a multi-agency panel" in browser.page_source

    # A panel, the family on its agenda, attendance, and the decision.
    browser.get(server["base"] + "/panels")
    browser.find_element(By.ID, "name").send_keys("Family Matters — North")
    browser.find_element(By.ID, "meetsAt").send_keys((datetime.date.today() + datetime.timedelta(days=3)).isoformat() + "T10:00")
    browser.find_element(By.ID, "place").send_keys("Fernmoor Hub")
    browser.find_element(By.ID, f"members-{hv_id}").click()
    click_and_wait(browser, By.CSS_SELECTOR, "main button[type=submit]")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Family Matters — North"
    assert any("Triaged request" in li.text for li in browser.find_elements(By.CSS_SELECTOR, "#add-title ~ ul li"))
    click_and_wait(browser, By.CSS_SELECTOR, f"form[action$='/agenda'] input[name='familyId'][value='{family_id}'] ~ button")
    assert browser.find_element(By.CSS_SELECTOR, "#agenda li h3").text
    browser.find_element(By.ID, f"attended-{hv_id}").click()
    click_and_wait(browser, By.CSS_SELECTOR, "form[action$='/attendance'] button[type=submit]")
    check_accessibility(browser, "panel")
    browser.find_element(By.CSS_SELECTOR, "#agenda details summary").click()
    item = browser.find_element(By.CSS_SELECTOR, "#agenda li.agenda-item").get_attribute("id").split("-")[1]
    browser.find_element(By.ID, f"discussion-{item}").send_keys("Isolation and bedtimes; the family wants support.")
    Select(browser.find_element(By.ID, f"decision-{item}")).select_by_value("team_around_the_family")
    Select(browser.find_element(By.ID, f"level-{item}")).select_by_value("3")
    Select(browser.find_element(By.ID, f"leadId-{item}")).select_by_value(str(hv_id))
    click_and_wait(browser, By.CSS_SELECTOR, f"form[action$='/items/{item}/decision'] button[type=submit]")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Team around the family")
    plan_path = browser.current_url.replace(server["base"], "")
    sign_out(browser)

    # The lead professional finds the plan on their caseload, adds a goal and holds the first review.
    sign_in(browser, server, "health.visitor")
    browser.get(server["base"] + "/caseload")
    click_and_wait(browser, By.CSS_SELECTOR, f"a[href='{plan_path}']")
    assert "Lead professional" in browser.find_element(By.ID, "members").text
    browser.find_element(By.CSS_SELECTOR, "#goals details summary").click()
    browser.find_element(By.ID, "goal").send_keys("Bedtime is calm most nights")
    browser.find_element(By.ID, "measure").send_keys("Sleep diary: 5 of 7 nights")
    Select(browser.find_element(By.ID, "concern")).select_by_value("parenting")
    browser.find_element(By.ID, "owner").send_keys("Mum with the health visitor")
    browser.find_element(By.ID, "targetDate").send_keys((datetime.date.today() + datetime.timedelta(days=90)).isoformat())
    click_and_wait(browser, By.CSS_SELECTOR, "form[action$='/goals'] button[type=submit]")
    assert "Bedtime is calm most nights" in browser.find_element(By.ID, "goals").text
    browser.find_element(By.CSS_SELECTOR, "#reviews details summary").click()
    browser.find_element(By.ID, "heldOn").send_keys(datetime.date.today().isoformat())
    browser.find_element(By.ID, "progress").send_keys("Routine started; two calm nights this week.")
    browser.find_element(By.ID, "familyView").send_keys("Mum feels less alone.")
    Select(browser.find_element(By.ID, "level")).select_by_value("3")
    next_review = datetime.date.today() + datetime.timedelta(weeks=8)
    browser.find_element(By.ID, "nextReview").send_keys(next_review.isoformat())
    click_and_wait(browser, By.CSS_SELECTOR, "form[action$='/reviews'] button[type=submit]")
    reviews = browser.find_element(By.ID, "reviews").text
    assert "Routine started" in reviews and "Mum feels less alone" in reviews
    assert f"next review {next_review.day} " in reviews
    check_accessibility(browser, "team-around-the-family")

    # The plan as the child's partner systems read it through FHIR: a valid R4 CarePlan.
    token = fhir_check.api_token(server)
    status, bundle = fhir_check.get(server, f"/CarePlan?patient={child_id}", token)
    assert status == 200
    fhir_check.validate(bundle)
    plan = next(e["resource"] for e in bundle["entry"] if e["resource"]["id"] == plan_path.rsplit("/", 1)[1])
    assert [g["description"]["text"] for g in plan["contained"]] == ["Bedtime is calm most nights"]
    status, everything = fhir_check.get(server, f"/Patient/{child_id}/$everything", token)
    assert status == 200
    fhir_check.validate(everything)
