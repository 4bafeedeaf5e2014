import Testing
import Vapor
import SQLKit
import PostgresKit
import NIOConcurrencyHelpers
@testable import CradleServer
@testable import CradleSQLite

/// A request's reads on SQLite run on read connections of their own (`SQLiteReader`); on
/// PostgreSQL the request's database is Fluent's. Either way it must read what the
/// application's database reads, and write what it writes.
@Suite(.serialized) struct SQLiteReaderTests {
    private func requestSQL(_ app: Application) -> any SQLDatabase {
        Request(application: app, on: app.eventLoopGroup.any()).sql
    }

    @Test func onlySelectAndWithAreTriedOnAReadConnection() {
        #expect(SQLiteReader.looksLikeRead("SELECT 1"))
        #expect(SQLiteReader.looksLikeRead("  \n\tselect * FROM people"))
        #expect(SQLiteReader.looksLikeRead("WITH t AS (SELECT 1) SELECT * FROM t"))
        #expect(!SQLiteReader.looksLikeRead("INSERT INTO people DEFAULT VALUES"))
        #expect(!SQLiteReader.looksLikeRead("BEGIN"))
        #expect(!SQLiteReader.looksLikeRead("SAVEPOINT a"))
        #expect(!SQLiteReader.looksLikeRead("PRAGMA busy_timeout"))
        #expect(!SQLiteReader.looksLikeRead("SELECTED"))
        #expect(!SQLiteReader.looksLikeRead(""))
    }

    @Test func aRequestReadsRowForRowWhatTheApplicationReads() async throws {
        try await withCradle(children: 30) { app in
            struct Row: Decodable, Equatable {
                var id: Int64; var givenName: String; var nhsNumber: String?; var dateOfBirth: String?
                var birthWeightGrams: Int?; var kind: String; var version: Int; var share: Double?; var isChild: Bool
            }
            let query: SQLQueryString = """
                SELECT id, given_name, nhs_number, date_of_birth, birth_weight_grams, kind, version,
                       CAST(birth_weight_grams AS DOUBLE PRECISION) / 1000 AS share, kind = 'child' AS is_child
                FROM people WHERE id > \(bind: Int64(0)) AND kind IN (\(bind: "child"), \(bind: "adult")) ORDER BY id
                """
            let before = app.sqliteReader?.inlineReads.load(ordering: .relaxed) ?? 0
            let viaRequest = try await requestSQL(app).raw(query).all(decoding: Row.self, with: rowDecoder)
            let viaApp = try await app.sql.raw(query).all(decoding: Row.self, with: rowDecoder)
            #expect(viaRequest.count > 30)
            #expect(viaRequest == viaApp)
            #expect(viaRequest.contains { $0.nhsNumber == nil } || viaRequest.contains { $0.birthWeightGrams == nil })
            if TestStore.postgresURL == nil {
                // The read really ran on a read connection.
                #expect(try #require(app.sqliteReader).inlineReads.load(ordering: .relaxed) == before + 1)
            }
        }
    }

    @Test func writesThroughARequestStillWriteAndAreReadBackAtOnce() async throws {
        try await withCradle(children: 3) { app in
            let sql = requestSQL(app)
            let id = try #require(try await sql.raw("SELECT MIN(id) AS id FROM people").first(decodingColumn: "id", as: Int64.self))
            try await sql.raw("UPDATE people SET given_name = \(bind: "Rewritten") WHERE id = \(bind: id)").run()
            #expect(try await sql.raw("SELECT given_name FROM people WHERE id = \(bind: id)").first(decodingColumn: "given_name", as: String.self) == "Rewritten")
            // A WITH that writes is a write: it goes to the writer and happens.
            try await sql.raw("WITH t AS (SELECT \(bind: id) AS pid) UPDATE people SET given_name = 'Again' WHERE id IN (SELECT pid FROM t)").run()
            #expect(try await app.sql.raw("SELECT given_name FROM people WHERE id = \(bind: id)").first(decodingColumn: "given_name", as: String.self) == "Again")
        }
    }

    @Test func aBadQueryReportsTheDatabaseError() async throws {
        try await withCradle(children: 1) { app in
            do {
                _ = try await requestSQL(app).raw("SELECT no_such_column FROM people").all()
                Issue.record("a query naming a missing column ran")
            } catch {
                #expect(String(reflecting: error).lowercased().contains("no_such_column"), "\(String(reflecting: error))")
            }
        }
    }

