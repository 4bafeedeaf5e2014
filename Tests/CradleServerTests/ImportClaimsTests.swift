import Foundation
import Testing
import Vapor
import SQLKit
@testable import CradleServer
import CradleCore

/// Imports take turns through the store, as several servers sharing one would: one runs at a
/// time, oldest first; a dead runner's import is resumed by another once its lease lapses,
/// without a row twice; a runner whose lease passed on writes nothing more; a starting server
/// leaves alone what another still holds. On SQLite and on PostgreSQL.
@Suite struct ImportClaimsTests {
    /// A children's-centre register of `count` children with birth dates, as CSV.
    func register(_ count: Int, seed: UInt64 = 5) -> (csv: String, good: Int) {
        let records = LinkageExtracts.generate(children: count, seed: seed, today: testToday).records.filter { $0.dateOfBirth != nil && $0.source == 1 }
        var csv = "record_id,given_name,family_name,date_of_birth,sex,postcode\n"
        for (i, r) in records.enumerated() {
            csv += CSVReader.line(["R\(seed)-\(i)", r.givenName, r.familyName, r.dateOfBirth!.iso, r.sex?.rawValue ?? "", r.postcode?.normalised ?? ""]) + "\n"
        }
        return (csv, (try? CSVSource.parse(csv, kind: .childrensCentre, today: testToday).rows.count) ?? 0)
    }

    func source(_ app: Application) async throws -> SourceStore.SourceRow {
        let id = try await SourceStore.create(.init(name: "register", kind: .childrensCentre, format: .csv), on: app.sql)
        return try await SourceStore.find(id, on: app.sql)!
    }

    func queue(_ app: Application, _ source: SourceStore.SourceRow, _ csv: String, name: String) async throws -> Int64 {
        let parsed = try CSVSource.parse(csv, kind: .childrensCentre, today: testToday)
        return try await ImportClaims.queue(source: source.id, fileName: name, total: parsed.total, header: parsed.header, by: nil,
                                            data: Data(csv.utf8), on: app.db)
    }

    func runner(_ app: Application, owner: String, lease: Int64, batch: Int = 1_000) -> ImportRunner {
        var job = ImportJob(database: app.db, today: testToday, sqlitePath: app.sqliteReader?.path)
        job.batchSize = batch
        return ImportRunner(job: job, today: { testToday }, owner: owner, lease: lease, logger: app.logger)
    }

    func status(_ app: Application, _ id: Int64) async throws -> String {
        try await app.sql.raw("SELECT status FROM imports WHERE id = \(bind: id)").first(decodingColumn: "status", as: String.self)!
    }

    @Test func oneImportRunsAtATimeOldestFirst() async throws {
        try await withCradle(children: 0) { app in
            let s = try await source(app)
            let first = try await queue(app, s, register(30, seed: 1).csv, name: "first.csv")
            let second = try await queue(app, s, register(30, seed: 2).csv, name: "second.csv")
            let a = runner(app, owner: "server-a", lease: 60_000), b = runner(app, owner: "server-b", lease: 60_000)
            let claimed = try await ImportClaims.claim(owner: a.owner, lease: a.lease, on: app.db)
            #expect(claimed?.importId == first)
            #expect(claimed?.resumedFrom == nil)
            // While server A's lease is live, nobody else starts one, not even the next in line.
            #expect(try await ImportClaims.claim(owner: b.owner, lease: b.lease, on: app.db) == nil)
            #expect(try await ImportClaims.claim(owner: a.owner, lease: a.lease, on: app.db) == nil)
            try await a.execute(claimed!)
            #expect(try await status(app, first) == "done")
            #expect(try await app.count("import_files") == 1, "a finished import's file is let go")
            let next = try await ImportClaims.claim(owner: b.owner, lease: b.lease, on: app.db)
            #expect(next?.importId == second)
            try await b.execute(next!)
            #expect(try await status(app, second) == "done")
            #expect(try await app.count("import_files") == 0)
        }
    }

    @Test func aDeadServersImportIsResumedByAnotherAfterItsLeaseWithoutARowTwice() async throws {
        try await withCradle(children: 0) { app in
            let s = try await source(app)
            let (csv, good) = register(400, seed: 3)
            #expect(good > 300)
            let id = try await queue(app, s, csv, name: "register.csv")
            let lease: Int64 = 3_000
            _ = try #require(try await ImportClaims.claim(owner: "server-a", lease: lease, on: app.db))
            // Server A stops dead after its first batches: nothing more is written, and its
            // lease is no longer renewed (it lapses).
            var job = ImportJob(database: app.db, today: testToday, batchSize: 50, sqlitePath: app.sqliteReader?.path)
            job.runner = "server-a"
            let parsed = try CSVSource.parse(csv, kind: .childrensCentre, today: testToday)
            let dying = Task { [job] in
                try await job.store(parsed, importId: id, source: s) { counts, _ in
                    if counts.done >= 100 { withUnsafeCurrentTask { $0?.cancel() } }
                }
            }
            _ = try? await dying.value
            #expect(try await status(app, id) == "running")
            // Its lease, as it last renewed it, still has a while to run.
            try await app.sql.raw("UPDATE imports SET lease_until = \(bind: ImportClaims.now() + lease) WHERE id = \(bind: id)").run()
            let partial = try await app.count("source_records")
            #expect(partial > 0 && partial < good, "stopped with \(partial) of \(good) stored")

            let b = runner(app, owner: "server-b", lease: 60_000)
            #expect(try await ImportClaims.claim(owner: b.owner, lease: b.lease, on: app.db) == nil, "A's lease is still live")
            try await Task.sleep(for: .milliseconds(Int64(lease) + 100))
            let resumed = try #require(try await ImportClaims.claim(owner: b.owner, lease: b.lease, on: app.db))
            #expect(resumed.importId == id)
            let from = try #require(resumed.resumedFrom)
            #expect(from.done > 0 && from.added == from.done - from.rejected)
            try await b.execute(resumed)
            #expect(try await status(app, id) == "done")
            #expect(try await app.count("source_records") == good)
            let distinct = try await app.sql.raw("SELECT COUNT(DISTINCT record_id) AS n FROM source_records").first(decodingColumn: "n", as: Int.self)
            #expect(distinct == good)
            let counts = try await SourceStore.findImport(id, on: app.sql)!
            #expect(counts.added == good && counts.rowsDone == counts.rowsTotal, "the report counts every row once: \(counts.added) added of \(good)")
        }
    }

