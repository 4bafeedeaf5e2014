import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import CradleServer
import CradleCore

struct AuthenticationTests {
    func signIn(_ app: Application, _ password: String) async throws -> TestingHTTPResponse {
        var b = Browser(app)
        _ = try await b.get("/sign-in")
        return try await b.post("/sign-in", ["username": "midwife", "password": password])
    }

    @Test func fiveWrongPasswordsLockTheAccountEvenForTheRightOne() async throws {
        try await withCradle(children: 5) { app in
            for _ in 0..<5 { #expect(try await signIn(app, "not-the-password").status == .unauthorized) }
            let locked = try await signIn(app, DemoLoader.demoPassword)
            #expect(locked.status == .unauthorized)
            // The same words as any refusal: the answer does not confirm the username exists.
            #expect(locked.text.contains(SignInGuard.refusal))
            var stranger = Browser(app)
            _ = try await stranger.get("/sign-in")
            let unknown = try await stranger.post("/sign-in", ["username": "no.such.person", "password": "not-the-password"])
            #expect(unknown.status == .unauthorized && unknown.text.contains(SignInGuard.refusal))
            var h = HTTPHeaders(); h.contentType = .json
            let api = try await app.send(.POST, "/api/v1/tokens", headers: h, body: #"{"username":"midwife","password":"\#(DemoLoader.demoPassword)"}"#)
            #expect(api.status == .unauthorized)
            let failures = try await AuditStore.page(after: 0, limit: 1_000, on: app.sql).filter { $0.purpose == "sign_in" && $0.decision == "deny" }
            #expect(failures.count >= 6)
            // When the lock runs out, the right password works again.
            try await app.sql.raw("UPDATE practitioners SET locked_until = 1 WHERE username = 'midwife'").run()
            #expect(try await signIn(app, DemoLoader.demoPassword).status == .seeOther)
        }
    }

    /// Wrong passwords sent in parallel bursts are all counted; a right one inside the burst
    /// after the limit is refused.
    @Test func parallelWrongPasswordsStillLockTheAccount() async throws {
        try await withCradle(children: 5) { app in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<15 { group.addTask { _ = try await signIn(app, "not-the-password") } }
                try await group.waitForAll()
            }
            let row = try await app.sql.raw("SELECT failed_sign_ins, locked_until FROM practitioners WHERE username = 'midwife'").first()!
            #expect(try row.decode(column: "failed_sign_ins", as: Int.self) == 15)
            #expect(try row.decode(column: "locked_until", as: Double?.self) != nil)
            #expect(try await signIn(app, DemoLoader.demoPassword).status == .unauthorized)
        }
    }

    @Test func theDemoPasswordMeetsCradlesOwnPolicy() async throws {
        try await withCradle(children: 5) { app in
            let usernames = try await app.sql.raw("SELECT username FROM practitioners").all(decodingColumn: "username", as: String.self)
            #expect(usernames.count > 10)
            for u in usernames { #expect(PasswordPolicy.problems(DemoLoader.demoPassword, username: u).isEmpty, "\(u)") }
        }
    }

    @Test func changingThePasswordEndsTheAccountsOtherSessions() async throws {
        try await withCradle(children: 5) { app in
            var laptop = try await Browser.signedIn(app, as: "gp")
            var tablet = try await Browser.signedIn(app, as: "gp")
            var colleague = try await Browser.signedIn(app, as: "midwife")
            let changed = try await laptop.post("/account/password", ["current": DemoLoader.demoPassword, "new": "amber kettle lantern",
                                                                     "confirm": "amber kettle lantern"])
            #expect(changed.status == .ok && changed.text.contains("signed out everywhere else"))
            #expect(try await laptop.get("/search").status == .ok, "the session that changed it goes on")
            let other = try await tablet.get("/search")
            #expect(other.status == .seeOther && other.headers.first(name: .location) == "/sign-in")
            #expect(try await colleague.get("/search").status == .ok, "nobody else's session ends")
        }
    }

    @Test func personalTokensExpireAndTheAccountPageSaysWhen() async throws {
        try await withCradle(children: 5) { app in
            var h = try await apiToken(app, as: "gp")
            #expect(try await app.send(.GET, "/api/v1/services", headers: h).status == .ok)
            let expires = try await app.sql.raw("SELECT expires_on FROM api_tokens ORDER BY id DESC LIMIT 1").first(decodingColumn: "expires_on", as: String.self)
            #expect(expires == (testToday + 90).iso)
            var b = try await Browser.signedIn(app, as: "gp")
            #expect(try await b.get("/account").text.contains(Format.day((testToday + 90).iso)))
            // On its expiry day it no longer works.
            try await app.sql.raw("UPDATE api_tokens SET expires_on = \(bind: testToday.iso)").run()
            #expect(try await app.send(.GET, "/api/v1/services", headers: h).status == .unauthorized)
            let page = try await b.get("/account").text
            #expect(page.contains("Expired") && !page.contains("Revoke API token"))
            h.bearerAuthorization = nil
        }
    }

    @Test func anIdleSessionEnds() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            #expect(try await b.get("/search").status == .ok)
            // Pretend the last activity was an hour ago.
            let rows = try await app.sql.raw("SELECT id, data FROM sessions").all()
            for row in rows {
                let id = try row.decode(column: "id", as: String.self)
                let data = try row.decode(column: "data", as: String.self)
                let old = data.replacingOccurrences(of: #""seen":"\d+""#, with: #""seen":"1000""#, options: .regularExpression)
                try await app.sql.raw("UPDATE sessions SET data = \(bind: old) WHERE id = \(bind: id)").run()
            }
            let after = try await b.get("/search")
            #expect(after.status == .seeOther)
            #expect(after.headers.first(name: .location) == "/sign-in")
        }
    }

    @Test func passwordsCanBeChangedOnlyToStrongOnes() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app, as: "gp")
            let weak = try await b.post("/account/password", ["current": DemoLoader.demoPassword, "new": "password123", "confirm": "password123"])
            #expect(weak.status == .unprocessableEntity)
            #expect(weak.text.contains("at least 12 characters") || weak.text.contains("too common"))
            let wrong = try await b.post("/account/password", ["current": "nope", "new": "amber kettle lantern", "confirm": "amber kettle lantern"])
            #expect(wrong.text.contains("Your current password is not right"))
            let ok = try await b.post("/account/password", ["current": DemoLoader.demoPassword, "new": "amber kettle lantern", "confirm": "amber kettle lantern"])
            #expect(ok.status == .ok)
            #expect(ok.text.contains("Your password has been changed"))
            var fresh = Browser(app)
            _ = try await fresh.get("/sign-in")
            #expect(try await fresh.post("/sign-in", ["username": "gp", "password": "amber kettle lantern"]).status == .seeOther)
        }
    }

    @Test func aRevokedTokenStopsWorkingAndOthersCannotRevokeIt() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            let made = try await b.post("/account/tokens", ["name": "reporting script"])
            guard let r = made.text.range(of: #"<code class="token">"#), let end = made.text[r.upperBound...].range(of: "</code>") else {
                Issue.record("no token shown"); return
            }
            let token = String(made.text[r.upperBound..<end.lowerBound])
            var h = HTTPHeaders(); h.bearerAuthorization = BearerAuthorization(token: token)
            #expect(try await app.send(.GET, "/api/v1/services", headers: h).status == .ok)
            let id = try await app.sql.raw("SELECT MAX(id) AS id FROM api_tokens").first(decodingColumn: "id", as: Int64.self)!
            var other = try await Browser.signedIn(app, as: "gp")
            #expect(try await other.post("/account/tokens/\(id)/revoke", [:]).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/services", headers: h).status == .ok)
            #expect(try await b.post("/account/tokens/\(id)/revoke", [:]).status == .seeOther)
            #expect(try await app.send(.GET, "/api/v1/services", headers: h).status == .unauthorized)
        }
    }

    @Test func forgedFormsAreRefusedAndRecorded() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            #expect(try await b.post("/children", ["givenName": "X"], csrf: "forged").status == .forbidden)
            let refused = try await AuditStore.denied(on: app.sql)
            #expect(refused.contains { $0.reason.contains("CSRF") && $0.path == "/children" })
        }
    }
}
