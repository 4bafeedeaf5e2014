import Foundation
import Testing
import Vapor
import SQLKit
@testable import CradleServer
import CradleCore

/// A family's own view of its record: signing in by a mailed link, seeing only their own
/// family (never notes, never an address hidden for someone's safety), their consent taking
/// effect at once, requests tracked until answered, and everything downloadable. On SQLite
/// and PostgreSQL.
struct FamilyAccessTests {
    struct Household { var family: Int64; var child: Int64; var mother: Int64; var father: Int64? }

    /// The family of a child the health visitor works with, and its adults.
    func household(_ app: Application) async throws -> Household {
        let child = try await relatedChild(app)
        let family = try await app.sql.raw("SELECT family_id FROM people WHERE id = \(bind: child)").first(decodingColumn: "family_id", as: Int64.self)!
        struct Adult: Decodable { var id: Int64; var relationship: String }
        let adults = try await app.sql.raw("SELECT id, relationship FROM people WHERE family_id = \(bind: family) AND kind = 'adult' ORDER BY id")
            .all(decoding: Adult.self, with: rowDecoder)
        let mother = adults.first { $0.relationship == "mother" } ?? adults[0]
        return Household(family: family, child: child, mother: mother.id, father: adults.first { $0.id != mother.id }?.id)
    }

