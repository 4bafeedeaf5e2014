import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import CradleServer
import CradleCore

struct AuditTests {
    func child(_ app: Application) async throws -> Int64 { try await relatedChild(app) }

    @Test func readsSearchesAndRefusalsAreRecorded() async throws {
        try await withCradle(children: 10) { app in
            let id = try await child(app)
            var b = try await Browser.signedIn(app)
            _ = try await b.get("/people/\(id)")
            _ = try await b.get("/search?postcode=ZY1+0AB")
            _ = try await app.send(.GET, "/people/\(id)")   // not signed in: refused
            let entries = try await AuditStore.forPerson(id, on: app.sql)
            #expect(entries.contains { $0.decision == "allow" && $0.category == "services_involved" && $0.actorProfession == "health_visitor" })
            #expect(entries.contains { $0.decision == "deny" && $0.actorId == nil && $0.reason == "Sign in to continue" })
            let searches = try await AuditStore.page(after: 0, limit: 1_000, on: app.sql).filter { $0.action == "search" }
            #expect(searches.contains { $0.detail == "postcode=ZY1+0AB" })
            // The access log is for information governance leads, not for other practitioners.
            #expect(try await b.get("/people/\(id)/access").status == .forbidden)
            var ig = try await Browser.signedIn(app, as: "ig.lead")
            let page = try await ig.get("/people/\(id)/access")
            #expect(page.status == .ok)
            #expect(page.text.contains("Refused"))
            #expect(page.text.contains("Sign in to continue"))
        }
    }

    @Test func theStoreRefusesToChangeOrDeleteEntries() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            _ = try await b.get("/people/\(try await child(app))")
            await #expect(throws: (any Error).self) { try await app.sql.raw("UPDATE audit_events SET reason = 'nothing to see'").run() }
            await #expect(throws: (any Error).self) { try await app.sql.raw("DELETE FROM audit_events").run() }
            #expect(try await AuditVerification.run(on: app.sql).problem == nil)
        }
    }

    /// Someone with database rights drops the protection and edits the trail: verify names the entry.
    @Test func verifyNamesTheFirstAlteredRemovedOrReorderedEntry() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            let id = try await child(app)
            for _ in 0..<6 { _ = try await b.get("/people/\(id)") }
            let clean = try await AuditVerification.run(on: app.sql)
            #expect(clean.problem == nil)
            #expect(clean.checked >= 7)
            try await AuditStore.unprotect(app.sql)

            try await app.sql.raw("UPDATE audit_events SET reason = 'edited' WHERE seq = 3").run()
            #expect(try await AuditVerification.run(on: app.sql).problem == .altered(seq: 3))
            // Recomputing the edited entry's own hash does not help: the next link breaks.
            let e3 = try await AuditStore.page(after: 2, limit: 1, on: app.sql)[0]
            try await app.sql.raw("UPDATE audit_events SET hash = \(bind: e3.computedHash) WHERE seq = 3").run()
            #expect(try await AuditVerification.run(on: app.sql).problem == .brokenLink(seq: 4))

            try await app.sql.raw("DELETE FROM audit_events WHERE seq >= 3 AND seq <= 4").run()
            #expect(try await AuditVerification.run(on: app.sql).problem == .gap(after: 2, found: 5))
        }
    }

    @Test func concurrentRequestsProduceOneUnbrokenChain() async throws {
        try await withCradle(children: 10) { app in
            let headers = try await apiToken(app)
            let id = try await child(app)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<60 { group.addTask { _ = try await app.send(.GET, "/api/v1/people/\(id)", headers: headers) } }
                try await group.waitForAll()
            }
            let result = try await AuditVerification.run(on: app.sql)
            #expect(result.problem == nil)
            #expect(result.checked >= 61)
        }
    }

    /// A page's access is stored before the page is answered, and a page whose access cannot
    /// be stored is not shown at all.
    @Test func noPageIsShownBeforeItsAccessIsStored() async throws {
        try await withCradle(children: 10) { app in
            let id = try await child(app)
            let name = try #require(try await app.sql.raw("SELECT family_name FROM people WHERE id = \(bind: id)").first(decodingColumn: "family_name", as: String.self))
            var b = try await Browser.signedIn(app)
            let token = try await apiToken(app)
            let allowed = { try await AuditStore.forPerson(id, on: app.sql).filter { $0.decision == "allow" }.count }
            let before = try await allowed()
            let page = try await b.get("/people/\(id)")
            #expect(page.status == .ok && page.text.contains(name))
            // No waiting: the entry was there when the answer came.
            #expect(try await allowed() == before + 1)

            // The trail stops taking entries.
            if TestStore.postgresURL == nil {
                try await app.sql.raw("CREATE TRIGGER audit_offline BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'audit offline'); END").run()
            } else {
                try await app.sql.raw("CREATE TRIGGER audit_offline BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()").run()
            }
            let refused = try await b.get("/people/\(id)")
            #expect(refused.status == .internalServerError)
            #expect(!refused.text.contains(name))
            let api = try await app.send(.GET, "/api/v1/people/\(id)", headers: token)
            #expect(api.status == .internalServerError && !api.body.string.contains(name))

            let dropTrigger = TestStore.postgresURL == nil ? "DROP TRIGGER audit_offline" : "DROP TRIGGER audit_offline ON audit_events"
            try await app.sql.raw(SQLQueryString(dropTrigger)).run()
            #expect(try await b.get("/people/\(id)").text.contains(name))
            #expect(try await AuditVerification.run(on: app.sql).problem == nil)
        }
    }
}
