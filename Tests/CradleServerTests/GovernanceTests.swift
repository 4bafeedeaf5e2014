import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import CradleServer
import CradleCore

struct GovernanceTests {
    /// A child the health visitor works with, whom the children's-centre worker does not, with
    /// no consent recorded yet.
    func childForConsent(_ app: Application) async throws -> Int64 {
        try await app.sql.raw("""
            SELECT MIN(p.id) AS id FROM people p
            JOIN involvements i ON i.family_id = p.family_id AND i.end_date IS NULL
            JOIN services s ON s.id = i.service_id
            JOIN practitioners hv ON hv.team_id = s.team_id AND hv.username = 'health.visitor'
            WHERE p.kind = 'child' AND p.date_of_birth IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.person_id = p.id)
              AND NOT EXISTS (SELECT 1 FROM involvements j JOIN services t ON t.id = j.service_id
                              JOIN practitioners cc ON cc.team_id = t.team_id AND cc.username = 'centre.worker'
                              WHERE j.family_id = p.family_id OR j.person_id = p.id)
            """).first(decodingColumn: "id", as: Int64.self)!
    }

    func consent(_ hv: inout Browser, _ child: Int64, _ status: String) async throws {
        let r = try await hv.post("/people/\(child)/consents", ["purpose": "birth_details_to_childrens_centres", "status": status,
                                                                 "givenBy": "Parent (mother)", "date": "2026-11-20", "method": "first_visit",
                                                                 "confirmed": "yes"])
        #expect(r.status == .seeOther)
    }

