"""A parent on their phone: signs in with the link mailed to them, sees their family's record,
gives a consent, asks to move a review and downloads everything; the records team answers;
the parent sees the answer. Runs at every width, a phone's first."""
import glob
import os
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import query
from journey import check_accessibility, click_and_wait, sign_in, sign_out
from test_responsive import sideways

EMAIL = "parent@fernmoor.example"


def mailed_link(server):
    """The newest sign-in link in the server's outbox for the demo parent."""
    outbox = os.path.join(os.path.dirname(server["db"]), "outbox")
    for path in sorted(glob.glob(os.path.join(outbox, "*.eml")), reverse=True):
        text = open(path, encoding="utf-8").read()
        found = re.search(r"(http://\S+/family/sign-in/[A-Za-z0-9_-]+)", text)
        if f"To: {EMAIL}" in text and found:
            return found.group(1)
    raise AssertionError("no sign-in link was mailed")


def parent_signs_in(server, browser):
    browser.get(server["base"] + "/sign-in")
    click_and_wait(browser, By.LINK_TEXT, "Sign in to your family's record")
    browser.find_element(By.ID, "email").send_keys(EMAIL.upper())
    click_and_wait(browser, By.CSS_SELECTOR, "main button[type=submit]")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Check your email"
    link = mailed_link(server)
    assert link.startswith(server["base"])
    browser.get(link)
    click_and_wait(browser, By.CSS_SELECTOR, "main button[type=submit]")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Your family's record"


def test_a_parent_sees_their_record_gives_consent_and_asks_for_a_change(server, browser):
    (family_id,) = query(server, "SELECT family_id FROM family_accounts WHERE email = ?", EMAIL)[0]
    (given,) = query(server, """
        SELECT given_name FROM people WHERE family_id = ? AND kind = 'child' AND date_of_birth IS NOT NULL ORDER BY id LIMIT 1""", family_id)[0]

    parent_signs_in(server, browser)
    over, widest = sideways(browser)
    assert over <= 0, f"/family is {over}px wider than the screen ({widest})"
    check_accessibility(browser, f"{server['width']}-family-record")
    assert "Who is working with your family" in browser.page_source

    # Consent to research extracts for the child, applied at once.
    research = f"//button[contains(., 'include in pseudonymised research extracts for {given}')]"
    if "Withdraw consent" in browser.find_element(By.XPATH, research).text:
        click_and_wait(browser, By.XPATH, research)
    click_and_wait(browser, By.XPATH, research)
    assert "Your choice is saved" in browser.find_element(By.CLASS_NAME, "saved-notice").text
    assert "Withdraw consent" in browser.find_element(By.XPATH, research).text

    # Ask to move the next review.
    click_and_wait(browser, By.LINK_TEXT, "Ask to change it")
    assert browser.find_element(By.CSS_SELECTOR, "#kind option[value='review_change']").is_selected()
    browser.find_element(By.ID, "body").send_keys("We are away that week: could it be the week after?")
    click_and_wait(browser, By.XPATH, "//button[normalize-space()='Send your request']")
    assert "Waiting for an answer" in browser.find_element(By.ID, "requests").text

    click_and_wait(browser, By.LINK_TEXT, "Your record as a page to print or save as PDF")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Everything we hold about your family"
    assert "We are away that week" in browser.page_source
    browser.back()
    sign_out(browser)
    assert "/family/sign-in" in browser.current_url

    # The records team answers from its queue.
    sign_in(browser, server, "data.quality")
    click_and_wait(browser, By.LINK_TEXT, "Family requests")
    check_accessibility(browser, f"{server['width']}-family-requests")
    block = browser.find_element(By.XPATH, "//div[contains(@class,'section-block')][contains(., 'We are away that week')]")
    block.find_element(By.CSS_SELECTOR, "select[name=status] option[value=done]").click()
    block.find_element(By.CSS_SELECTOR, "textarea[name=response]").send_keys("Moved to the following Tuesday at 10:00.")
    block.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 15).until(lambda _: "Answer sent" in browser.page_source)
    sign_out(browser)

    assert any("Subject: Your request has an answer" in open(p, encoding="utf-8").read()
               for p in glob.glob(os.path.join(os.path.dirname(server["db"]), "outbox", "*.eml")))
    parent_signs_in(server, browser)
    assert "Done: Moved to the following Tuesday" in browser.find_element(By.ID, "requests").text
    sign_out(browser)