    @Test func aReadConnectionNeverWrites() async throws {
        guard TestStore.postgresURL == nil else { return }
        try await withCradle(children: 2) { app in
            let reader = try #require(app.sqliteReader)
            let before = try await app.count("people")
            for statement in ["INSERT INTO people (kind, given_name, family_name, sex) VALUES ('child', 'X', 'Y', 'female')",
                              "WITH t AS (SELECT 1) INSERT INTO people (kind, given_name, family_name, sex) SELECT 'child', 'X', 'Y', 'female' FROM t",
                              "DELETE FROM people"] {
                #expect(try reader.read(statement, []) { _ in } == false, "\(statement)")
            }
            // Even when told it is a read, the connection refuses to write.
            let connection = try DirectConnection(path: reader.path, readOnly: true)
            defer { connection.close() }
            let insert = try #require(connection.cachedStatement("""
                INSERT INTO people (kind, relationship, given_name, family_name, given_key, family_key, sex, version, created_at)
                VALUES ('child', 'child', 'X', 'Y', 'x', 'y', 'female', 1, '2026-11-27')
                """))
            let refused = #expect(throws: DirectSQLiteError.self) { try insert.run([], on: connection) { _ in } }
            #expect(refused?.code == 8, "SQLITE_READONLY, not some other failure: \(String(describing: refused))")
            #expect(try await app.count("people") == before)
        }
    }

    @Test func moreDistinctQueriesThanTheCacheHoldsAllReadRight() async throws {
        guard TestStore.postgresURL == nil else { return }
        try await withCradle(children: 2) { app in
            let reader = try #require(app.sqliteReader)
            for n in 0..<600 {
                var got: [Int] = []
                #expect(try reader.read("SELECT \(n) + ? AS n", [1]) { got.append(try! $0.decode(column: "n", as: Int.self)) })
                #expect(got == [n + 1])
            }
        }
    }

    @Test func concurrentReadsAndWritesEachSeeWholeRows() async throws {
        try await withCradle(children: 10) { app in
            let ids = try await app.sql.raw("SELECT id FROM people ORDER BY id LIMIT 8").all(decodingColumn: "id", as: Int64.self)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (i, id) in ids.enumerated() {
                    group.addTask {
                        let sql = self.requestSQL(app)
                        for round in 0..<25 {
                            let name = "Round\(i)x\(round)"
                            try await sql.raw("UPDATE people SET given_name = \(bind: name) WHERE id = \(bind: id)").run()
                            let read = try await sql.raw("SELECT given_name FROM people WHERE id = \(bind: id)").first(decodingColumn: "given_name", as: String.self)
                            #expect(read == name)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func onPostgreSQLAReadIsPreparedOnceAndItsPlanKept() async throws {
        guard TestStore.postgresURL != nil else { return }
        try await withCradle(children: 10) { app in
            let postgres = try #require(app.db as? any PostgresDatabase)
            let sql = "SELECT id, given_name FROM people WHERE id >= $1 AND kind = $2 ORDER BY id"
            let (bindings, types) = try #require(PreparedReads.bindings([Int64(1), "child"]))
            let statement = try #require(PreparedStatements.shared.statement(for: sql, types: types))
            let (rows, prepared) = try await postgres.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    let ids = NIOLockedValueBox<[Int64]>([])
                    for _ in 0..<2 {
                        _ = try await PreparedStatements.shared.run(statement, bindings, on: connection, logger: app.logger) { row in
                            ids.withLockedValue { $0.append(try! row.decode(Int64.self, context: .default)) }
                        }
                    }
                    // The same connection lists the statement once, prepared under its name.
                    let names = try await connection.query("SELECT name FROM pg_prepared_statements", logger: app.logger)
                    var found: [String] = []
                    for try await (name) in names.decode(String.self) { found.append(name) }
                    return (ids.withLockedValue { $0 }, found)
                }
            }.get()
            let children = try await app.sql.raw("SELECT id FROM people WHERE kind = 'child' ORDER BY id").all(decodingColumn: "id", as: Int64.self)
            #expect(rows == children + children)
            #expect(prepared.filter { $0 == statement.name }.count == 1, "\(prepared)")
        }
    }

    @Test func onPostgreSQLAReadThatCannotBePreparedStillReads() async throws {
        try await withCradle(children: 3) { app in
            // A nil bind has no type for PostgreSQL to prepare with: it runs unprepared.
            let missing: String? = nil
            let n = try await requestSQL(app).raw("SELECT COUNT(*) AS n FROM people WHERE \(bind: missing) IS NULL")
                .first(decodingColumn: "n", as: Int.self)
            #expect(n == (try await app.count("people")))
        }
    }

    /// A prepared read takes its connection in its own task; with no database to reach it
    /// must fail with the pool's error, not wait for ever. Needs no PostgreSQL server.
    @Test func aPreparedReadWithNoConnectionToHaveFails() async throws {
        let app = try await Application.make(.testing)
        let nowhere = SQLPostgresConfiguration(hostname: "127.0.0.1", port: 1, username: "cradle", password: nil, database: "cradle", tls: .disable)
        app.databases.use(.postgres(configuration: nowhere, connectionPoolTimeout: .seconds(2)), as: .psql)
        let db = app.db
        let reads = PreparedReads(base: db as! any SQLDatabase, postgres: db as! any PostgresDatabase)
        await #expect(throws: (any Error).self) { try await reads.raw("SELECT 1 AS n").all() }
        try await app.asyncShutdown()
    }
}