    @Test func aRunnerWhoseLeasePassedOnWritesNothingMore() async throws {
        try await withCradle(children: 0) { app in
            let s = try await source(app)
            let id = try await queue(app, s, register(40, seed: 4).csv, name: "register.csv")
            let a = runner(app, owner: "server-a", lease: 60_000)
            _ = try #require(try await ImportClaims.claim(owner: a.owner, lease: a.lease, on: app.db))
            // Server B took it over (A was thought dead).
            try await app.sql.raw("UPDATE imports SET runner = 'server-b' WHERE id = \(bind: id)").run()
            #expect(try await ImportClaims.renew(id, owner: "server-a", lease: 60_000, on: app.sql) == false)
            await #expect(throws: ImportLeaseLost.self) {
                try await SourceStore.progress(id, ImportCounts(done: 5, added: 5), runner: "server-a", on: app.sql)
            }
            // A's batch is rolled back with its progress: nothing of A's is stored.
            let parsed = try CSVSource.parse(register(40, seed: 4).csv, kind: .childrensCentre, today: testToday)
            var job = ImportJob(database: app.db, today: testToday, sqlitePath: app.sqliteReader?.path)
            job.runner = "server-a"
            await #expect(throws: ImportLeaseLost.self) { _ = try await job.store(parsed, importId: id, source: s) }
            #expect(try await app.count("source_records") == 0)
            #expect(try await status(app, id) == "running", "B's import is left as B has it")
        }
    }

    @Test func aStartingServerInterruptsOnlyWhatNobodyCanFinish() async throws {
        try await withCradle(children: 0) { app in
            let s = try await source(app)
            let held = try await ImportClaims.reserve(source: s.id, fileName: "held.csv", total: 1, header: nil, by: nil, owner: "cli-1",
                                                      lease: 60_000, on: app.sql)
            let lapsed = try await ImportClaims.reserve(source: s.id, fileName: "lapsed.csv", total: 1, header: nil, by: nil, owner: "cli-2",
                                                        lease: 1, on: app.sql)
            let queued = try await queue(app, s, register(10, seed: 6).csv, name: "queued.csv")
            try await Task.sleep(for: .milliseconds(20))
            try await ImportClaims.interruptExpired(on: app.sql)
            #expect(try await status(app, held) == "queued", "another process still holds its turn")
            #expect(try await status(app, lapsed) == "interrupted")
            #expect(try await status(app, queued) == "queued", "a stored file waits for any server")
            // cradle import's own turn comes after the imports queued before it, and only to it.
            #expect(try await ImportClaims.claim(owner: "server-a", lease: 60_000, on: app.db) == nil, "cli-1's turn comes first")
            try await app.sql.raw("UPDATE imports SET status = 'done' WHERE id = \(bind: held)").run()
            #expect(try await ImportClaims.claim(owner: "server-a", lease: 60_000, on: app.db)?.importId == queued)
        }
    }

    /// Two `cradle import`-style runs at once from two processes' owners: the second waits for
    /// the first's turn to end, and both files are stored whole.
    @Test func twoRunsAtOnceTakeTurns() async throws {
        try await withCradle(children: 0) { app in
            let s = try await source(app)
            let one = register(120, seed: 8), two = register(120, seed: 9)
            var job = ImportJob(database: app.db, today: testToday, batchSize: 20, sqlitePath: app.sqliteReader?.path)
            // Long enough that a test machine kept busy never lets a live run's lease lapse.
            job.lease = 30_000
            let j = job
            async let a = j.run(Data(one.csv.utf8), fileName: "one.csv", source: s, by: nil)
            async let b = j.run(Data(two.csv.utf8), fileName: "two.csv", source: s, by: nil)
            let (ra, rb) = try await (a, b)
            #expect(ra.counts.added == one.good && rb.counts.added == two.good)
            #expect(try await app.count("source_records") == one.good + two.good)
            let rows = try await app.sql.raw("SELECT status FROM imports ORDER BY id").all(decodingColumn: "status", as: String.self)
            #expect(rows == ["done", "done"])
        }
    }
}
