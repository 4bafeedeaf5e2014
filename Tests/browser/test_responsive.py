"""Every role's pages on a phone (375 px), a tablet (768 px) and a laptop (1366 px), one run per
width of the `server` fixture: nothing scrolls sideways, the header fits, and axe-core 4.x finds
nothing serious at any width."""
from selenium.webdriver.common.by import By

from conftest import query
from journey import check_accessibility, click_and_wait, sign_in, sign_out

def pages(server):
    """Each persona's working pages in the demo borough."""
    child = query(server, """
        SELECT MIN(p.id) FROM people p JOIN involvements i ON i.family_id = p.family_id AND i.end_date IS NULL
        JOIN services s ON s.id = i.service_id JOIN practitioners pr ON pr.team_id = s.team_id AND pr.username = 'health.visitor'
        WHERE p.kind = 'child' AND p.date_of_birth IS NOT NULL""")[0][0]
    family = query(server, "SELECT family_id FROM people WHERE id = ?", child)[0][0]
    postcode = query(server, "SELECT postcode FROM addresses WHERE person_id = ? AND to_date IS NULL", child)[0][0]
    centre = query(server, "SELECT organisation_id FROM practitioners WHERE username = 'centre.worker'")[0][0]
    request = query(server, "SELECT MIN(id) FROM support_requests")[0][0]
    plan = query(server, "SELECT MIN(id) FROM plans")[0][0]
    return {
        "health.visitor": ["/worklist", f"/people/{child}", f"/search?postcode={postcode.replace(' ', '+')}",
                           f"/people/{child}/contacts/new", f"/people/{child}/consents", f"/families/{family}/journey",
                           "/reports/timeliness", "/reports/reach", "/caseload"],
        "centre.worker": [f"/centres/{centre}"],
        "early.help": ["/early-help/triage", f"/early-help/requests/{request}", f"/plans/{plan}", "/panels", "/early-help/advice"],
        "data.quality": ["/sources", "/links/review", "/links/merges"],
        "ig.lead": ["/governance/break-glass", "/governance/audit", "/governance"],
        "analyst": ["/reports/timeliness"],
        "admin": ["/admin/accounts"],
    }


def sideways(browser):
    """How far the page is wider than the screen, and its widest element if it is."""
    over = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if over <= 0:
        return 0, None
    widest = browser.execute_script("""
        const w = document.documentElement.clientWidth; let worst = null, right = w;
        for (const e of document.querySelectorAll('body *')) {
          const r = e.getBoundingClientRect();
          if (r.right > right + 1) { right = r.right; worst = e; }
        }
        return worst ? worst.tagName + '.' + worst.className + ' ' + (worst.id || '') + ' ' + Math.round(right) : null;""")
    return over, widest


def test_every_role_s_pages_fit_the_screen(server, browser):
    width = server["width"]    # the browser fixture lays the page out at each of 375, 768 and 1366 px
    problems = []
    for user, paths in pages(server).items():
        sign_in(browser, server, user)
        for path in [browser.current_url.replace(server["base"], "")] + paths:
            browser.get(server["base"] + path)
            assert "You cannot see this" not in browser.title, f"{user} {path}"
            over, widest = sideways(browser)
            if over > 0:
                problems.append(f"{user} {path}: {over}px wider than the screen ({widest})")
            header = browser.find_element(By.CSS_SELECTOR, "header.site-header")
            if header.size["width"] > width:
                problems.append(f"{user} {path}: header {header.size['width']}px wide")
            check_accessibility(browser, f"{width}-{user}-{path.strip('/').replace('/', '-') or 'home'}")
        sign_out(browser)
    assert not problems, "\n".join(problems)


def test_the_local_offer_fits_every_screen_and_prints_without_its_search(server, browser):
    """A parent on a phone, not signed in: the offer nearest their postcode, then printed."""
    postcode = query(server, """
        SELECT pc.postcode FROM postcodes pc JOIN small_areas sa ON sa.id = pc.small_area_id
        WHERE sa.centre_organisation_id IS NOT NULL ORDER BY pc.postcode LIMIT 1""")[0][0]
    browser.get(server["base"] + "/sign-in")
    click_and_wait(browser, By.LINK_TEXT, "What is on for families with children under 5")
    browser.find_element(By.ID, "postcode").send_keys(postcode.lower())
    browser.find_element(By.CSS_SELECTOR, "#age option[value='under_1']").click()
    click_and_wait(browser, By.CSS_SELECTOR, "form.offer-search button")
    assert f"nearest to {postcode} first" in browser.page_source
    first = browser.find_element(By.CSS_SELECTOR, "#offer-centre ~ .offer-card .tag")
    assert first.text == "Your children's centre"
    assert "Baby massage" in browser.page_source and "Bump and beyond" not in browser.page_source
    over, widest = sideways(browser)
    assert over <= 0, f"/offer is {over}px wider than the screen ({widest})"
    check_accessibility(browser, f"{server['width']}-public-offer")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not browser.find_element(By.CSS_SELECTOR, "form.offer-search").is_displayed()
        assert not browser.find_element(By.CSS_SELECTOR, "header.site-header").is_displayed()
        assert browser.find_element(By.CSS_SELECTOR, ".offer-card").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
