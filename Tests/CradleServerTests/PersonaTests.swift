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

    @Test func administratorsManageAccounts() async throws {
        try await withCradle(children: 5) { app in
            var admin = try await Browser.signedIn(app, as: "admin")
            let org = try await app.sql.raw("SELECT MIN(id) AS id FROM organisations").first(decodingColumn: "id", as: Int64.self)!
            let weak = try await admin.post("/admin/accounts", ["displayName": "Nia Shaw", "username": "nia.shaw", "profession": "midwife",
                                                               "organisationId": String(org), "password": "short"])
            #expect(weak.status == .unprocessableEntity)
            #expect(try await admin.post("/admin/accounts", ["displayName": "Nia Shaw", "username": "nia.shaw", "profession": "midwife",
                                                             "organisationId": String(org), "password": "willow pebble harbour"]).status == .seeOther)
            var nia = Browser(app)
            _ = try await nia.get("/sign-in")
            #expect(try await nia.post("/sign-in", ["username": "nia.shaw", "password": "willow pebble harbour"]).status == .seeOther)
            let id = try await app.sql.raw("SELECT id FROM practitioners WHERE username = 'nia.shaw'").first(decodingColumn: "id", as: Int64.self)!
            #expect(try await admin.post("/admin/accounts/\(id)/active", ["active": "false"]).status == .seeOther)
            var again = Browser(app)
            _ = try await again.get("/sign-in")
            #expect(try await again.post("/sign-in", ["username": "nia.shaw", "password": "willow pebble harbour"]).status == .unauthorized)
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