    /// Consent to share birth details puts a family on the centre's birth list and opens nothing
    /// of the record; registering with the centre does, under a live agreement.
    @Test func aCentreSeesARecordOnlyOnceTheFamilyRegistersAndWhileAnAgreementHolds() async throws {
        try await withCradle(children: 150) { app in
            let child = try await childForConsent(app)
            var cc = try await Browser.signedIn(app, as: "centre.worker")
            var hv = try await Browser.signedIn(app)

            let refused = try await cc.get("/people/\(child)")
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("has not consented to share birth details with children"))

            try await consent(&hv, child, "given")
            let consented = try await cc.get("/people/\(child)")
            #expect(consented.status == .forbidden, "consent to share birth details is not a relationship")
            #expect(consented.text.contains("list of new births and opens nothing more"))
            #expect(try await cc.get("/families/\(try await familyOf(app, child))").status == .forbidden)

            let centre = try await app.sql.raw("SELECT organisation_id FROM practitioners WHERE username = 'centre.worker'")
                .first(decodingColumn: "organisation_id", as: Int64.self)!
            try await app.sql.raw("""
                INSERT INTO centre_registrations (organisation_id, person_id, registered_on, consent_to_store)
                VALUES (\(bind: centre), \(bind: child), '2026-11-25', \(bind: true))
                """).run()
            let seen = try await cc.get("/people/\(child)")
            #expect(seen.status == .ok)
            #expect(seen.text.contains("Why can I see this? Legitimate relationship: the family registered with"))
            #expect(seen.text.contains("Fernmoor Early Years Information Sharing Agreement"))
            // A registration without the family's consent to keep their details is no relationship.
            try await app.sql.raw("UPDATE centre_registrations SET consent_to_store = \(bind: false) WHERE person_id = \(bind: child)").run()
            #expect(try await cc.get("/people/\(child)").status == .forbidden)
            try await app.sql.raw("UPDATE centre_registrations SET consent_to_store = \(bind: true) WHERE person_id = \(bind: child)").run()

            // The agreement lapses: no agreement, no sharing.
            try await app.sql.raw("UPDATE agreements SET status = 'expired'").run()
            app.agreementCache.clear()   // as saving an agreement through its page does
            let lapsed = try await cc.get("/people/\(child)")
            #expect(lapsed.status == .forbidden)
            #expect(lapsed.text.contains("no live information-sharing agreement"))
            // The health visitor's relationship stands, but the record shares other organisations' data.
            let hvLapsed = try await hv.get("/people/\(child)")
            #expect(hvLapsed.status == .forbidden)
            #expect(hvLapsed.text.contains("no live information-sharing agreement covers sharing this child"))
        }
    }

    /// A centre worker sees no record of a consented family outside its reach area, nor any
    /// consented child at all, without a relationship.
    @Test func noConsentedChildOpensToACentreWithoutARelationship() async throws {
        try await withCradle(children: 150) { app in
            let consented = try await app.sql.raw("""
                SELECT p.id FROM people p JOIN consents c ON c.person_id = p.id
                WHERE c.purpose = 'birth_details_to_childrens_centres' AND c.status = 'given' AND p.kind = 'child'
                  AND NOT EXISTS (SELECT 1 FROM centre_registrations r WHERE r.person_id IN (SELECT id FROM people q WHERE q.family_id = p.family_id))
                  AND NOT EXISTS (SELECT 1 FROM involvements i JOIN services s ON s.id = i.service_id
                                  JOIN practitioners pr ON pr.team_id = s.team_id AND pr.username = 'centre.worker'
                                  WHERE i.person_id = p.id OR i.family_id = p.family_id)
                ORDER BY p.id LIMIT 20
                """).all(decodingColumn: "id", as: Int64.self)
            #expect(consented.count == 20)
            var cc = try await Browser.signedIn(app, as: "centre.worker")
            for id in consented { #expect(try await cc.get("/people/\(id)").status == .forbidden, "child \(id)") }
        }
    }

    func familyOf(_ app: Application, _ child: Int64) async throws -> Int64 {
        try await app.sql.raw("SELECT family_id FROM people WHERE id = \(bind: child)").first(decodingColumn: "family_id", as: Int64.self)!
    }

    /// A live consent that names the kinds of recipient it covers reads as given, not expired.
    @Test func theConsentPageShowsALiveConsentNamingRecipientsAsGiven() async throws {
        try await withCradle(children: 60) { app in
            let child = try await childForConsent(app)
            var hv = try await Browser.signedIn(app)
            let r = try await hv.post("/people/\(child)/consents", ["purpose": "birth_details_to_childrens_centres", "status": "given",
                                                                     "givenBy": "Parent (mother)", "date": "2026-11-20", "method": "first_visit",
                                                                     "recipientKinds": "childrens_centre"])
            #expect(r.status == .seeOther)
            let page = try await hv.get("/people/\(child)/consents")
            #expect(page.text.contains(#"<td data-label="Decision">Given</td>"#))
            #expect(!page.text.contains("expired"))
        }
    }

    /// A consent decision dated before the family's latest one is history, not the current state.
    @Test func anOlderConsentDecisionNeverOverridesALaterOne() async throws {
        try await withCradle(children: 60) { app in
            let child = try await childForConsent(app)
            var hv = try await Browser.signedIn(app)
            try await consent(&hv, child, "withdrawn")
            let r = try await hv.post("/people/\(child)/consents", ["purpose": "birth_details_to_childrens_centres", "status": "given",
                                                                     "givenBy": "Parent (mother)", "date": "2026-11-01", "method": "first_visit"])
            #expect(r.status == .seeOther)
            let current = try await GovernanceStore.currentConsents(personId: child, on: app.sql)
            #expect(current.first { $0.purpose == .birthDetailsToChildrensCentres }?.status == .withdrawn)
            let history = try await GovernanceStore.consentHistory(personId: child, on: app.sql)
            #expect(history.count == 2)
        }
    }

    @Test func breakGlassNeedsAReasonOpensForAWhileAndIsReviewed() async throws {
        try await withCradle(children: 60) { app in
            let child = try await unrelatedChild(app, of: "gp")
            var gp = try await Browser.signedIn(app, as: "gp")
            let refused = try await gp.get("/people/\(child)")
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("/people/\(child)/break-glass"))
            let short = try await gp.post("/people/\(child)/break-glass", ["reason": "urgent"])
            #expect(short.status == .unprocessableEntity)
            #expect(try await gp.get("/people/\(child)").status == .forbidden, "a refused request grants nothing")
            #expect(try await gp.post("/people/\(child)/break-glass", ["reason": "Child brought to out-of-hours clinic with injuries"]).status == .seeOther)
            let open = try await gp.get("/people/\(child)")
            #expect(open.status == .ok)
            #expect(open.text.contains("Break-glass until"))
            let audited = try await AuditStore.forPerson(child, on: app.sql)
            #expect(audited.contains { $0.decision == "break_glass" })

            var ig = try await Browser.signedIn(app, as: "ig.lead")
            let queue = try await ig.get("/governance/break-glass")
            #expect(queue.text.contains("Child brought to out-of-hours clinic"))
            let grant = try await app.sql.raw("SELECT MAX(id) AS id FROM break_glass").first(decodingColumn: "id", as: Int64.self)!
            #expect(try await ig.post("/governance/break-glass/\(grant)", ["outcome": "appropriate", "note": "Checked with the GP"]).status == .seeOther)
            let outcome = try await app.sql.raw("SELECT review_outcome FROM break_glass WHERE id = \(bind: grant)").first(decodingColumn: "review_outcome", as: String.self)
            #expect(outcome == "appropriate")
            // Once the grant expires the record closes again.
            try await app.sql.raw("UPDATE break_glass SET expires_at = '2000-01-01T00:00:00Z'").run()
            #expect(try await gp.get("/people/\(child)").status == .forbidden)
        }
    }

    @Test func governancePagesAreForInformationGovernanceLeadsOnly() async throws {
        try await withCradle(children: 10) { app in
            var hv = try await Browser.signedIn(app)
            for path in ["/governance", "/governance/denied", "/governance/break-glass", "/governance/agreements/new"] {
                #expect(try await hv.get(path).status == .forbidden, "\(path)")
            }
            var ig = try await Browser.signedIn(app, as: "ig.lead")
            let home = try await ig.get("/governance")
            #expect(home.status == .ok)
            #expect(home.text.contains("Fernmoor Early Years Information Sharing Agreement"))
            let id = try await relatedChild(app)
            #expect(try await ig.get("/people/\(id)").status == .forbidden, "the IG lead does not read records")
            #expect(try await ig.get("/governance/denied").text.contains("Information governance leads review access"))
        }
    }

    @Test func anAgreementCanBeWrittenAndMustNameItsParties() async throws {
        try await withCradle(children: 5) { app in
            var ig = try await Browser.signedIn(app, as: "ig.lead")
            let orgs = try await app.sql.raw("SELECT id FROM organisations ORDER BY id LIMIT 2").all(decodingColumn: "id", as: Int64.self)
            var fields = ["name": "Maternity to centres ISA", "status": "operational", "lawfulBasis": "consent", "startDate": "2026-01-01",
                          "caldicottGuardian": "CG", "siro": "SIRO", "dpo": "DPO", "purposes": "direct_care", "categories": "birth_notifications",
                          "parties": String(orgs[0])]
            let bad = try await ig.post("/governance/agreements", fields)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Choose at least two organisations"))
            fields["parties"] = orgs.map(String.init).joined(separator: ",")
            #expect(try await ig.post("/governance/agreements", fields).status == .seeOther)
            let live = try await GovernanceStore.liveAgreements(for: orgs[1], today: testToday, on: app.sql)
            #expect(live.contains { $0.name == "Maternity to centres ISA" && $0.categories == [.birthNotifications] })
        }
    }

    @Test func analystsAndAdministratorsCannotSearchOrReadRecords() async throws {
        try await withCradle(children: 10) { app in
            let child = try await relatedChild(app)
            for user in ["analyst", "admin"] {
                var b = try await Browser.signedIn(app, as: user)
                #expect(try await b.get("/search?postcode=ZY1+0AB").status == .forbidden, "\(user)")
                #expect(try await b.get("/people/\(child)").status == .forbidden, "\(user)")
            }
        }
    }

    @Test func notesOutsideTheReadersProfessionAreNotShown() async throws {
        try await withCradle(children: 10) { app in
            var hv = try await Browser.signedIn(app)
            let child = try await relatedChild(app)
            #expect(try await hv.post("/people/\(child)/notes", ["body": "HV-only observation", "visibility": "profession"]).status == .seeOther)
            #expect(try await hv.post("/people/\(child)/notes", ["body": "Shared with the team", "visibility": "team"]).status == .seeOther)
            // A GP with emergency access reads the record, but not the health visitor's own notes.
            var gp = try await Browser.signedIn(app, as: "gp")
            _ = try await gp.post("/people/\(child)/break-glass", ["reason": "Urgent prescribing question out of hours"])
            let page = try await gp.get("/people/\(child)")
            #expect(page.status == .ok)
            #expect(page.text.contains("Shared with the team"))
            #expect(!page.text.contains("HV-only observation"))
            #expect(try await hv.get("/people/\(child)").text.contains("HV-only observation"))
        }
    }

    @Test func safeguardingNotesReachSafeguardingLeadsWhateverTheirProfession() async throws {
        try await withCradle(children: 10) { app in
            var hv = try await Browser.signedIn(app)
            let child = try await relatedChild(app)
            #expect(try await hv.post("/people/\(child)/notes", ["body": "Safeguarding concern recorded", "visibility": "safeguarding"]).status == .seeOther)
            // The school nurse is the trust's named nurse for safeguarding; the GP holds no such role.
            for (user, reads) in [("school.nurse", true), ("gp", false)] {
                var browser = try await Browser.signedIn(app, as: user)
                _ = try await browser.post("/people/\(child)/break-glass", ["reason": "Safeguarding strategy discussion today"])
                let page = try await browser.get("/people/\(child)")
                #expect(page.status == .ok)
                #expect(page.text.contains("Safeguarding concern recorded") == reads, "\(user)")
            }
        }
    }
}

