import Foundation
import Testing
import Vapor
import SQLKit
@testable import CradleServer
@testable import CradleSQLite

/// Bulk rows come back as they were written: empty and non-ASCII text, text holding COPY's
/// separators, NULLs, numbers and flags, over more than one statement; on SQLite also through a direct connection, which
/// binds text from one shared buffer.
@Suite(.serialized) struct BulkWriterTests {
    static func rows() -> [[BulkCell]] {
        // COPY's own separators and escapes among them: a tab, line breaks, a backslash, `\N`.
        let texts = ["", "plain", "é ünïcödé 👶 ḱ", String(repeating: "long,\"quoted\" ", count: 90), "x",
                     "tab\there", "line\nbreak\r\n", "back\\slash \\N", "\\N"]
        return (0..<13_000).map { i -> [BulkCell] in
            let suffix: String = i % 3 == 0 ? "" : "\(i)"
            let t: BulkCell = i % 7 == 0 ? .null : .text(texts[i % texts.count] + suffix)
            let n: BulkCell = i % 11 == 0 ? .null : .integer(Int64(i) * 1_000_003 - 5_000_000)
            return [.integer(Int64(i + 1)), t, n, .real(Double(i) / 8), .bool(i % 2 == 0)]
        }
    }

    struct Row: Codable, Equatable { var id: Int64; var t: String?; var n: Int64?; var x: Double; var b: Bool }

    func expected() -> [Row] {
        Self.rows().map { r in
            func text(_ c: BulkCell) -> String? { if case .text(let s) = c { return s }; return nil }
            func int(_ c: BulkCell) -> Int64? { if case .integer(let v) = c { return v }; return nil }
            guard case .real(let x) = r[3], case .bool(let b) = r[4] else { fatalError() }
            return Row(id: int(r[0])!, t: text(r[1]), n: int(r[2]), x: x, b: b)
        }
    }

    func writeAndRead(_ db: any SQLDatabase, on app: Application) async throws -> [Row] {
        var w = BulkWriter("bulk_check", ["id", "t", "n", "x", "b"])
        for r in Self.rows() { w.add(r[0], r[1], then: Array(r[2...])) }
        #expect(w.pending == 13_000 && w.rowsPerStatement < 13_000)
        try await w.flush(on: db)
        #expect(w.pending == 0 && w.written == 13_000)
        return try await app.sql.raw("SELECT id, t, n, x, b FROM bulk_check ORDER BY id").all(decoding: Row.self, with: rowDecoder)
    }

    @Test func rowsComeBackAsWritten() async throws {
        try await withCradle(children: 0) { app in
            try await app.sql.raw("CREATE TABLE bulk_check (id BIGINT PRIMARY KEY, t TEXT, n BIGINT, x DOUBLE PRECISION NOT NULL, b BOOLEAN NOT NULL)").run()
            #expect(try await writeAndRead(app.sql, on: app) == expected())
            guard let path = app.sqliteReader?.path else { return }
            try await app.sql.raw("DELETE FROM bulk_check").run()
            let connection = try DirectConnection(path: path, readOnly: false)
            defer { connection.close() }
            #expect(try await writeAndRead(DirectDatabase(connection: connection, base: app.sql), on: app) == expected())
        }
    }
}
