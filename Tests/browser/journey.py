"""Helpers shared by the browser journeys."""
import os
import time

from axe_selenium_python import Axe
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

SHOTS = os.environ.get("CRADLE_SCREENSHOTS")


def check_accessibility(browser, page):
    axe = Axe(browser)
    axe.inject()
    results = axe.run()
    serious = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    assert not serious, f"{page}: " + "; ".join(f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes']]})" for v in serious)
    if SHOTS:
        browser.save_screenshot(os.path.join(SHOTS, f"{page}.png"))


def click_and_wait(browser, by, value):
    """Finds and clicks, then waits for the next page to replace this one. Chromium sometimes
    reports a node as detached while a page settles, so the find and click are retried."""
    for attempt in range(3):
        try:
            WebDriverWait(browser, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")
            page = browser.find_element(By.TAG_NAME, "html")
            browser.find_element(by, value).click()
            break
        except (StaleElementReferenceException, WebDriverException):
            if attempt == 2:
                raise
            time.sleep(0.5)
    WebDriverWait(browser, 15).until(lambda _: detached(page))


def detached(element):
    """True once the element has left the page; Chromium reports that in more than one way."""
    try:
        element.is_enabled()
        return False
    except (StaleElementReferenceException, WebDriverException):
        return True


def contacts_cell(browser, service_name):
    for row in browser.find_elements(By.CSS_SELECTOR, "#services tbody tr"):
        if service_name in row.find_element(By.TAG_NAME, "th").text:
            return int(row.find_element(By.CSS_SELECTOR, 'td[data-label="Contacts"]').text), \
                int(row.find_element(By.CSS_SELECTOR, 'td[data-label="Attended"]').text)
    raise AssertionError(f"{service_name} is not in the Services involved panel")



def sign_in(browser, server, username):
    browser.get(server["base"] + "/sign-in")
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys("cradle-demo-fernmoor")
    click_and_wait(browser, By.CSS_SELECTOR, "main button[type=submit]")


def sign_out(browser):
    click_and_wait(browser, By.CSS_SELECTOR, "header form button")
