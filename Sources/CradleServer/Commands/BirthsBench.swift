import Foundation
import Vapor
import SQLKit
import Crypto
import CradleCore

/// `cradle bench births [--births N]`: a national year of birth notifications (600,000 by
/// default) through a maternity feed into an empty demo borough's store, then routed: every
/// centre's monthly lists for the year made and sealed. Prints each phase's time and rate.
enum BirthsBench {
    static func run(_ app: Application, births: Int, print: (String) -> Void) async throws {
        let today = app.settings.today()
        let store = app.settings.databaseURL == nil ? "SQLite (\(app.settings.sqlitePath))" : "PostgreSQL"
        print("Cradle bench births — \(births) birth notifications, \(store)")
        try await prepareStore(app)
        if (try await app.sql.raw("SELECT COUNT(*) AS n FROM people").first(decodingColumn: "n", as: Int.self) ?? 0) > 0 { try await DemoLoader.clear(app.sql) }
        _ = try await DemoLoader.load(app, seed: 1, children: 200, progress: false, today: today)
        try await app.sql.raw("DELETE FROM source_records").run()
        struct Area: Codable { var postcode: String }
        let postcodes = try await app.sql.raw("SELECT postcode FROM postcodes WHERE small_area_id IS NOT NULL ORDER BY postcode")
            .all(decoding: Area.self, with: rowDecoder).map(\.postcode)

        var started = Date()
        let csv = SyntheticBirthFeed.csv(births: births, postcodes: postcodes, today: today)
        print(String(format: "Generated the feed: %d rows, %.0f MB, in %.1f s", births, Double(csv.utf8.count) / 1_000_000, Date().timeIntervalSince(started)))

        let id = try await SourceStore.create(.init(name: "national maternity", kind: .maternity, format: .csv), on: app.sql)
        let source = try await SourceStore.find(id, on: app.sql)!
        // A national feed is loaded 10,000 rows to a transaction (`cradle import --batch`).
        let job = ImportJob(database: app.db, today: today, linker: app.settings.linker, batchSize: 10_000, sqlitePath: app.sqliteReader?.path)
        let total = Date()
        started = Date()
        let parsed = try CSVSource.parse(csv, kind: .maternity, today: today)
        let parse = Date().timeIntervalSince(started)
        print(String(format: "Read and checked: %.1f s (%.0f rows/s), %d problems", parse, Double(births) / parse, parsed.problems.count))
        started = Date()
        let importId = try await SourceStore.startImport(source: id, fileName: "births.csv", total: parsed.total, by: nil, on: app.sql)
        let outcome = try await job.store(parsed, importId: importId, source: source)
        let linked = Date().timeIntervalSince(started)
        print(String(format: "Linked and stored: %.1f s (%.0f births/s): %d added, %d for review",
                     linked, Double(births) / linked, outcome.counts.added, outcome.counts.reviews))
        print("  of which: \(outcome.timings.summary)")

        started = Date()
        let signer = Curve25519.Signing.PrivateKey()
        let centres = try await app.sql.raw("SELECT id, code, name FROM organisations WHERE kind = 'childrens_centre' ORDER BY code")
            .all(decoding: BirthListStore.Centre.self, with: rowDecoder)
        for c in centres { _ = try await BirthListStore.addKey(centre: c.id, Curve25519.KeyAgreement.PrivateKey().publicKey, on: app.sql) }
        // The year's months two at a time, one on each core; each month's lists are made as
        // `cradle birth-list` makes them, reading inline.
        let periods = (0..<12).map { Period(containing: Period(containing: today).first.adding(months: $0 - 11)) }
        var listed = 0, counted = 0, lists = 0
        try await withThrowingTaskGroup(of: [BirthList].self) { group in
            var next = periods.makeIterator()
            func start(_ period: Period) {
                let db = app.inlineSQL
                // On Dispatch's threads: the event loops would take both months on one thread.
                group.addTask(executorPreference: Executors.imports) {
                    try await BirthListJob.makeAll(centres, period: period, today: today, signer: signer, on: db).map { try $0.result.get().list }
                }
            }
            for _ in 0..<2 { if let p = next.next() { start(p) } }
            for try await made in group {
                for list in made { listed += list.entries.count; counted += list.birthsInArea; lists += 1 }
                if let p = next.next() { start(p) }
            }
        }
        let route = Date().timeIntervalSince(started)
        print(String(format: "Routed: %d sealed lists (%d centres × 12 months) in %.1f s: %d consented births listed of %d counted",
                     lists, centres.count, route, listed, counted))
        let all = Date().timeIntervalSince(total)
        print(String(format: "Total, notification to sealed list: %.1f s for %d births (%.0f births/s)", all, births, Double(births) / all))
        print(String(format: "Peak resident memory: %.0f MiB", LinkageBench.peakMemoryMiB()))
        print("Target: a national year (600,000 births) routed in ≤ 60 s.")
    }
}
