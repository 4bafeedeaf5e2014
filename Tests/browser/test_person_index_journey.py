"""The person index end to end: the records officer registers a children's-centre register,
uploads a file with bad rows and reads the per-row report, decides a proposed link with the
waterfall of its weights in front of them, then undoes the merge. A health visitor cannot
reach any of it."""
import os

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import ROOT
from journey import check_accessibility, click_and_wait, sign_in, sign_out


def test_register_upload_review_accept_and_undo(server, browser):
    sign_in(browser, server, "data.quality")
    click_and_wait(browser, By.LINK_TEXT, "Person index")
    assert "Fernmoor maternity" in browser.page_source  # the demo's feeds
    check_accessibility(browser, "person-index-sources")

    # Register a source: a mistake first, kept and explained.
    browser.find_element(By.ID, "name").send_keys("Fernmoor maternity")
    Select(browser.find_element(By.ID, "kind")).select_by_value("childrens_centre")
    Select(browser.find_element(By.ID, "format")).select_by_value("csv")
    click_and_wait(browser, By.CSS_SELECTOR, "main form button[type=submit]")
    assert "already registered" in browser.find_element(By.CLASS_NAME, "error-summary").text
    name = browser.find_element(By.ID, "name")
    name.clear()
    name.send_keys("Hollins Park centre register")
    Select(browser.find_element(By.ID, "kind")).select_by_value("childrens_centre")
    Select(browser.find_element(By.ID, "format")).select_by_value("csv")
    click_and_wait(browser, By.CSS_SELECTOR, "main form button[type=submit]")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Hollins Park centre register"
    assert "registered_on" in browser.page_source
    check_accessibility(browser, "person-index-source")

    # Upload a register with bad rows: rows that say who the child is import, a bad field left
    # out with a warning; rows that cannot are refused and reported.
    browser.find_element(By.ID, "file").send_keys(os.path.join(ROOT, "docs", "imports", "childrens_centre-bad-rows.csv"))
    click_and_wait(browser, By.CSS_SELECTOR, "main form[enctype] button[type=submit]")
    WebDriverWait(browser, 60).until(lambda d: "Running" not in d.page_source and "Queued" not in d.page_source
                                    and "Rows not imported" in d.page_source)
    assert "Rows not imported (3 problems)" in browser.page_source
    assert "Imported with a field left out (4 warnings)" in browser.page_source
    assert "check digit does not match" in browser.page_source
    check_accessibility(browser, "person-index-import")

    # A proposed link: the two records side by side and why they scored what they did.
    browser.get(server["base"] + "/links/review")
    check_accessibility(browser, "person-index-review-queue")
    first = browser.find_element(By.CSS_SELECTOR, "main table tbody tr th a")
    proposed = first.text
    click_and_wait(browser, By.CSS_SELECTOR, "main table tbody tr th a")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Is this one child?"
    assert browser.find_elements(By.CSS_SELECTOR, "svg[role=img]"), "the waterfall chart"
    assert "Given name" in browser.find_element(By.CSS_SELECTOR, "#why-title + svg + table").text
    check_accessibility(browser, "person-index-review")
    Select(browser.find_element(By.ID, "decision")).select_by_value("accept")
    click_and_wait(browser, By.CSS_SELECTOR, "main form button[type=submit]")
    assert "Accepted" in browser.page_source and proposed in browser.page_source

    # The merge is listed and can be undone.
    click_and_wait(browser, By.LINK_TEXT, "Merges")
    check_accessibility(browser, "person-index-merges")
    assert "Link review" in browser.page_source
    click_and_wait(browser, By.CSS_SELECTOR, "main table form button[type=submit]")
    assert "Undo merge" in browser.find_element(By.TAG_NAME, "h1").text, "undoing a merge is confirmed first"
    click_and_wait(browser, By.CSS_SELECTOR, "main form button[type=submit]")
    assert browser.find_element(By.CSS_SELECTOR, ".saved-notice").text == "Merge undone"
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "main table tbody tr td")]
    assert any(" by " in c for c in cells), "the merge shows when it was undone and by whom"
    assert browser.find_element(By.LINK_TEXT, "Export links (CSV)")
    sign_out(browser)

    # A clinician has no way in.
    sign_in(browser, server, "health.visitor")
    assert "Person index" not in browser.find_element(By.TAG_NAME, "header").text
    browser.get(server["base"] + "/links/review")
    assert "Only the records team" in browser.page_source
    sign_out(browser)
