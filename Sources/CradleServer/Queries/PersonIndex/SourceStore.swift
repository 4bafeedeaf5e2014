import Foundation
import Fluent
import SQLKit
import CradleCore

/// Registered source systems and their imports.
enum SourceStore {
    struct SourceRow: Codable, Sendable {
        var id: Int64
        var name: String
        var kind: String
        var format: String
        var createdAt: String
        var records: Int?
        var lastImport: String?
        var sourceKind: SourceKind { SourceKind(rawValue: kind) ?? .childHealth }
        var sourceFormat: SourceFormat { SourceFormat(rawValue: format) ?? .csv }
    }

    struct ImportRow: Codable, Sendable {
        var id: Int64
        var sourceId: Int64
        var sourceName: String
        var fileName: String
        var status: String
        var refusedReason: String?
        var rowsTotal: Int
        var rowsDone: Int
        var added: Int
        var updated: Int
        var unchanged: Int
        var rejected: Int
        var reviews: Int
        var problems: String
        var startedAt: String
        var finishedAt: String?
        var problemList: [RowProblem] { (try? JSONDecoder().decode([RowProblem].self, from: Data(problems.utf8))) ?? [] }
        var counts: ImportCounts {
            ImportCounts(done: rowsDone, added: added, updated: updated, unchanged: unchanged, rejected: rejected, reviews: reviews)
        }
        /// Queued or running: not ended yet.
        var isRunning: Bool { status == "running" || status == "queued" }
    }

    /// What registering a source needs: a short unique name, a kind and a format.
    struct SourceInput: Sendable {
        var name: String
        var kind: SourceKind
        var format: SourceFormat

        static func validate(_ fields: [String: String]) -> Result<SourceInput, FieldErrors> {
            var f = FieldReader(fields)
            let name = f.text("name", label: "Name", max: 60)
            if let name, !isPlainName(name) {
                f.errors.add("name", "Name may hold letters, digits, spaces, dots, dashes and underscores only")
            }
            let kind = f.choice("kind", label: "Kind of system", as: SourceKind.self)
            let format = f.choice("format", label: "Format", as: SourceFormat.self)
            if kind == .antenatal, format == .fhir { f.errors.add("format", "Antenatal bookings are read from CSV files") }
            guard f.errors.isEmpty, let name, let kind, let format else { return .failure(f.errors) }
            return .success(SourceInput(name: name, kind: kind, format: format))
        }
    }

    /// Names of sources and system clients: letters, digits, spaces, dots, dashes, underscores
    /// (they are typed on command lines and shown in the audit trail).
    static func isPlainName(_ name: String) -> Bool {
        name.allSatisfy { $0.isLetter || $0.isNumber || "-_. ".contains($0) }
    }