    /// The newest mail to `email` in the outbox, and the sign-in token it carries.
    func mailedToken(_ app: Application, to email: String) throws -> String? {
        let dir = app.settings.mailDrop.directory
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir))?.filter { $0.hasSuffix(".eml") }.sorted() ?? []
        for f in files.reversed() {
            let text = try String(contentsOfFile: dir + "/" + f, encoding: .utf8)
            guard text.contains("To: \(email)\r\n"), let r = text.range(of: "/family/sign-in/") else { continue }
            return String(text[r.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        }
        return nil
    }

    func mailCount(_ app: Application) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: app.settings.mailDrop.directory)) ?? []).filter { $0.hasSuffix(".eml") }.count
    }

    /// Asks for a link by email and follows it, as a parent's browser would.
    func parent(_ app: Application, _ email: String) async throws -> Browser {
        var b = Browser(app)
        _ = try await b.get("/family/sign-in")
        #expect(try await b.post("/family/sign-in", ["email": email]).text.contains("Check your email"))
        let token = try #require(try mailedToken(app, to: email.lowercased()))
        #expect(try await b.get("/family/sign-in/\(token)").status == .ok)
        #expect(try await b.post("/family/sign-in/\(token)", [:]).status == .seeOther)
        // The signed-in page carries the new session's form token.
        #expect(try await b.get("/family").status == .ok)
        return b
    }

    @Test func aParentSignsInWithAMailedLinkThatWorksOnce() async throws {
        try await withCradle { app in
            let h = try await household(app)
            var hv = try await Browser.signedIn(app)
            // A bad address or someone outside the family is refused, and nothing is stored.
            let bad = try await hv.post("/families/\(h.family)/access", ["personId": String(h.mother), "email": "not an address"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Enter the email address they gave"))
            let stranger = try await hv.post("/families/\(h.family)/access", ["personId": String(h.child), "email": "mum@example.com"])
            #expect(stranger.status == .unprocessableEntity && stranger.text.contains("Choose the parent or carer"))
            #expect(try await app.count("family_accounts") == 0)
            #expect(try await hv.post("/families/\(h.family)/access", ["personId": String(h.mother), "email": "Mum@Example.com"]).status == .seeOther)
            let twice = try await hv.post("/families/\(h.family)/access", ["personId": String(h.mother), "email": "mum@example.com"])
            #expect(twice.status == .unprocessableEntity && twice.text.contains("already registered"))
            #expect(try await hv.get("/families/\(h.family)").text.contains("mum@example.com"))
            // A practitioner with no part in the family cannot give access.
            var other = try await Browser.signedIn(app, as: "centre.worker.2")
            #expect(try await other.post("/families/\(h.family)/access", ["personId": String(h.mother), "email": "x@example.com"]).status == .forbidden)
            #expect(try await app.count("family_accounts") == 1)

            // An unknown address gets the same answer and no mail.
            var anon = Browser(app)
            _ = try await anon.get("/family/sign-in")
            let unknown = try await anon.post("/family/sign-in", ["email": "nobody@example.com"])
            #expect(unknown.status == .ok && unknown.text.contains("Check your email"))
            #expect(mailCount(app) == 0)
            #expect(try await anon.post("/family/sign-in", ["email": "not-an-email"]).status == .unprocessableEntity)

            var mum = try await parent(app, "MUM@example.com")
            let page = try await mum.get("/family")
            #expect(page.status == .ok && page.text.contains("Your family&#39;s record"))
            let childName = try await PersonStore.person(h.child, on: app.sql)!.fullName
            #expect(page.text.contains(htmlEscape(childName)))
            // Each service's appointments with the family, as the practitioners' panel counts them.
            struct Tally: Decodable { var serviceId: Int64; var attended: Int; var missed: Int }
            let tallies = try await app.sql.raw("""
                SELECT c.service_id, SUM(CASE WHEN c.outcome = 'attended' THEN 1 ELSE 0 END) AS attended,
                       SUM(CASE WHEN c.outcome = 'did_not_attend' THEN 1 ELSE 0 END) AS missed
                FROM contacts c JOIN people p ON p.id = c.person_id WHERE p.family_id = \(bind: h.family) GROUP BY c.service_id
                """).all(decoding: Tally.self, with: rowDecoder)
            #expect(!tallies.isEmpty)
            for t in tallies where try await app.sql.raw("SELECT id FROM involvements WHERE service_id = \(bind: t.serviceId) AND end_date IS NULL AND (family_id = \(bind: h.family) OR person_id IN (SELECT id FROM people WHERE family_id = \(bind: h.family)))").first() != nil {
                #expect(page.text.contains("\(t.attended) attended, \(t.missed) missed"), "service \(t.serviceId)")
            }

            // A used link does not work again, nor an expired one.
            let used = try #require(try mailedToken(app, to: "mum@example.com"))
            var again = Browser(app)
            _ = try await again.get("/family/sign-in/\(used)")
            #expect(try await again.post("/family/sign-in/\(used)", [:]).status == .gone)
            _ = try await again.get("/family/sign-in")
            _ = try await again.post("/family/sign-in", ["email": "mum@example.com"])
            let fresh = try #require(try mailedToken(app, to: "mum@example.com"))
            #expect(fresh != used)
            try await app.sql.raw("UPDATE family_sign_in_links SET expires_at = 0 WHERE token_hash = \(bind: Tokens.hash(fresh))").run()
            _ = try await again.get("/family/sign-in/\(fresh)")
            #expect(try await again.post("/family/sign-in/\(fresh)", [:]).status == .gone)
            #expect(try await again.get("/family").status == .seeOther)

            // Five links an hour to one address; the sixth is refused.
            for _ in 0..<3 { #expect(try await again.post("/family/sign-in", ["email": "mum@example.com"]).status == .ok) }
            #expect(try await again.post("/family/sign-in", ["email": "mum@example.com"]).status == .tooManyRequests)

            // Access closed: the parent's session no longer opens the record.
            let account = try await app.sql.raw("SELECT id FROM family_accounts").first(decodingColumn: "id", as: Int64.self)!
            #expect(try await hv.post("/families/\(h.family)/access/\(account)/active", ["active": "off"]).status == .seeOther)
            #expect(try await mum.get("/family").status == .seeOther)
        }
    }

    @Test func aParentSeesOnlyTheirOwnFamilyNeverNotesNorAHiddenAddress() async throws {
        try await withCradle { app in
            let h = try await household(app)
            let father = try #require(h.father)
            _ = try await FamilyAccountStore.register(family: h.family, person: h.mother, email: "mum@example.com", by: nil, on: app.sql)
            _ = try await FamilyAccountStore.register(family: h.family, person: father, email: "dad@example.com", by: nil, on: app.sql)
            // The mother and child moved out; the health visitor hides their new address from the family.
            try await app.sql.raw("UPDATE addresses SET line = '9 Safe Street', postcode = 'ZY9 9SS' WHERE person_id IN (\(binds: [h.mother, h.child])) AND to_date IS NULL").run()
            var hv = try await Browser.signedIn(app)
            #expect(try await hv.get("/people/\(h.child)").text.contains("Hide this address from the rest of the family"))
            for person in [h.mother, h.child] {
                #expect(try await hv.post("/people/\(person)/address-safety", ["hidden": "on"]).status == .seeOther)
            }
            #expect(try await hv.get("/people/\(h.child)").text.contains("Hidden from the rest of the family"))
            var stranger = try await Browser.signedIn(app, as: "centre.worker.2")
            #expect(try await stranger.post("/people/\(h.child)/address-safety", ["hidden": "off"]).status == .forbidden)

            var dad = try await parent(app, "dad@example.com")
            let seen = try await dad.get("/family")
            #expect(seen.status == .ok && !seen.text.contains("ZY9 9SS") && !seen.text.contains("Safe Street"))
            let exported = try await dad.get("/family/export.json")
            #expect(exported.status == .ok && !exported.text.contains("ZY9 9SS"))
            var mum = try await parent(app, "mum@example.com")
            #expect(try await mum.get("/family").text.contains("9 Safe Street, ZY9 9SS"))
            // She moves again: the new address stays hidden.
            let her = try await PersonStore.person(h.mother, on: app.sql)!
            let moved = try PersonInput.validate(["kind": "adult", "relationship": her.relationship, "givenName": her.givenName, "familyName": her.familyName,
                                                  "sex": her.sex, "dateOfBirth": her.dateOfBirth ?? "", "postcode": "ZY8 8RR", "addressLine": "2 Refuge Row"],
                                                 today: testToday).orThrow()
            try await PersonStore.update(h.mother, version: her.version, moved, today: testToday, on: app.db)
            #expect(!(try await dad.get("/family")).text.contains("ZY8 8RR"))
            #expect(try await mum.get("/family").text.contains("2 Refuge Row, ZY8 8RR"))

            // No note of the family's, in the page or the download.
            let hvId = try await app.sql.raw("SELECT id FROM practitioners WHERE username = 'health.visitor'").first(decodingColumn: "id", as: Int64.self)!
            try await app.sql.raw("""
                INSERT INTO notes (person_id, author_id, author_profession, visibility, written_on, body, version)
                VALUES (\(bind: h.child), \(bind: hvId), 'health_visitor', 'profession', \(bind: testToday.iso), 'Mother disclosed low mood at the visit', 1)
                """).run()
            let notes = try await app.sql.raw("""
                SELECT body FROM notes WHERE person_id IN (SELECT id FROM people WHERE family_id = \(bind: h.family))
                """).all(decodingColumn: "body", as: String.self)
            #expect(!notes.isEmpty)
            let all = try await mum.get("/family/export.json").text + (try await mum.get("/family/export.html")).text + (try await mum.get("/family")).text
            for n in notes { #expect(!all.contains(n.prefix(40)) && !all.contains(htmlEscape(String(n.prefix(40))))) }
            #expect(all.contains("not part of this download"))

            // Nothing practitioners see, and no other family.
            let other = try await unrelatedChild(app)
            for path in ["/people/\(h.child)", "/people/\(h.child)/consents", "/families/\(h.family)", "/search?name=a", "/people/\(other)",
                         "/governance/audit", "/records/requests", "/account"] {
                let res = try await mum.get(path)
                #expect(res.status == .forbidden, "\(path): \(res.status)")
            }
            let consents = try await app.count("consents")
            let refused = try await mum.post("/family/consents", ["personId": String(other), "purpose": ConsentPurpose.researchExtracts.rawValue, "status": "given"])
            #expect(refused.status == .forbidden)
            let forDad = try await mum.post("/family/consents", ["personId": String(father), "purpose": ConsentPurpose.researchExtracts.rawValue, "status": "given"])
            #expect(forDad.status == .forbidden)
            #expect(try await app.count("consents") == consents)
            let aboutOther = try await mum.post("/family/requests", ["kind": "correction", "personId": String(other), "body": "Wrong"])
            #expect(aboutOther.status == .unprocessableEntity && aboutOther.text.contains("Choose someone in your family"))
            #expect(try await app.count("family_requests") == 0)

            // Each look is in the audit trail, naming the family's account.
            let looks = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE detail LIKE 'family account %' AND category = 'family_record'")
                .first(decodingColumn: "n", as: Int.self)!
            #expect(looks >= 4)
        }
    }

    @Test func aParentSeesWhoLookedByOrganisationAndProfessionUnlessTheCouncilNamesThem() async throws {
        for names in [false, true] {
            try await withCradle(settings: { $0.familySeesNames = names }) { app in
                let h = try await household(app)
                _ = try await FamilyAccountStore.register(family: h.family, person: h.mother, email: "mum@example.com", by: nil, on: app.sql)
                var hv = try await Browser.signedIn(app)
                #expect(try await hv.get("/people/\(h.child)").status == .ok)
                // The child's GP practice's system reads the record too.
                let practice = try await app.sql.raw("SELECT code FROM organisations WHERE kind = 'gp_practice' ORDER BY code LIMIT 1").first(decodingColumn: "code", as: String.self)!
                try await app.sql.raw("UPDATE people SET gp_practice = \(bind: practice) WHERE id = \(bind: h.child)").run()
                var gp = HTTPHeaders()
                gp.bearerAuthorization = BearerAuthorization(token: try await SystemClientStore.createReader(name: "Beech Surgery system", practice: practice, on: app.sql))
                #expect(try await app.send(.GET, "/fhir/R4/Patient/\(h.child)", headers: gp).status == .ok)
                let name = try await app.sql.raw("SELECT display_name FROM practitioners WHERE username = 'health.visitor'").first(decodingColumn: "display_name", as: String.self)!
                var mum = try await parent(app, "mum@example.com")
                let page = try await mum.get("/family").text
                let looked = page[page.range(of: "id=\"looked\"")!.lowerBound...]
                #expect(looked.contains("Health visitor, "))
                #expect(looked.contains(htmlEscape(name)) == names, "names shown: \(names)")
                #expect(looked.contains("A computer system (Beech Surgery system)"))
                // The parent's own visits are not listed as someone looking.
                #expect(!looked.contains("Family record"))
                // The practitioners' record says when the family last looked.
                #expect(try await hv.get("/people/\(h.child)").text.contains("The family last looked at their record on"))
            }
        }
    }

    @Test func aParentsConsentDecisionTakesEffectAtTheNextRequest() async throws {
        try await withCradle { app in
            let births = BirthListServerTests()
            let (centre, born) = try await births.birthsInAReachArea(app)
            let amelia = born["Amelia"]!
            try await births.consent(app, amelia, .given, on: testToday - 10)
            var worker = try await Browser.signedIn(app, as: "centre.worker")
            let centreWorker = try await app.sql.raw("SELECT organisation_id FROM practitioners WHERE username = 'centre.worker'").first(decodingColumn: "organisation_id", as: Int64.self)!
            try #require(centreWorker == centre.id, "the demo's centre worker works at the first centre")
            #expect(try await worker.get("/centres/\(centre.id)?month=2026-10").text.contains("Amelia"))

            struct Member: Decodable { var id: Int64; var familyId: Int64 }
            let mother = try await app.sql.raw("""
                SELECT id, family_id FROM people WHERE kind = 'adult' AND family_id = (SELECT family_id FROM people WHERE id = \(bind: amelia))
                """).first(decoding: Member.self, with: rowDecoder)!
            _ = try await FamilyAccountStore.register(family: mother.familyId, person: mother.id, email: "grace@example.com", by: nil, on: app.sql)
            var grace = try await parent(app, "grace@example.com")
            let before = try await grace.get("/family").text
            let sharing = before[before.range(of: "id=\"sharing\"")!.lowerBound...]
            #expect(sharing.contains("Withdraw consent") && sharing.contains("Children&#39;s centre"), "the consent names whom it shares with")
            let withdrawn = try await grace.post("/family/consents", ["personId": String(amelia), "purpose": ConsentPurpose.birthDetailsToChildrensCentres.rawValue,
                                                                        "status": "withdrawn"])
            #expect(withdrawn.status == .seeOther)
            let latest = try await GovernanceStore.consentHistory(personId: amelia, on: app.sql).first!
            #expect(latest.status == "withdrawn" && latest.method == ConsentMethod.familyOnline.rawValue && latest.recorderName == "the family, online")
            // The centre's very next request no longer lists her, and the centre is told to erase its copy.
            #expect(!(try await worker.get("/centres/\(centre.id)?month=2026-10")).text.contains("Amelia"))
            // An unknown decision is refused whole.
            let bad = try await grace.post("/family/consents", ["personId": String(amelia), "purpose": "sell_it", "status": "given"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Purpose must be one of"))
        }
    }

    @Test func aFamilysRequestIsTrackedUntilSomeoneAnswersIt() async throws {
        try await withCradle { app in
            let h = try await household(app)
            _ = try await FamilyAccountStore.register(family: h.family, person: h.mother, email: "mum@example.com", by: nil, on: app.sql)
            var mum = try await parent(app, "mum@example.com")
            let empty = try await mum.post("/family/requests", ["kind": "correction", "personId": String(h.child), "body": ""])
            #expect(empty.status == .unprocessableEntity && empty.text.contains("Enter what should change"))
            #expect(try await app.count("family_requests") == 0)
            #expect(try await mum.post("/family/requests", ["kind": "correction", "personId": String(h.child), "body": "Her middle name is spelt Rose"]).status == .seeOther)
            #expect(try await mum.get("/family").text.contains("Waiting for an answer"))
            let request = try await app.sql.raw("SELECT id FROM family_requests").first(decodingColumn: "id", as: Int64.self)!

            var hv = try await Browser.signedIn(app)
            #expect(try await hv.get("/people/\(h.child)").text.contains("1 request from the family waiting"))
            #expect(try await hv.get("/families/\(h.family)").text.contains("Her middle name is spelt Rose"))
            var records = try await Browser.signedIn(app, as: "data.quality")
            #expect(try await records.get("/records/requests").text.contains("Her middle name is spelt Rose"))
            #expect(try await hv.get("/records/requests").status == .forbidden)
            var stranger = try await Browser.signedIn(app, as: "centre.worker.2")
            #expect(try await stranger.post("/family-requests/\(request)", ["status": "done", "response": "Forged"]).status == .forbidden)
            let noAnswer = try await hv.post("/family-requests/\(request)", ["status": "done", "response": ""])
            #expect(noAnswer.status == .unprocessableEntity)
            let mails = mailCount(app)
            #expect(try await hv.post("/family-requests/\(request)", ["status": "done", "response": "Corrected on her record"]).status == .seeOther)
            // The family is told there is an answer, not what it is.
            #expect(mailCount(app) == mails + 1)
            let dir = app.settings.mailDrop.directory
            let newest = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".eml") }.sorted().last!
            let mail = try String(contentsOfFile: dir + "/" + newest, encoding: .utf8)
            #expect(mail.contains("To: mum@example.com\r\n") && mail.contains("Subject: Your request has an answer") && !mail.contains("Corrected on her record"))
            #expect(try await hv.post("/family-requests/\(request)", ["status": "declined", "response": "Again"]).status == .unprocessableEntity)
            let page = try await mum.get("/family").text
            #expect(page.contains("Done: Corrected on her record"))
            #expect(!(try await records.get("/records/requests")).text.contains("Her middle name is spelt Rose"))

            // The download holds the request and its answer.
            let json = try JSONSerialization.jsonObject(with: Data(try await mum.get("/family/export.json").text.utf8)) as? [String: Any] ?? [:]
            let requests = json["requests"] as? [[String: Any]] ?? []
            #expect(requests.first?["answer"] as? String == "Corrected on her record")
            #expect((json["members"] as? [[String: Any]])?.contains { $0["id"] as? Int64 == h.child || ($0["id"] as? Int).map(Int64.init) == h.child } == true)
        }
    }
}
