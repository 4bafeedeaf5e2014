import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import CradleServer
import CradleCore

/// Recording the 2–2½ year review with ASQ-3, its bands and pathways, the integrated review's
/// sections under consent, worklists, metrics and the family journey.
struct HealthyChildTests {
    /// A child of the health visitor's caseload, made 27 months 17 days old on the test day (born at term).
    func twoYearOld(_ app: Application) async throws -> Int64 {
        let child = try await relatedChild(app)
        try await app.sql.raw("""
            UPDATE people SET date_of_birth = '2024-08-10', expected_delivery_date = NULL, gestation_weeks = 39 WHERE id = \(bind: child)
            """).run()
        return child
    }

    func answers(_ per: [ASQArea: [String?]]) -> [String: String] {
        var out: [String: String] = [:]
        for area in ASQArea.allCases {
            let items = per[area] ?? Array(repeating: "yes", count: 6)
            for (i, a) in items.enumerated() { if let a { out["\(area.rawValue)_\(i)"] = a } }
        }
        return out
    }

    func reviewForm(interval: String, extra: [String: String] = [:]) -> [String: String] {
        var f = ["review": "two_years", "date": "2026-11-27", "place": "clinic", "method": "face_to_face", "practitionerType": "scphn",
                 "interval": interval]
        f.merge(answers([.communication: Array(repeating: "not_yet", count: 6), .grossMotor: ["yes", "yes", "yes", "yes", "yes", nil]]),
                uniquingKeysWith: { a, _ in a })
        f.merge(extra, uniquingKeysWith: { _, b in b })
        return f
    }

