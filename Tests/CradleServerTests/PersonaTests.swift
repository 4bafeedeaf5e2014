import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import CradleServer
import CradleCore

/// Every persona against the demo borough: a child their team works with, a child it does
/// not, search, the governance pages and account management.
struct PersonaTests {
    struct Expect { var user: String; var related: HTTPStatus?; var unrelated: HTTPStatus; var search: HTTPStatus; var governance: HTTPStatus; var accounts: HTTPStatus }

    @Test func eachPersonaSeesWhatThePolicySays() async throws {
        try await withCradle(children: 200) { app in
            let expectations = [
                Expect(user: "midwife", related: .ok, unrelated: .forbidden, search: .ok, governance: .forbidden, accounts: .forbidden),
                Expect(user: "health.visitor", related: .ok, unrelated: .forbidden, search: .ok, governance: .forbidden, accounts: .forbidden),
                Expect(user: "gp", related: .ok, unrelated: .forbidden, search: .ok, governance: .forbidden, accounts: .forbidden),
                Expect(user: "centre.worker", related: .ok, unrelated: .forbidden, search: .ok, governance: .forbidden, accounts: .forbidden),
                Expect(user: "early.help", related: .ok, unrelated: .forbidden, search: .ok, governance: .forbidden, accounts: .forbidden),
                Expect(user: "social.worker", related: .ok, unrelated: .forbidden, search: .ok, governance: .forbidden, accounts: .forbidden),
                Expect(user: "analyst", related: nil, unrelated: .forbidden, search: .forbidden, governance: .forbidden, accounts: .forbidden),
                Expect(user: "admin", related: nil, unrelated: .forbidden, search: .forbidden, governance: .forbidden, accounts: .ok),
                Expect(user: "ig.lead", related: nil, unrelated: .forbidden, search: .ok, governance: .ok, accounts: .forbidden),
            ]
            for e in expectations {
                var b = try await Browser.signedIn(app, as: e.user)
                if let related = e.related {
                    let child = try await relatedChild(app, of: e.user)
                    #expect(try await b.get("/people/\(child)").status == related, "\(e.user) related")
                }
                // Unrelated and without centre consent, so not even a children's centre may see it.
                let stranger = try await app.sql.raw("""
                    SELECT MIN(p.id) AS id FROM people p WHERE p.kind = 'child'
                      AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.person_id = p.id AND c.status = 'given')
                      AND NOT EXISTS (SELECT 1 FROM involvements i JOIN services s ON s.id = i.service_id
                                      JOIN team_memberships tm ON tm.team_id = s.team_id JOIN practitioners pr ON pr.id = tm.practitioner_id
                                      WHERE (i.person_id = p.id OR i.family_id = p.family_id) AND pr.username = \(bind: e.user))
                    """).first(decodingColumn: "id", as: Int64.self)!
                #expect(try await b.get("/people/\(stranger)").status == e.unrelated, "\(e.user) unrelated")
                #expect(try await b.get("/search?postcode=ZY1+0AB").status == e.search, "\(e.user) search")
                #expect(try await b.get("/governance").status == e.governance, "\(e.user) governance")
                #expect(try await b.get("/admin/accounts").status == e.accounts, "\(e.user) accounts")
            }
        }
    }

    /// Each role starts where its work is, and its header offers only the sections it may open.
    @Test func eachRoleLandsWhereItsWorkIs() async throws {
        try await withCradle(children: 20) { app in
            let centre = try await app.sql.raw("SELECT organisation_id FROM practitioners WHERE username = 'centre.worker'")
                .first(decodingColumn: "organisation_id", as: Int64.self)!
            let landings = ["health.visitor": "/worklist", "centre.worker": "/centres/\(centre)", "early.help": "/early-help/triage",
                            "data.quality": "/sources", "ig.lead": "/governance/break-glass", "analyst": "/reports/timeliness",
                            "admin": "/admin/accounts", "gp": "/search"]
            for (user, start) in landings {
                var b = try await Browser.signedIn(app, as: user)
                let home = try await b.get("/")
                #expect(home.headers.first(name: .location) == start, "\(user) lands on \(start)")
                #expect(try await b.get(start).status == .ok, "\(user) may open \(start)")
            }
            var analyst = try await Browser.signedIn(app, as: "analyst")
            let header = try await analyst.get("/reports/timeliness").text
            #expect(header.contains(#"href="/reports/reach""#) && !header.contains(#"href="/search""#) && !header.contains(#"href="/worklist""#))
            var hv = try await Browser.signedIn(app)
            #expect(!(try await hv.get("/worklist").text.contains(#"href="/governance""#)))
            // A refused record offers emergency access only to those who may use it.
            let stranger = try await unrelatedChild(app)
            #expect(try await hv.get("/people/\(stranger)").text.contains("/people/\(stranger)/break-glass"))
            for user in ["analyst", "ig.lead"] {
                var b = try await Browser.signedIn(app, as: user)
                let refused = try await b.get("/people/\(stranger)")
                #expect(refused.status == .forbidden && !refused.text.contains("break-glass"), "\(user)")
            }
        }
    }

