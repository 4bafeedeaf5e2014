"""From birth to children's centre: a maternity system sends two birth notifications with its
notify-only credential, one family having agreed to share with children's centres and one not.
The centre worker sees only the family that agreed on the month's list, registers them with
their consent to store, and prints their welcome card. The credential reads nothing."""
import datetime
import json
import os
import subprocess
import urllib.error
import urllib.request

from selenium.webdriver.common.by import By

from conftest import BINARY, ROOT, query
from journey import check_accessibility, click_and_wait, sign_in, sign_out


def client_token(server):
    env = dict(os.environ, CRADLE_DATA_DIR=os.path.dirname(server["db"]))
    env.pop("DATABASE_URL", None)
    out = subprocess.run([BINARY, "clients", "add", "--name", "Fernmoor PAS", "--source", "Fernmoor maternity"],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    return next(line.strip() for line in out.splitlines() if line.strip().startswith("notify_"))


def send(server, token, path, body, method="POST"):
    req = urllib.request.Request(server["base"] + path, data=body.encode() if body else None, method=method,
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "text/csv"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, None


def test_birth_notification_to_registration(server, browser):
    (postcode,) = query(server, """SELECT pc.postcode FROM postcodes pc JOIN small_areas sa ON sa.id = pc.small_area_id
                                   JOIN organisations o ON o.id = sa.centre_organisation_id WHERE o.code = 'CC01'
                                   ORDER BY pc.postcode LIMIT 1""")[0]
    born = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    header = ("record_id,given_name,family_name,date_of_birth,nhs_number,sex,postcode,address,parent_given_name,"
              "parent_family_name,parent_date_of_birth,parent_nhs_number,gp_practice,consent_childrens_centre,consent_date\n")
    rows = (f"JRN-1,Wren,Ashdown,{born},9991000291,F,{postcode},5 Kiln Row,Tamsin,Ashdown,1992-02-14,9991000305,,yes,{born}\n"
            f"JRN-2,Sorrel,Quennell,{born},9991000313,F,{postcode},6 Kiln Row,Nadia,Quennell,1995-07-01,9991000321,,no,\n")

    sign_in(browser, server, "centre.worker")
    click_and_wait(browser, By.LINK_TEXT, "My centre")
    # The month the baby was born in (yesterday may be last month).
    centre_page = browser.current_url.split("?")[0] + "?month=" + born[:7]
    browser.get(centre_page)
    assert "Wren Ashdown" not in browser.page_source

    token = client_token(server)
    status, report = send(server, token, "/api/v1/notifications", header + rows)
    assert status == 200 and report["added"] == 2 and report["rejected"] == 0, report
    # The credential only notifies: it cannot read back what it sent.
    (wren,) = query(server, "SELECT person_id FROM source_records WHERE record_id = 'JRN-1'")[0]
    assert send(server, token, f"/api/v1/people/{wren}", None, method="GET")[0] == 403

    browser.get(centre_page)
    listed = browser.find_element(By.ID, "list").text
    assert "Wren Ashdown" in listed and "Tamsin Ashdown" in listed
    assert "Quennell" not in browser.page_source, "a family that did not agree is never listed"
    check_accessibility(browser, "centre-list")

    browser.find_element(By.ID, f"consent-{wren}").click()
    click_and_wait(browser, By.CSS_SELECTOR, "button[aria-label='Register Wren Ashdown']")
    listed = browser.find_element(By.ID, "list").text
    assert "Registered" in listed
    click_and_wait(browser, By.CSS_SELECTOR, f"a[href*='/welcome/{wren}']")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Welcome to")
    assert "Congratulations on the birth of Wren" in browser.page_source
    check_accessibility(browser, "centre-welcome-card")
    sign_out(browser)