    @Test func aTwoYearReviewWithASQ3ShowsBandsAndProposesPathways() async throws {
        try await withCradle(children: 60) { app in
            let child = try await twoYearOld(app)
            var hv = try await Browser.signedIn(app)
            let form = try await hv.get("/people/\(child)/reviews/new?review=two_years")
            #expect(form.status == .ok && form.text.contains("27 month questionnaire"))

            // The wrong questionnaire is refused, naming the right one, and nothing is stored.
            let contacts = try await app.count("contacts")
            let wrong = try await hv.post("/people/\(child)/reviews", reviewForm(interval: "24"))
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.text.contains("use the 27 month questionnaire, not the 24 month one"))
            #expect(try await app.count("contacts") == contacts)
            #expect(try await app.count("asq_results") == 0)

            // Three items left out of an area cannot be scored: refused, naming the area.
            let gaps = try await hv.post("/people/\(child)/reviews", reviewForm(interval: "27", extra: ["fine_motor_0": "", "fine_motor_1": "", "fine_motor_2": ""]))
            #expect(gaps.status == .unprocessableEntity && gaps.text.contains("Fine motor: answer at least 4 of the 6 items"))

            let saved = try await hv.post("/people/\(child)/reviews", reviewForm(interval: "27", extra: ["asqse2": "30", "concern_parental_mental_health": "on"]))
            #expect(saved.status == .seeOther)
            let location = saved.headers.first(name: .location)!
            #expect(location.hasPrefix("/reviews/"))
            let page = try await hv.get(location)
            #expect(page.status == .ok)
            #expect(page.text.contains("ASQ-3: 27 month questionnaire"))
            #expect(page.text.contains("Below cut-off"))                  // communication 0 < 24.02
            #expect(page.text.contains("1 missing (adjusted)"))           // gross motor: 50 / 5 × 6 = 60
            #expect(page.text.contains("Not at the expected level in every area"))
            #expect(page.text.contains("Communication and language") && page.text.contains("WellComm screen"))
            #expect(page.text.contains("Perinatal mental-health pathway"))
            #expect(page.text.contains("No cut-off configured for the 27 month questionnaire"))

            let record = try await hv.get("/people/\(child)")
            #expect(record.text.contains("Healthy Child Programme") && record.text.contains(location))
            let stored = try await app.sql.raw("SELECT practitioner_type, method FROM contacts WHERE type = 'review_2_years' AND person_id = \(bind: child) AND practitioner_type IS NOT NULL").first()
            #expect(try stored?.decode(column: "method", as: String.self) == "face_to_face")
        }
    }

    @Test func theSettingSeesTheReviewOnlyWithConsentAndWritesOnlyItsOwnSection() async throws {
        try await withCradle(children: 60) { app in
            let child = try await twoYearOld(app)
            var hv = try await Browser.signedIn(app)
            let saved = try await hv.post("/people/\(child)/reviews", reviewForm(interval: "27"))
            let location = saved.headers.first(name: .location)!
            var setting = try await Browser.signedIn(app, as: "setting")

            let refused = try await setting.get(location)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("has not consented to share the 2-year review"))
            #expect(try await setting.post(location + "/sections/setting", ["communication_and_language": "on_track"]).status == .forbidden)

            let consent = try await hv.post("/people/\(child)/consents", ["purpose": "two_year_review_to_setting", "status": "given",
                                                                          "givenBy": "Parent (mother)", "date": "2026-11-20", "method": "first_visit"])
            #expect(consent.status == .seeOther)
            let allowed = try await setting.get(location)
            #expect(allowed.status == .ok && allowed.text.contains("Consent recorded"))
            let section = try await setting.post(location + "/sections/setting", [
                "communication_and_language": "some_concern", "physical_development": "on_track",
                "personal_social_emotional": "on_track", "settingComments": "Few words at nursery; enjoys painting"])
            #expect(section.status == .seeOther)
            let page = try await hv.get(location)
            #expect(page.text.contains("Few words at nursery") && page.text.contains("Early-years practitioner"))
            // The setting may not write the health visitor's parts, nor record reviews.
            #expect(try await setting.post(location + "/sections/outcome", ["outcome": "x"]).status == .forbidden)
            #expect(try await setting.post("/people/\(child)/reviews", reviewForm(interval: "27")).status == .forbidden)
            // The health visitor writes the outcome; a stale version is told, not overwritten.
            #expect(try await hv.post(location + "/sections/outcome", ["outcome": "Refer to SLT", "actions": "HV to refer by 4 Dec"]).status == .seeOther)
            let stale = try await hv.post(location + "/sections/outcome", ["outcome": "Other", "version": "7"])
            #expect(stale.status == .conflict)

            // Withdrawal takes effect at once.
            let withdrawal = ["purpose": "two_year_review_to_setting", "status": "withdrawn", "givenBy": "Parent (mother)", "date": "2026-11-27",
                              "method": "first_visit"]
            // Asked first, and nothing changes until confirmed.
            let asked = try await hv.post("/people/\(child)/consents", withdrawal)
            #expect(asked.status == .ok && asked.text.contains("Withdraw consent for") && asked.text.contains(#"name="confirmed" value="yes""#))
            #expect(try await setting.get(location).status == .ok, "not withdrawn until confirmed")
            #expect(try await hv.post("/people/\(child)/consents", withdrawal.merging(["confirmed": "yes"]) { $1 }).status == .seeOther)
            #expect(try await setting.get(location).status == .forbidden)
        }
    }

    @Test func worklistsAndTimelinessReports() async throws {
        try await withCradle(children: 80) { app in
            var hv = try await Browser.signedIn(app)
            let list = try await hv.get("/worklist")
            #expect(list.status == .ok && list.text.contains("Reviews due and overdue"))
            #expect(list.text.contains("Record"))
            // Only the children the health visitor leads for: a subset of the team's.
            let mine = try await hv.get("/worklist?mine=1")
            #expect(mine.status == .ok && mine.text.contains("for the children you lead for"))
            func outstanding(_ t: String) -> Int { Int(t.components(separatedBy: " reviews outstanding").first!.components(separatedBy: ">").last!) ?? -1 }
            #expect(outstanding(mine.text) >= 0 && outstanding(mine.text) <= outstanding(list.text))
            var analyst = try await Browser.signedIn(app, as: "analyst")
            #expect(try await analyst.get("/worklist").status == .forbidden)
            let report = try await analyst.get("/reports/timeliness?quarter=2026Q2")
            #expect(report.status == .ok)
            #expect(report.text.contains("C6viii") && report.text.contains("2026/27 Q2") && report.text.contains("Locality: "))
            let typed = try await analyst.get("/reports/timeliness?quarter=2026%2F27%20Q2")
            #expect(typed.status == .ok && typed.text.contains("<th scope=\"col\" class=\"num\">2026/27 Q2</th></tr>"),
                    "the quarter as the headers show it is the quarter chosen")
            let bad = try await analyst.get("/reports/timeliness?quarter=2026Q9")
            #expect(bad.status == .badRequest && bad.text.contains("There is a problem") && bad.text.contains("Quarter &quot;2026Q9&quot; is not a financial-year quarter")
                    && bad.text.contains("Healthy Child Programme timeliness") && bad.text.contains(#"value="2026Q9""#))
        }
    }

    @Test func aFamilyRatesItselfAndTheServiceLevelKeepsHistory() async throws {
        try await withCradle(children: 40) { app in
            let child = try await relatedChild(app)
            let family = try await app.sql.raw("SELECT family_id FROM people WHERE id = \(bind: child)").first(decodingColumn: "family_id", as: Int64.self)!
            var hv = try await Browser.signedIn(app)
            let bad = try await hv.post("/families/\(family)/journey", ["rating0": "11", "goodAt": "Cooking together"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("between 1 and 10") && bad.text.contains("Cooking together"))
            #expect(try await app.count("family_journeys") == 0)
            #expect(try await hv.post("/families/\(family)/journey", ["rating0": "3", "rating2": "6", "priority0": "on",
                                                                      "goodAt": "Cooking together", "actions": "Visit the food bank on Tuesday"]).status == .seeOther)
            #expect(try await hv.post("/families/\(family)/journey", ["rating0": "5", "rating2": "8"]).status == .seeOther)
            let page = try await hv.get("/families/\(family)/journey")
            #expect(page.text.contains("<svg") && page.text.contains("Ratings at each assessment"))
            // The family's own words, priorities and agreed actions are shown, not only stored.
            #expect(page.text.contains("In the family&#39;s own words"))
            #expect(page.text.contains("<dd>Cooking together</dd>") && page.text.contains("<dd>Money</dd>")
                    && page.text.contains("<dd>Visit the food bank on Tuesday</dd>"))
            #expect(try await hv.post("/families/\(family)/service-level", ["level": "universal_plus", "reason": "Low mood after birth"]).status == .seeOther)
            #expect(try await hv.post("/families/\(family)/service-level", ["level": "universal", "reason": "Mood improved"]).status == .seeOther)
            let levels = try await hv.get("/families/\(family)/journey")
            #expect(levels.text.contains("Universal since") && levels.text.contains("Universal Plus — Low mood after birth"))
            #expect(try await hv.post("/families/\(family)/service-level", ["level": "gold"]).status == .unprocessableEntity)
            var analyst = try await Browser.signedIn(app, as: "analyst")
            #expect(try await analyst.get("/families/\(family)/journey").status == .forbidden)
        }
    }
}
