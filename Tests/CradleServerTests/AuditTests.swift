import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import CradleServer
import CradleCore
import Crypto

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

    /// Notes a page holds back leave a deny entry on the child's trail; opening a note names
    /// the child too.
    @Test func withheldNotesAndNoteViewsAreOnTheChildsTrail() async throws {
        try await withCradle(children: 20) { app in
            let id = try await child(app)
            var hv = try await Browser.signedIn(app)
            #expect(try await hv.post("/people/\(id)/notes", ["body": "Health visiting only: mother low in mood", "visibility": "profession"]).status == .seeOther)
            let note = try await app.sql.raw("SELECT MAX(id) AS id FROM notes").first(decodingColumn: "id", as: Int64.self)!
            var gp = try await Browser.signedIn(app, as: "gp")
            // The child registers with the GP's practice, which may then take them on.
            try await app.sql.raw("""
                UPDATE people SET gp_practice = (SELECT o.code FROM organisations o JOIN practitioners p ON p.organisation_id = o.id WHERE p.username = 'gp')
                WHERE id = \(bind: id)
                """).run()
            #expect(try await gp.post("/people/\(id)/involvements", ["serviceId": String(try await ownService(app, of: "gp")),
                                                                       "startDate": testToday.iso, "lawfulBasis": "universal_service"]).status == .seeOther)
            let page = try await gp.get("/people/\(id)")
            #expect(page.status == .ok && !page.text.contains("mother low in mood"))
            let gpId = try await app.sql.raw("SELECT id FROM practitioners WHERE username = 'gp'").first(decodingColumn: "id", as: Int64.self)
            let withheld = try await AuditStore.forPerson(id, on: app.sql).filter { $0.decision == "deny" && $0.category == "case_note" && $0.actorId == gpId }
            #expect(withheld.count == 1)
            #expect(withheld.first.map { ($0.detail ?? "").contains("withheld") && ($0.detail ?? "").contains(String(note)) } == true)
            #expect(withheld.first?.reason.contains("restricted") == true)

            #expect(try await hv.get("/notes/\(note)/edit").status == .ok)
            let viewed = try await AuditStore.forPerson(id, on: app.sql).filter { $0.category == "case_note" && $0.decision == "allow" && $0.path == "/notes/\(note)/edit" }
            #expect(viewed.count == 1)
        }
    }

    @Test func theStoreRefusesToChangeOrDeleteEntries() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            _ = try await b.get("/people/\(try await child(app))")
            await #expect(throws: (any Error).self) { try await app.sql.raw("UPDATE audit_events SET reason = 'nothing to see'").run() }
            await #expect(throws: (any Error).self) { try await app.sql.raw("DELETE FROM audit_events").run() }
            if TestStore.postgresURL != nil {
                await #expect(throws: (any Error).self) { try await app.sql.raw("TRUNCATE audit_events").run() }
            }
            #expect(try await AuditVerification.run(app).problems.isEmpty)
        }
    }

    /// A trail of `views` record views, a signed checkpoint of its head, and the protection
    /// dropped, as a database administrator with every right on the database would.
    func tamperable(_ app: Application, views: Int = 6) async throws -> (last: Int64, entries: [AuditEntry]) {
        var b = try await Browser.signedIn(app)
        let id = try await child(app)
        for _ in 0..<views { _ = try await b.get("/people/\(id)") }
        let clean = try await AuditVerification.run(app)
        #expect(clean.problems.isEmpty)
        let head = try await AuditStore.last(app.sql)
        try AuditCheckpoints(keys: app.auditKeys).sign(head)
        try await AuditStore.unprotect(app.sql)
        return (head.seq, try await AuditStore.page(after: 0, limit: 10_000, on: app.sql))
    }

    func problems(_ app: Application) async throws -> [AuditProblem] {
        try await AuditVerification.run(app).problems.filter { if case .missingTrigger = $0 { false } else { true } }
    }

    func rewrite(_ app: Application, _ e: AuditEntry) async throws {
        try await app.sql.raw("""
            UPDATE audit_events SET reason = \(bind: e.reason), prev_hash = \(bind: e.prevHash), hash = \(bind: e.hash) WHERE seq = \(bind: e.seq)
            """).run()
    }

    @Test func anEditedEntryIsNamedEvenWithEveryPlainHashRecomputed() async throws {
        try await withCradle(children: 5) { app in
            let (_, entries) = try await tamperable(app)
            try await app.sql.raw("UPDATE audit_events SET reason = 'edited' WHERE seq = 3").run()
            #expect(try await problems(app) == [.chain(.altered(seq: 3))])
            // Recompute every hash from the edited entry on, as the chain was before it had a key.
            var chain = entries
            chain[2].reason = "edited"
            for i in 2..<chain.count {
                if i > 2 { chain[i].prevHash = chain[i - 1].hash }
                chain[i].hash = chain[i].legacyHash
                try await rewrite(app, chain[i])
            }
            let found = try await problems(app)
            #expect(found.first == .chain(.altered(seq: 3)))
            #expect(found.contains(.rewritten(seq: chain.last!.seq)))
        }
    }

    @Test func aDeletedEntryIsNamed() async throws {
        try await withCradle(children: 5) { app in
            _ = try await tamperable(app)
            try await app.sql.raw("DELETE FROM audit_events WHERE seq >= 3 AND seq <= 4").run()
            #expect(try await problems(app) == [.chain(.gap(after: 2, found: 5))])
        }
    }

    @Test func aForgedEntryInsertedByHandIsNamed() async throws {
        try await withCradle(children: 5) { app in
            let (last, entries) = try await tamperable(app)
            var forged = entries.last!
            forged.seq = last + 1
            forged.reason = "forged"
            forged.prevHash = entries.last!.hash
            forged.hash = forged.legacyHash
            try await AuditStore.insert([forged], on: app.sql)
            #expect(try await problems(app) == [.chain(.altered(seq: last + 1))])
        }
    }

    @Test func reorderedEntriesAreNamed() async throws {
        try await withCradle(children: 5) { app in
            _ = try await tamperable(app)
            try await app.sql.raw("UPDATE audit_events SET seq = -1 WHERE seq = 3").run()
            try await app.sql.raw("UPDATE audit_events SET seq = 3 WHERE seq = 4").run()
            try await app.sql.raw("UPDATE audit_events SET seq = 4 WHERE seq = -1").run()
            #expect(try await problems(app) == [.chain(.altered(seq: 3))])
        }
    }

    @Test func aTruncatedTailOrAnEmptiedTrailIsNamed() async throws {
        try await withCradle(children: 5) { app in
            let (last, _) = try await tamperable(app)
            try await app.sql.raw("DELETE FROM audit_events WHERE seq > \(bind: last - 2)").run()
            #expect(try await problems(app) == [.truncated(signed: last, last: last - 2)])
            try await app.sql.raw("DELETE FROM audit_events").run()
            #expect(try await problems(app) == [.truncated(signed: last, last: 0)])
        }
    }

    @Test func aCheckpointExportedElsewhereStillCatchesARewrite() async throws {
        try await withCradle(children: 5) { app in
            let (last, _) = try await tamperable(app)
            let exported = try AuditCheckpoints.read(app.auditKeys.checkpointPath).checkpoints
            // The administrator also has the server's files: the local checkpoints go.
            try FileManager.default.removeItem(atPath: app.auditKeys.checkpointPath)
            try await app.sql.raw("DELETE FROM audit_events WHERE seq > \(bind: last - 1)").run()
            #expect(try await problems(app).isEmpty)
            let withExport = try await AuditVerification.run(app, extra: exported).problems
            #expect(withExport.contains(.truncated(signed: last, last: last - 1)))
            // A checkpoint edited to match the shortened trail is not Cradle's.
            var edited = exported[0]
            edited.seq = last - 1
            #expect(try await AuditVerification.run(app, extra: [edited]).problems.contains(.forgedCheckpoint(seq: last - 1)))
        }
    }

    /// The commands an IG lead runs: `audit checkpoint --out` exports signed checkpoints, and
    /// `audit verify` fails (non-zero) on a tampered trail, also against the exported copy.
    @Test func theAuditCommandsExportCheckpointsAndFailOnTampering() async throws {
        try await withCradle(children: 5) { app in
            func run(_ args: [String]) async throws {
                var context = CommandContext(console: app.console, input: CommandInput(arguments: ["cradle"] + args))
                context.application = app
                try await AuditCommand().run(using: &context)
            }
            var b = try await Browser.signedIn(app)
            for _ in 0..<3 { _ = try await b.get("/people/\(try await child(app))") }
            try await run(["verify"])
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoints-\(UUID().uuidString).jsonl").path
            try await run(["checkpoint", "--out", out])
            let exported = AuditCheckpoint.parse(lines: try String(contentsOfFile: out, encoding: .utf8)).checkpoints
            let head = try await AuditStore.last(app.sql)
            #expect(exported.last?.seq == head.seq && exported.last?.isSigned(by: app.auditKeys.signing.publicKey) == true)
            try FileManager.default.removeItem(atPath: app.auditKeys.checkpointPath)
            try await AuditStore.unprotect(app.sql)
            try await app.sql.raw("DELETE FROM audit_events WHERE seq = \(bind: head.seq)").run()
            await #expect(throws: (any Error).self) { try await run(["verify", "--checkpoints", out]) }
            try? FileManager.default.removeItem(atPath: out)
        }
    }

    @Test func droppedTriggersAreNamedAndRestoredLoudly() async throws {
        try await withCradle(children: 5) { app in
            _ = try await tamperable(app)
            let names = AuditStore.triggers(app.sql)
            #expect(try await AuditVerification.run(app).problems == names.map { .missingTrigger($0) })
            try await prepareStore(app)
            #expect(try await AuditVerification.run(app).problems.isEmpty)
            await #expect(throws: (any Error).self) { try await app.sql.raw("DELETE FROM audit_events").run() }
            if TestStore.postgresURL != nil {
                try await app.sql.raw("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only").run()
                #expect(try await AuditVerification.run(app).problems == [.missingTrigger("audit_events_append_only")])
            }
        }
    }

    /// A trail written before entries were keyed is vouched for once by a signed checkpoint;
    /// what comes after must carry the key.
    @Test func aTrailFromBeforeTheKeyIsSignedOnceAndKeptVerifiable() async throws {
        try await withCradle(children: 5) { app in
            let (_, entries) = try await tamperable(app)
            try FileManager.default.removeItem(atPath: app.auditKeys.checkpointPath)
            var chain = entries
            for i in chain.indices {
                chain[i].prevHash = i == 0 ? AuditEntry.genesis : chain[i - 1].hash
                chain[i].hash = chain[i].legacyHash
                try await rewrite(app, chain[i])
            }
            try await prepareStore(app)
            let signed = try AuditCheckpoints.read(app.auditKeys.checkpointPath).checkpoints
            #expect(signed.count == 1 && signed[0].legacyThrough == chain.last!.seq)
            var b = try await Browser.signedIn(app)
            _ = try await b.get("/people/\(try await child(app))")
            #expect(try await AuditVerification.run(app).problems.isEmpty)
            try await AuditStore.unprotect(app.sql)
            try await app.sql.raw("UPDATE audit_events SET reason = 'edited' WHERE seq = 2").run()
            #expect(try await problems(app).contains(.chain(.altered(seq: 2))))
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
            let result = try await AuditVerification.run(app)
            #expect(result.problems.isEmpty)
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
            #expect(try await AuditVerification.run(app).problems.isEmpty)
        }
    }
}

