import Foundation
import Testing
import Vapor
import SQLKit
import NIOConcurrencyHelpers
@testable import CradleServer
import CradleCore

/// How an import is written, rather than what it links: batches written while the next is
/// linked give the same links as one batch; a large import into SQLite builds its deferred
/// indexes at the end, also when it fails; a store missing them gets them back. Every test
/// runs on SQLite and on PostgreSQL.
@Suite(.serialized) struct ImportPipelineTests {
    /// Both extracts of the same children in one register, without NHS numbers: the second
    /// extract's records can only link, by weight, to records of earlier rows, many of them
    /// in the batch still being written when they are linked.
    static let register: String = {
        let records = LinkageExtracts.generate(children: 120, seed: 5, today: testToday).records.filter { $0.dateOfBirth != nil && $0.dateOfBirth! <= testToday }
        var csv = "record_id,given_name,family_name,date_of_birth,sex,postcode\n"
        for (i, r) in records.enumerated() {
            csv += CSVReader.line(["R\(i)", r.givenName, r.familyName, r.dateOfBirth!.iso, r.sex?.rawValue ?? "", r.postcode?.normalised ?? ""]) + "\n"
        }
        return csv
    }()

    func source(_ app: Application) async throws -> SourceStore.SourceRow {
        let id = try await SourceStore.create(.init(name: "register", kind: .childrensCentre, format: .csv), on: app.sql)
        return try await SourceStore.find(id, on: app.sql)!
    }

    func job(_ app: Application, batch: Int, deferFrom: Int = 50_000) -> ImportJob {
        ImportJob(database: app.db, today: testToday, batchSize: batch, sqlitePath: app.sqliteReader?.path, deferIndexesFrom: deferFrom)
    }

    /// Each record's link as names, not ids: its kind, the record it was weighed against,
    /// the records it shares a person with, and any review proposed.
    func links(_ app: Application) async throws -> [String: String] {
        struct Row: Codable { var recordId: String; var personId: Int64; var linkKind: String; var candidate: String?; var review: String? }
        let rows = try await app.sql.raw("""
            SELECT r.record_id, r.person_id, r.link_kind, c.record_id AS candidate,
                (SELECT rc.record_id FROM link_reviews lr JOIN source_records rc ON rc.id = lr.candidate_record_id WHERE lr.source_record_id = r.id) AS review
            FROM source_records r LEFT JOIN source_records c ON c.id = r.link_candidate_id
            """).all(decoding: Row.self, with: rowDecoder)
        let together = Dictionary(grouping: rows, by: \.personId).mapValues { $0.map(\.recordId).sorted().joined(separator: " ") }
        return Dictionary(uniqueKeysWithValues: rows.map {
            ($0.recordId, "\($0.linkKind) to \($0.candidate ?? "-") with [\(together[$0.personId]!)] review \($0.review ?? "-")")
        })
    }

    @Test func batchesWrittenWhileTheNextIsLinkedLinkAsOneBatchDoes() async throws {
        var whole: [String: String] = [:]
        try await withCradle(children: 0) { app in
            let outcome = try await job(app, batch: 100_000).run(Data(Self.register.utf8), fileName: "register.csv", source: try await source(app), by: nil)
            #expect(outcome.counts.added > 100)
            whole = try await links(app)
        }
        try await withCradle(children: 0) { app in
            let reports = NIOLockedValueBox<[Int]>([])
            let outcome = try await job(app, batch: 7).run(Data(Self.register.utf8), fileName: "register.csv", source: try await source(app), by: nil) { counts, _ in
                reports.withLockedValue { $0.append(counts.done) }
            }
            let reported = reports.withLockedValue { $0 }
            let batched = try await links(app)
            #expect(batched.count == whole.count)
            for (record, link) in whole where batched[record] != link {
                Issue.record("\(record): \(batched[record] ?? "missing") in batches of 7, \(link) in one")
            }
            // The test means something only if records linked to others, across batches.
            let linked = batched.values.filter { !$0.hasPrefix("new to -") }.count
            #expect(linked > 50, "\(linked) records weighed against another")
            // Progress is reported batch by batch, and stored with each batch.
            #expect(reported.count == (outcome.counts.done + 6) / 7 && reported == reported.sorted())
            let stored = try await app.sql.raw("SELECT rows_done FROM imports WHERE id = \(bind: outcome.importId)").first(decodingColumn: "rows_done", as: Int.self)
            #expect(stored == outcome.counts.done)
        }
    }

    func indexes(_ app: Application) async throws -> [String: String] {
        struct Row: Codable { var name: String; var sql: String }
        let names = DeferredIndexes.all.map(\.name)
        return Dictionary(uniqueKeysWithValues: try await app.sql.raw("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN (\(binds: names))")
            .all(decoding: Row.self, with: rowDecoder).map { ($0.name, $0.sql) })
    }

