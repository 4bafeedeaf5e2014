"""Consent to share birth details does not open a record to a children's centre; break-glass is reasoned,
time-limited and reviewed."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import query
from journey import check_accessibility, click_and_wait, sign_in, sign_out


def record_consent(browser, server, child_id, status):
    browser.get(server["base"] + f"/people/{child_id}/consents")
    Select(browser.find_element(By.ID, "purpose")).select_by_value("birth_details_to_childrens_centres")
    Select(browser.find_element(By.ID, "status")).select_by_value(status)
    browser.find_element(By.ID, "givenBy").send_keys("Mother, with parental responsibility")
    Select(browser.find_element(By.ID, "method")).select_by_value("first_visit")
    click_and_wait(browser, By.CSS_SELECTOR, "main form button[type=submit]")
    if status == "withdrawn":
        # A withdrawal is confirmed first, saying what it stops.
        assert "Withdraw consent for" in browser.find_element(By.TAG_NAME, "h1").text
        check_accessibility(browser, "confirm-withdrawal")
        click_and_wait(browser, By.CSS_SELECTOR, "main form button[type=submit]")
    assert "Consent for" in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_element(By.CSS_SELECTOR, ".saved-notice").text == "Consent decision recorded"


def test_consent_to_share_birth_details_opens_no_record(server, browser):
    child_id, name = query(server, """
        SELECT p.id, p.given_name || ' ' || p.family_name FROM people p
        JOIN involvements i ON i.family_id = p.family_id AND i.end_date IS NULL
        JOIN services s ON s.id = i.service_id
        JOIN practitioners hv ON hv.team_id = s.team_id AND hv.username = 'health.visitor'
        WHERE p.kind = 'child' AND p.date_of_birth IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.person_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM involvements j JOIN services t ON t.id = j.service_id
                          JOIN practitioners cc ON cc.team_id = t.team_id AND cc.username = 'centre.worker'
                          WHERE j.family_id = p.family_id OR j.person_id = p.id)
        ORDER BY p.id LIMIT 1""")[0]
    record = server["base"] + f"/people/{child_id}"

    sign_in(browser, server, "centre.worker")
    browser.get(record)
    reason = browser.find_element(By.ID, "refusal-reason").text
    assert "not consented" in reason
    check_accessibility(browser, "refused")
    sign_out(browser)

    sign_in(browser, server, "health.visitor")
    record_consent(browser, server, child_id, "given")
    check_accessibility(browser, "consent")
    sign_out(browser)

    sign_in(browser, server, "centre.worker")
    browser.get(record)
    assert "list of new births" in browser.find_element(By.ID, "refusal-reason").text
    sign_out(browser)

    sign_in(browser, server, "health.visitor")
    record_consent(browser, server, child_id, "withdrawn")
    sign_out(browser)

    sign_in(browser, server, "centre.worker")
    browser.get(record)
    assert "withdrawn" in browser.find_element(By.ID, "refusal-reason").text

    # Emergency access with a reason opens the record and reaches the review queue.
    click_and_wait(browser, By.LINK_TEXT, "Emergency access (break-glass)")
    check_accessibility(browser, "break-glass")
    browser.find_element(By.ID, "reason").send_keys("Family arrived at the centre in crisis; checking who is involved")
    click_and_wait(browser, By.CSS_SELECTOR, "main form button[type=submit]")
    assert browser.find_element(By.TAG_NAME, "h1").text == name
    assert "Break-glass until" in browser.find_element(By.CSS_SELECTOR, ".why").text
    sign_out(browser)

    sign_in(browser, server, "ig.lead")
    browser.get(server["base"] + "/governance/break-glass")
    assert "Family arrived at the centre in crisis" in browser.page_source
    check_accessibility(browser, "break-glass-reviews")
    Select(browser.find_element(By.CSS_SELECTOR, "select[name=outcome]")).select_by_value("appropriate")
    click_and_wait(browser, By.CSS_SELECTOR, "main form button[type=submit]")
    assert "Appropriate" in browser.page_source
