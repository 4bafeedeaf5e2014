"""Helpers shared by the browser journeys."""
import importlib.util
import os
import time

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

SHOTS = os.environ.get("CRADLE_SCREENSHOTS")


def axe_script():
    """A current axe-core 4.x: the one `axe-playwright-python` ships (installed without its
    Playwright dependency, for the script alone; axe-selenium-python bundles a 2018 3.1)."""
    spec = importlib.util.find_spec("axe_playwright_python")
    assert spec, "pip install --no-deps axe-playwright-python"
    with open(os.path.join(os.path.dirname(spec.origin), "axe.min.js"), encoding="utf-8") as f:
        return f.read()


AXE = axe_script()


def check_accessibility(browser, page):
    browser.execute_script(AXE)
    version = browser.execute_script("return axe.version")
    assert version.startswith("4."), f"axe-core {version} is not 4.x"
    results = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document).then(r => done({violations: r.violations})).catch(e => done({error: String(e)}));")
    assert "error" not in results, results.get("error")
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