    /// An administrator adds an account but never chooses or sees its password: the new
    /// practitioner sets it through a one-time link.
    @Test func administratorsManageAccountsWithoutKnowingPasswords() async throws {
        try await withCradle(children: 5) { app in
            var admin = try await Browser.signedIn(app, as: "admin")
            #expect(!(try await admin.get("/admin/accounts").text.contains("name=\"password\"")))
            let org = try await app.sql.raw("SELECT MIN(id) AS id FROM organisations").first(decodingColumn: "id", as: Int64.self)!
            let added = try await admin.post("/admin/accounts", ["displayName": "Nia Shaw", "username": "nia.shaw", "profession": "midwife",
                                                                "organisationId": String(org), "password": "willow pebble harbour"])
            #expect(added.status == .created)
            let link = try #require(added.text.range(of: #"/account/setup/[A-Za-z0-9_-]+"#, options: .regularExpression).map { String(added.text[$0]) })
            // A password the administrator tried to set does not work.
            var nia = Browser(app)
            _ = try await nia.get("/sign-in")
            #expect(try await nia.post("/sign-in", ["username": "nia.shaw", "password": "willow pebble harbour"]).status == .unauthorized)

            #expect(try await nia.get(link).status == .ok)
            let weak = try await nia.post(link, ["new": "short", "confirm": "short"])
            #expect(weak.status == .unprocessableEntity && weak.text.contains("at least 12 characters"))
            #expect(try await nia.post(link, ["new": "amber thistle lantern", "confirm": "amber thistle lantern"]).status == .seeOther)
            #expect(try await nia.get(link).status == .notFound, "the link works once")
            #expect(try await nia.post(link, ["new": "other quiet meadow", "confirm": "other quiet meadow"]).status == .notFound)
            _ = try await nia.get("/sign-in")
            #expect(try await nia.post("/sign-in", ["username": "nia.shaw", "password": "amber thistle lantern"]).status == .seeOther)

            let id = try await app.sql.raw("SELECT id FROM practitioners WHERE username = 'nia.shaw'").first(decodingColumn: "id", as: Int64.self)!
            #expect(try await admin.post("/admin/accounts/\(id)/active", ["active": "false"]).status == .seeOther)
            var again = Browser(app)
            _ = try await again.get("/sign-in")
            #expect(try await again.post("/sign-in", ["username": "nia.shaw", "password": "amber thistle lantern"]).status == .unauthorized)
        }
    }

    @Test func aSetUpLinkExpires() async throws {
        try await withCradle(children: 5) { app in
            var admin = try await Browser.signedIn(app, as: "admin")
            let org = try await app.sql.raw("SELECT MIN(id) AS id FROM organisations").first(decodingColumn: "id", as: Int64.self)!
            let added = try await admin.post("/admin/accounts", ["displayName": "Ola Reed", "username": "ola.reed", "profession": "gp", "organisationId": String(org)])
            let link = try #require(added.text.range(of: #"/account/setup/[A-Za-z0-9_-]+"#, options: .regularExpression).map { String(added.text[$0]) })
            try await app.sql.raw("UPDATE practitioners SET setup_expires_at = 1 WHERE username = 'ola.reed'").run()
            var ola = Browser(app)
            #expect(try await ola.get(link).status == .notFound)
        }
    }

    /// Administrators manage accounts: they cannot break the glass on a record, and the
    /// refusal is on the trail as a deny.
    @Test func breakGlassRefusalsAreRecordedAsDenials() async throws {
        try await withCradle(children: 20) { app in
            let child = try await unrelatedChild(app, of: "gp")
            var admin = try await Browser.signedIn(app, as: "admin")
            #expect(try await admin.post("/people/\(child)/break-glass", ["reason": "Curious about this family, no real reason"]).status == .forbidden)
            var gp = try await Browser.signedIn(app, as: "gp")
            #expect(try await gp.post("/people/\(child)/break-glass", ["reason": "urgent"]).status == .unprocessableEntity)
            let trail = try await AuditStore.forPerson(child, on: app.sql).filter { $0.category == "break_glass" }
            #expect(trail.count == 3)
            #expect(trail.filter { $0.action == "create" }.allSatisfy { $0.decision == "deny" })
            #expect(try await app.count("break_glass") == 0)
        }
    }

    @Test func aSessionCookieReplayedFromAnotherBrowserIsRefusedAndRecorded() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            var h = HTTPHeaders()
            h.add(name: .cookie, value: b.cookie)
            h.add(name: .userAgent, value: "curl/8.0 (somewhere else)")
            let replay = try await app.send(.GET, "/search", headers: h)
            #expect(replay.status == .seeOther)
            #expect(try await AuditStore.denied(on: app.sql).contains { $0.reason.contains("different browser") })
            #expect(try await b.get("/search").status == .seeOther, "the session itself has ended")
        }
    }
}
