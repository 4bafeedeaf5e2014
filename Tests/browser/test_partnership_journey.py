"""The partnership's board paper: an analyst scores a dimension of the maturity matrix with a
file of evidence, sees it charted over time, and prints the page for the board without the form."""
import os
import tempfile

from selenium.webdriver.common.by import By

from journey import check_accessibility, click_and_wait, sign_in, sign_out
from test_responsive import sideways


def test_the_partnership_scores_itself_and_prints_for_its_board(server, browser):
    sign_in(browser, server, "analyst")
    click_and_wait(browser, By.LINK_TEXT, "Partnership")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Partnership maturity"
    chart = browser.find_element(By.CSS_SELECTOR, "svg.chart")
    assert "Latest:" in chart.get_attribute("aria-label")
    check_accessibility(browser, f"{server['width']}-partnership")
    over, widest = sideways(browser)
    assert over <= 0, f"/partnership is {over}px wider than the screen ({widest})"

    paper = os.path.join(tempfile.mkdtemp(), "Commissioning review.pdf")
    with open(paper, "wb") as f:
        f.write(b"%PDF-1.4 joint commissioning review")
    browser.find_element(By.CSS_SELECTOR, "#dimension option[value='commissioning']").click()
    browser.find_element(By.CSS_SELECTOR, "#stage option[value='3']").click()
    browser.find_element(By.ID, "evidence").send_keys("Section 75 agreement signed for health visiting and centres.")
    browser.find_element(By.ID, "link").send_keys("ftp://board.fernmoor.example/s75")
    browser.find_element(By.ID, "file").send_keys(paper)
    click_and_wait(browser, By.XPATH, "//button[normalize-space()='Record the score']")
    # The bad link is named and the evidence typed is still there.
    assert "must be a web address" in browser.find_element(By.CLASS_NAME, "error-summary").text
    assert "Section 75" in browser.find_element(By.ID, "evidence").get_attribute("value")
    link = browser.find_element(By.ID, "link")
    link.clear()
    link.send_keys("https://board.fernmoor.example/s75")
    browser.find_element(By.ID, "file").send_keys(paper)
    click_and_wait(browser, By.XPATH, "//button[normalize-space()='Record the score']")
    section = browser.find_element(By.ID, "commissioning")
    assert "Substantial progress" in section.text and "Section 75 agreement signed" in section.text
    assert section.find_element(By.PARTIAL_LINK_TEXT, "Evidence file: Commissioning review.pdf")

    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not browser.find_element(By.ID, "score").is_displayed()
        assert browser.find_element(By.CSS_SELECTOR, "svg.chart").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    sign_out(browser)
