import Testing
import Vapor
import VaporTesting
import SQLKit
import Fluent
import AsyncKit
import NIOConcurrencyHelpers
@testable import CradleServer
import CradleSQLite

@Suite(.serialized) struct StorageTests {
    @Test func concurrentWritesAllSucceed() async throws {
        // The whole suite runs at once on two cores: the writers may queue for minutes, and
        // this asks only that none fails while it waits.
        try await withCradle(children: 5, settings: { $0.connectionWait = 600 }) { app in
            let headers = try await apiToken(app)
            let before = try await app.count("people")
            // 40 writers at once: on SQLite each must wait for the write lock, never fail.
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        let body = #"{"kind":"child","givenName":"Writer\#(i)","familyName":"Concurrent","sex":"female","dateOfBirth":"2025-01-0\#(i % 9 + 1)","postcode":"ZY1 1AB"}"#
                        return try await app.send(.POST, "/api/v1/people", headers: headers, body: body).status
                    }
                }
                var all: [HTTPStatus] = []
                for try await s in group { all.append(s) }
                return all
            }
            #expect(statuses.allSatisfy { $0 == .created }, "statuses: \(statuses)")
            #expect(try await app.count("people") == before + 40)
        }
    }

    @Test func aRequestThatFindsEveryConnectionBusyIsToldToRetryAndSavesNothing() async throws {
        try await withCradle(children: 5, settings: { $0.connectionWait = 1 }) { app in
            let headers = try await apiToken(app)
            let before = try await app.count("people")
            let loops = Array(app.eventLoopGroup.makeIterator())
            let dbs = loops.map { app.databases.database(logger: app.logger, on: $0)! }
            let res = try await holdingEveryConnection(of: dbs) {
                let body = #"{"kind":"child","givenName":"Waiting","familyName":"Busy","sex":"female","dateOfBirth":"2025-01-01","postcode":"ZY1 1AB"}"#
                return try await app.send(.POST, "/api/v1/people", headers: headers, body: body)
            }
            #expect(res.status == .serviceUnavailable)
            #expect(res.headers.first(name: "Retry-After") == "5")
            #expect(res.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            #expect(res.text.contains("Cradle is busy"))
            #expect(try await app.count("people") == before)
            // Once the connections are free, the same request is saved.
            let again = try await app.send(.POST, "/api/v1/people", headers: headers,
                body: #"{"kind":"child","givenName":"Waiting","familyName":"Busy","sex":"female","dateOfBirth":"2025-01-01","postcode":"ZY1 1AB"}"#)
            #expect(again.status == .created)
        }
    }

    /// Takes connections from each pool until one more cannot be had, runs `body`, and lets
    /// them all go.
    private func holdingEveryConnection<T: Sendable>(of dbs: [any Database], _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        guard let db = dbs.first else { return try await body() }
        let entered = NIOLockedValueBox(false)
        do {
            return try await db.withConnection { _ in
                entered.withLockedValue { $0 = true }
                return try await holdingEveryConnection(of: dbs, body)
            }
        } catch is ConnectionPoolTimeoutError where !entered.withLockedValue({ $0 }) {
            return try await holdingEveryConnection(of: Array(dbs.dropFirst()), body)
        }
    }

    @Test func sqliteConnectionsUseWALAndABusyTimeout() async throws {
        guard TestStore.postgresURL == nil else { return }
        try await withCradle(children: 0) { app in
            for eventLoop in app.eventLoopGroup.makeIterator() {
                let db = app.databases.database(logger: app.logger, on: eventLoop)! as! any SQLDatabase
                let timeout = try await db.raw("PRAGMA busy_timeout").first(decodingColumn: "timeout", as: Int.self)
                let mode = try await db.raw("PRAGMA journal_mode").first(decodingColumn: "journal_mode", as: String.self)
                #expect(timeout == Int(DirectConnection.busyTimeout) && (timeout ?? 0) >= 15_000)
                #expect(mode == "wal")
            }
        }
    }

    @Test func demoBoroughLoadsTheRequestedChildren() async throws {
        try await withCradle(children: 120) { app in
            let children = try await app.sql.raw("SELECT COUNT(*) AS n FROM people WHERE kind = 'child'").first(decodingColumn: "n", as: Int.self)
            #expect(children == 120)
            #expect(try await app.count("contacts") > 100)
            #expect(try await app.count("practitioners") > 50)
            // Every child's NHS number is in the 999 test range.
            let outside = try await app.sql.raw("SELECT COUNT(*) AS n FROM people WHERE nhs_number IS NOT NULL AND nhs_number NOT LIKE '999%'")
                .first(decodingColumn: "n", as: Int.self)
            #expect(outside == 0)
        }
    }
}

struct RowDecoderTests {
    @Test func propertyNamesBecomeSnakeCaseColumns() {
        #expect(RowDecoder.column("familyName") == "family_name")
        #expect(RowDecoder.column("gpPracticeName") == "gp_practice_name")
        #expect(RowDecoder.column("id") == "id")
        #expect(RowDecoder.column("aVeryLongPropertyNameIndeed") == "a_very_long_property_name_indeed")
    }

    @Test func nullAndUnselectedOptionalsReadAsNilAndAMissingColumnIsAnError() async throws {
        try await withCradle(children: 2) { app in
            struct Row: Decodable { var id: Int64; var familyName: String; var nhsNumber: String?; var notSelected: Int64? }
            struct Needs: Decodable { var id: Int64; var notSelected: String }
            let sql = "SELECT id, family_name, CAST(NULL AS TEXT) AS nhs_number FROM people ORDER BY id LIMIT 1"
            let row = try #require(try await app.sql.raw(SQLQueryString(sql)).first(decoding: Row.self, with: rowDecoder))
            #expect(row.id > 0 && !row.familyName.isEmpty)
            #expect(row.nhsNumber == nil && row.notSelected == nil)
            await #expect(throws: (any Error).self) { try await app.sql.raw(SQLQueryString(sql)).all(decoding: Needs.self, with: rowDecoder) }
        }
    }
}