struct AuditCheckpointTests {
    @Test func checkpointsAreSignedAndReadBack() throws {
        let signer = Curve25519.Signing.PrivateKey()
        let c = try AuditCheckpoint.sign(seq: 12, hash: String(repeating: "a", count: 64), at: "2026-12-04T10:00:00Z", with: signer)
        #expect(c.isSigned(by: signer.publicKey))
        #expect(!c.isSigned(by: Curve25519.Signing.PrivateKey().publicKey))
        var moved = c; moved.seq = 20
        #expect(!moved.isSigned(by: signer.publicKey))
        let read = AuditCheckpoint.parse(lines: c.jsonLine + "\nnot a checkpoint\n\n" + c.jsonLine + "\n")
        #expect(read.checkpoints == [c, c])
        #expect(read.unreadable == [2])
    }

    @Test func keysAreReadAsBase64OrHex() {
        let k = AuditKey.generate()
        #expect(AuditKey(text: k.base64)?.base64 == k.base64)
        let hex = AuditKey(text: String(repeating: "ab", count: 32))
        #expect(hex?.base64 == AuditKey(Array(repeating: UInt8(0xab), count: 32)).base64)
        #expect(AuditKey(text: "too short") == nil)
        #expect(AuditKey(text: String(repeating: "ab", count: 8)) == nil)
    }
}