    static func create(_ input: SourceInput, on db: any SQLDatabase) async throws -> Int64 {
        if try await byName(input.name, on: db) != nil { throw InvalidInput("name", "A source called \(input.name) is already registered") }
        return try await db.insert(into: "source_systems").columns("name", "kind", "format", "created_at")
            .values(SQLBind(input.name), SQLBind(input.kind.rawValue), SQLBind(input.format.rawValue), SQLBind(ISO8601DateFormatter.now))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    static let sourceColumns: SQLQueryString = """
        SELECT s.id, s.name, s.kind, s.format, s.created_at,
            (SELECT COUNT(*) FROM source_records r WHERE r.source_id = s.id) AS records,
            (SELECT MAX(i.started_at) FROM imports i WHERE i.source_id = s.id) AS last_import
        FROM source_systems s
        """

    static func all(on db: any SQLDatabase) async throws -> [SourceRow] {
        try await db.raw(sourceColumns + " ORDER BY s.name").all(decoding: SourceRow.self, with: rowDecoder)
    }

    static func find(_ id: Int64, on db: any SQLDatabase) async throws -> SourceRow? {
        try await db.raw(sourceColumns + " WHERE s.id = \(bind: id)").first(decoding: SourceRow.self, with: rowDecoder)
    }

    static func byName(_ name: String, on db: any SQLDatabase) async throws -> SourceRow? {
        try await db.raw(sourceColumns + " WHERE s.name = \(bind: name)").first(decoding: SourceRow.self, with: rowDecoder)
    }

    // MARK: imports

    static func startImport(source: Int64, fileName: String, total: Int, header: String? = nil, by practitioner: Int64?,
                            status: String = "running", on db: any SQLDatabase) async throws -> Int64 {
        try await db.insert(into: "imports")
            .columns("source_id", "file_name", "status", "rows_total", "rows_done", "added", "updated", "unchanged", "rejected", "reviews",
                     "problems", "header", "started_by", "started_at")
            .values(SQLBind(source), SQLBind(fileName), SQLBind(status), SQLBind(total), SQLBind(0), SQLBind(0), SQLBind(0), SQLBind(0),
                    SQLBind(0), SQLBind(0), SQLBind("[]"), SQLBind(header), SQLBind(practitioner), SQLBind(ISO8601DateFormatter.now))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    /// A file refused whole is still logged, so the sender can be told why.
    static func logRefused(source: Int64, fileName: String, reason: String, by practitioner: Int64?, on db: any SQLDatabase) async throws -> Int64 {
        let id = try await startImport(source: source, fileName: fileName, total: 0, by: practitioner, on: db)
        try await db.raw("""
            UPDATE imports SET status = 'refused', refused_reason = \(bind: reason), finished_at = \(bind: ISO8601DateFormatter.now)
            WHERE id = \(bind: id)
            """).run()
        return id
    }

    /// The import's counts, written with each batch. With `runner`, only while the import is
    /// still that runner's: otherwise the batch is rolled back (`ImportLeaseLost`).
    static func progress(_ id: Int64, _ c: ImportCounts, runner: String? = nil, on db: any SQLDatabase) async throws {
        let held = try await db.raw("""
            UPDATE imports SET rows_done = \(bind: c.done), added = \(bind: c.added), updated = \(bind: c.updated),
                unchanged = \(bind: c.unchanged), rejected = \(bind: c.rejected), reviews = \(bind: c.reviews)
            WHERE id = \(bind: id)
            """ + (runner.map { " AND runner = \(bind: $0)" } ?? "") + " RETURNING id").first(decodingColumn: "id", as: Int64.self)
        if held == nil, runner != nil { throw ImportLeaseLost(importId: id) }
    }

    /// Ends the import: its counts, report and status, and its stored file is let go.
    static func finish(_ id: Int64, _ c: ImportCounts, problems: [RowProblem], status: String, runner: String? = nil,
                       on db: any SQLDatabase) async throws {
        try await progress(id, c, runner: runner, on: db)
        let json = String(decoding: try JSONEncoder().encode(problems), as: UTF8.self)
        try await db.raw("""
            UPDATE imports SET status = \(bind: status), problems = \(bind: json), finished_at = \(bind: ISO8601DateFormatter.now),
                lease_until = NULL
            WHERE id = \(bind: id)
            """).run()
        try await db.raw("DELETE FROM import_files WHERE import_id = \(bind: id)").run()
    }

    static let importColumns: SQLQueryString = """
        SELECT i.id, i.source_id, s.name AS source_name, i.file_name, i.status, i.refused_reason, i.rows_total, i.rows_done, i.added,
            i.updated, i.unchanged, i.rejected, i.reviews, i.problems, i.started_at, i.finished_at
        FROM imports i JOIN source_systems s ON s.id = i.source_id
        """

    static func findImport(_ id: Int64, on db: any SQLDatabase) async throws -> ImportRow? {
        try await db.raw(importColumns + " WHERE i.id = \(bind: id)").first(decoding: ImportRow.self, with: rowDecoder)
    }

    /// The page's latest 50; over the API, a page of all, newest first (`page`).
    static func imports(source: Int64, page: APIPage? = nil, on db: any SQLDatabase) async throws -> [ImportRow] {
        try await db.raw(importColumns + " WHERE i.source_id = \(bind: source)" + (page?.byId("i.id", filtered: true) ?? " ORDER BY i.id DESC LIMIT 50"))
            .all(decoding: ImportRow.self, with: rowDecoder)
    }
}

/// An import's running totals, in rows of the file.
struct ImportCounts: Sendable, Equatable, Codable {
    var done = 0, added = 0, updated = 0, unchanged = 0, rejected = 0, reviews = 0
}
