"""Sign in as a health visitor, find a child, see Services involved, add a contact, sign out."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import query
from journey import check_accessibility, click_and_wait, contacts_cell


def test_health_visitor_records_a_contact(server, browser):
    child_id, nhs, given, family, service_id, service_name = query(server, """
        SELECT p.id, p.nhs_number, p.given_name, p.family_name, s.id, s.name
        FROM people p JOIN involvements i ON i.family_id = p.family_id JOIN services s ON s.id = i.service_id
        JOIN practitioners pr ON pr.team_id = s.team_id AND pr.username = 'health.visitor'
        WHERE p.kind = 'child' AND p.nhs_number IS NOT NULL AND s.kind = 'health_visiting' AND i.end_date IS NULL
        ORDER BY p.id LIMIT 1""")[0]
    expected_contacts = query(server, "SELECT COUNT(*) FROM contacts WHERE person_id = ? AND service_id = ?", child_id, service_id)[0][0]

    browser.get(server["base"] + "/")
    assert "Sign in" in browser.title
    check_accessibility(browser, "sign-in")
    browser.find_element(By.ID, "username").send_keys("health.visitor")
    browser.find_element(By.ID, "password").send_keys("cradle-demo-fernmoor")
    click_and_wait(browser, By.CSS_SELECTOR, "button[type=submit]")
    assert "Reviews due" in browser.title, "a health visitor starts on the reviews due"
    click_and_wait(browser, By.LINK_TEXT, "Find a child")
    assert "Find a child" in browser.title

    spaced = f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"
    browser.find_element(By.ID, "nhsNumber").send_keys(spaced)
    click_and_wait(browser, By.CSS_SELECTOR, "form.search-form button[type=submit]")
    assert "1 child found" in browser.page_source
    check_accessibility(browser, "search")
    click_and_wait(browser, By.LINK_TEXT, f"{given} {family}")

    assert browser.find_element(By.TAG_NAME, "h1").text == f"{given} {family}"
    total, attended = contacts_cell(browser, service_name)
    assert total == expected_contacts
    check_accessibility(browser, "record")

    click_and_wait(browser, By.LINK_TEXT, "Add a contact")
    service = Select(browser.find_element(By.ID, "serviceId"))
    assert service.first_selected_option.get_attribute("value") == str(service_id), "the health visitor's own involved service is chosen"
    groups = [g.get_attribute("label") for g in browser.find_elements(By.CSS_SELECTOR, "#serviceId optgroup")]
    assert groups[0] == "Involved with this child"
    Select(browser.find_element(By.ID, "type")).select_by_value("home_visit")
    Select(browser.find_element(By.ID, "place")).select_by_value("home")
    Select(browser.find_element(By.ID, "outcome")).select_by_value("attended")
    check_accessibility(browser, "add-contact")
    click_and_wait(browser, By.CSS_SELECTOR, "main button[type=submit]")

    assert browser.find_element(By.TAG_NAME, "h1").text == f"{given} {family}"
    assert contacts_cell(browser, service_name) == (total + 1, attended + 1)
    assert "Home visit" in browser.find_element(By.ID, "chronology").text

    click_and_wait(browser, By.CSS_SELECTOR, "header form button")
    assert "Sign in" in browser.title
    browser.get(server["base"] + f"/people/{child_id}")
    assert "Sign in" in browser.title, "signed out: the record is no longer reachable"


def test_a_form_error_is_shown_beside_the_field(server, browser):
    browser.get(server["base"] + "/sign-in")
    browser.find_element(By.ID, "username").send_keys("health.visitor")
    browser.find_element(By.ID, "password").send_keys("cradle-demo-fernmoor")
    click_and_wait(browser, By.CSS_SELECTOR, "button[type=submit]")
    browser.get(server["base"] + "/children/new")
    browser.find_element(By.ID, "givenName").send_keys("Evie")
    browser.find_element(By.ID, "familyName").send_keys("Browsercheck")
    Select(browser.find_element(By.ID, "sex")).select_by_value("female")
    browser.find_element(By.ID, "nhsNumber").send_keys("999 123 4560")
    click_and_wait(browser, By.CSS_SELECTOR, "main button[type=submit]")
    assert "There is a problem" in browser.page_source
    assert "not a valid NHS number" in browser.find_element(By.ID, "nhsNumber-error").text
    assert browser.find_element(By.ID, "givenName").get_attribute("value") == "Evie"
    check_accessibility(browser, "form-error")