    @Test func aLargeImportBuildsItsDeferredIndexesOnceAtTheEnd() async throws {
        try await withCradle(children: 0) { app in
            let sqlite = TestStore.postgresURL == nil
            let before = sqlite ? try await indexes(app) : [:]
            if sqlite { #expect(before.count == DeferredIndexes.all.count) }
            let outcome = try await job(app, batch: 25, deferFrom: 1).run(Data(Self.register.utf8), fileName: "register.csv", source: try await source(app), by: nil)
            #expect(outcome.counts.added > 100)
            // On SQLite the indexes were put off and built at the end, exactly as the migrations made them.
            #expect((outcome.timings.indexing > .zero) == sqlite)
            if sqlite { #expect(try await indexes(app) == before) }
            if sqlite, let path = app.sqliteReader?.path {
                // The import's write-ahead log was checkpointed into the database file (the
                // import's own connection does not): the file holds every page.
                let pages = try await app.sql.raw("PRAGMA page_count").first(decodingColumn: "page_count", as: Int.self)!
                let size = try await app.sql.raw("PRAGMA page_size").first(decodingColumn: "page_size", as: Int.self)!
                let file = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
                #expect(file == pages * size)
            }
            // A search by surname and birth date (which uses one of them) finds the imported children.
            let r = try await app.sql.raw("SELECT family_key, date_of_birth FROM people ORDER BY id DESC LIMIT 1").first()!
            let key = try r.decode(column: "family_key", as: String.self), dob = try r.decode(column: "date_of_birth", as: String.self)
            let found = try await app.sql.raw("SELECT COUNT(*) AS n FROM people WHERE family_key = \(bind: key) AND date_of_birth = \(bind: dob)")
                .first(decodingColumn: "n", as: Int.self)
            #expect((found ?? 0) >= 1)
        }
    }

    @Test func anImportThatFailsPartWayKeepsItsBatchesAndTheIndexes() async throws {
        try await withCradle(children: 0) { app in
            let sqlite = TestStore.postgresURL == nil
            let before = sqlite ? try await indexes(app) : [:]
            // The store refuses one child, in the fourth batch of ten.
            var csv = "record_id,given_name,family_name,date_of_birth,sex,postcode\n"
            for i in 0..<60 { csv += "C\(i),\(i == 33 ? "Refused" : "Child\(i)"),Testfamily\(i),2025-0\(1 + i % 9)-1\(i % 10),female,AB1 2AB\n" }
            if sqlite {
                try await app.sql.raw("CREATE TRIGGER refuse_one BEFORE INSERT ON people WHEN NEW.given_name = 'Refused' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END").run()
            } else {
                try await app.sql.raw("""
                    CREATE FUNCTION refuse_one() RETURNS trigger AS $$ BEGIN
                      IF NEW.given_name = 'Refused' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql
                    """).run()
                try await app.sql.raw("CREATE TRIGGER refuse_one BEFORE INSERT ON people FOR EACH ROW EXECUTE FUNCTION refuse_one()").run()
            }
            let src = try await source(app)
            await #expect(throws: (any Error).self) {
                _ = try await job(app, batch: 10, deferFrom: 1).run(Data(csv.utf8), fileName: "children.csv", source: src, by: nil)
            }
            // Three whole batches stored, nothing of the fourth or after.
            #expect(try await app.count("source_records") == 30)
            let status = try await app.sql.raw("SELECT status, rows_done FROM imports").first()!
            #expect(try status.decode(column: "status", as: String.self) == "failed")
            #expect(try status.decode(column: "rows_done", as: Int.self) == 30)
            if sqlite { #expect(try await indexes(app) == before) }
        }
    }

    @Test func aStoreLeftWithoutItsDeferredIndexesGetsThemBack() async throws {
        try await withCradle(children: 0) { app in
            guard TestStore.postgresURL == nil else {
                // PostgreSQL never defers them; restoring is nothing to do there.
                try await DeferredIndexes.restore(on: app.sql)
                return
            }
            let before = try await indexes(app)
            // As a crash between the drop and the rebuild would leave it.
            try await DeferredIndexes.drop(on: app.sql)
            #expect(try await indexes(app).isEmpty)
            try await prepareStore(app)
            #expect(try await indexes(app) == before)
        }
    }
}

/// The same two files in either order give the same models and the same people: every record,
/// the children's and their mothers', is with the same records whichever file came first. On
/// SQLite and PostgreSQL.
@Suite(.serialized) struct ImportOrderTests {
    static let extracts = LinkageExtracts.generate(children: 1_200, seed: 21, today: testToday)

    /// Each record's person, as the records in it, by record id; and the stored models.
    func importBoth(_ order: [LinkageExtracts.File]) async throws -> (people: [String: String], models: LinkModels) {
        var out: ([String: String], LinkModels)? = nil
        try await withCradle(children: 0) { app in
            var sources: [LinkageExtracts.File: SourceStore.SourceRow] = [:]
            for file in LinkageExtracts.File.allCases {
                let id = try await SourceStore.create(.init(name: file.fileName, kind: file.kind, format: .csv), on: app.sql)
                sources[file] = try await SourceStore.find(id, on: app.sql)!
            }
            let job = ImportJob(database: app.db, today: testToday, sqlitePath: app.sqliteReader?.path)
            for file in order {
                let o = try await job.run(Data(Self.extracts.csv(file).utf8), fileName: file.fileName, source: sources[file]!, by: nil)
                #expect(o.counts.rejected == 0, "\(o.problems.filter { !$0.warning })")
            }
            struct Row: Codable { var recordId: String; var personId: Int64 }
            let rows = try await app.sql.raw("SELECT record_id, person_id FROM source_records").all(decoding: Row.self, with: rowDecoder)
            let together = Dictionary(grouping: rows, by: \.personId).mapValues { $0.map(\.recordId).sorted().joined(separator: " ") }
            out = (Dictionary(uniqueKeysWithValues: rows.map { ($0.recordId, together[$0.personId]!) }), try await LinkModelStore.current(on: app.sql)!.models)
        }
        return out!
    }

    @Test func theSameFilesInEitherOrderGiveTheSameModelsAndTheSamePeople() async throws {
        let (healthFirst, modelsA) = try await importBoth(LinkageExtracts.File.allCases)
        let (centreFirst, modelsB) = try await importBoth(LinkageExtracts.File.allCases.reversed())
        #expect(modelsA == modelsB, "the models depend on the order the files came in")
        #expect(healthFirst.count > 4_000 && healthFirst.count == centreFirst.count)
        let differing = healthFirst.keys.filter { healthFirst[$0] != centreFirst[$0] }.sorted()
        #expect(differing.isEmpty,
                "\(differing.count) records linked differently: \(differing.prefix(5).map { "\($0): \(healthFirst[$0]!) / \(centreFirst[$0] ?? "-")" })")
        // The test means something only if the files linked to each other, mothers too.
        #expect(healthFirst.filter { !$0.key.hasSuffix("#parent") && $0.value.contains("H") && $0.value.contains("C") }.count > 1_000)
        #expect(healthFirst.filter { $0.key.hasSuffix("#parent") && $0.value.contains("H") && $0.value.contains("C") }.count > 1_000)
    }

    /// Two Stacey Evanses of one birthday, each named on her children's rows. The centre's row
    /// for Mia gives no postcode, so her mother's record matches both women equally: she is
    /// the one named on Mia's health record, whichever file came first (the stored file's
    /// mothers are known by the child's record they point at).
    @Test func aMotherMatchingTwoWomenEquallyIsTheOneNamedOnHerChildsRecordInEitherOrder() async throws {
        let header = "record_id,nhs_number,given_name,family_name,date_of_birth,sex,postcode,parent_given_name,parent_family_name,parent_date_of_birth,parent_nhs_number,parent_relationship\n"
        let health = header + """
            HL,9990000042,Leo,Evans,2023-01-20,male,ZY5 2ZA,Stacey,Evans,2002-06-30,9990000026,mother
            HK,9990000034,Kai,Evans,2022-03-14,male,ZY3 7TX,Stacey,Evans,2002-06-30,9990000018,mother
            HM,9990000050,Mia,Evans,2024-09-02,female,ZY3 7TX,Stacey,Evans,2002-06-30,9990000018,mother

            """
        let centre = header + """
            CK,,Kai,Evans,14/03/2022,M,ZY3 7TX,Stacey,Evans,30/06/2002,,mother
            CL,,Leo,Evans,20/01/2023,M,ZY5 2ZA,Stacey,Evans,30/06/2002,,mother
            CM,,Mia,Evans,02/09/2024,F,,Stacey,Evans,30/06/2002,,mother

            """
        func importBoth(_ files: [(name: String, kind: SourceKind, text: String)]) async throws -> [String: String] {
            var out: [String: String] = [:]
            try await withCradle(children: 0) { app in
                let job = ImportJob(database: app.db, today: testToday, sqlitePath: app.sqliteReader?.path)
                for f in files {
                    let id = try await SourceStore.create(.init(name: f.name, kind: f.kind, format: .csv), on: app.sql)
                    let o = try await job.run(Data(f.text.utf8), fileName: f.name, source: try await SourceStore.find(id, on: app.sql)!, by: nil)
                    #expect(o.counts.rejected == 0, "\(o.problems)")
                }
                struct Row: Codable { var recordId: String; var personId: Int64 }
                let rows = try await app.sql.raw("SELECT record_id, person_id FROM source_records").all(decoding: Row.self, with: rowDecoder)
                let together = Dictionary(grouping: rows, by: \.personId).mapValues { $0.map(\.recordId).sorted().joined(separator: " ") }
                out = Dictionary(uniqueKeysWithValues: rows.map { ($0.recordId, together[$0.personId]!) })
            }
            return out
        }
        let files = [(name: "child-health.csv", kind: SourceKind.childHealth, text: health), (name: "childrens-centre.csv", kind: SourceKind.childrensCentre, text: centre)]
        let healthFirst = try await importBoth(files), centreFirst = try await importBoth(files.reversed())
        #expect(healthFirst == centreFirst)
        #expect(healthFirst["CM#parent"] == "CK#parent CM#parent HK#parent HM#parent")
        #expect(healthFirst["CL#parent"] == "CL#parent HL#parent")
    }
}