/// The IG lead's audit screens: every filter, paging past the newest entries, and CSV.
struct AuditSearchTests {
    @Test func theTrailIsFilteredPagedAndExported() async throws {
        try await withCradle(children: 10) { app in
            let child = try await relatedChild(app)
            var hv = try await Browser.signedIn(app)
            for _ in 0..<120 { _ = try await hv.get("/people/\(child)") }
            var gp = try await Browser.signedIn(app, as: "gp")
            _ = try await gp.get("/people/\(child)")
            let hvId = try await app.sql.raw("SELECT id FROM practitioners WHERE username = 'health.visitor'").first(decodingColumn: "id", as: Int64.self)!

            #expect(try await hv.get("/governance/audit").status == .forbidden)
            #expect(try await hv.get("/governance/audit.csv").status == .forbidden)
            var ig = try await Browser.signedIn(app, as: "ig.lead")
            let first = try await ig.get("/governance/audit?person=\(child)&user=\(hvId)&decision=allow")
            #expect(first.status == .ok)
            #expect(first.text.components(separatedBy: "<tr").count - 2 == AuditSearch.pageSize, "a full page")
            let older = try #require(first.text.range(of: #"/governance/audit\?before=\d+[^"]*"#, options: .regularExpression).map { String(first.text[$0]) })
            let second = try await ig.get(older.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(second.status == .ok)
            #expect(second.text.components(separatedBy: "<tr").count - 2 == 20, "the other 20 views")
            #expect(!second.text.contains("before="), "no page after the last")

            // The refusal filter shows only refusals; the GP was allowed, so has none here.
            let refusals = try await ig.get("/governance/audit?decision=deny&person=\(child)")
            #expect(refusals.text.range(of: "<td[^>]*>Allowed</td>", options: .regularExpression) == nil)
            let bad = try await ig.get("/governance/audit?from=31/02/2026&decision=maybe")
            #expect(bad.status == .unprocessableEntity && bad.text.contains("From") && bad.text.contains("Decision must be"))
            let backwards = try await ig.get("/governance/audit?from=2026-12-04&to=2026-12-01")
            #expect(backwards.status == .unprocessableEntity && backwards.text.contains("To must be on or after From"))
            let future = try await ig.get("/governance/audit?from=01/01/2099")
            #expect(future.text.contains("No recorded access"))

            let csv = try await ig.get("/governance/audit.csv?person=\(child)&user=\(hvId)")
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            let rows = try CSVReader.records(csv.text)
            #expect(rows.first == AuditSearch.csvHeader)
            #expect(rows.count - 1 == 120 && rows.dropFirst().allSatisfy { $0[2] == String(hvId) && $0[7] == String(child) })
            let exports = try await AuditStore.page(after: 0, limit: 10_000, on: app.sql).filter { $0.action == "export" && $0.category == "audit_trail" && $0.decision == "allow" }
            #expect(exports.count == 1)
            // The child's own access page is the same search, for that child.
            #expect(try await ig.get("/people/\(child)/access").text.contains("Older entries"))
        }
    }
}
