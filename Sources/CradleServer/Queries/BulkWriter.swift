import SQLKit
import SQLiteNIO
import NIOConcurrencyHelpers
import Logging
import CradleSQLite

/// Buffers rows for one table and writes them as multi-row INSERTs, as many rows per
/// statement as the database's bind limit allows. Used by imports, the demo loader and
/// benchmarks. Rows are kept as `BulkCell`s, one after another, so that nothing is converted
/// or allocated per value when they are bound.
struct BulkWriter {
    let table: String
    let columns: [String]
    /// The buffered rows' values, row after row.
    private(set) var cells: [BulkCell] = []
    private(set) var written = 0
    let rowsPerStatement: Int

    init(_ table: String, _ columns: [String]) {
        self.table = table
        self.columns = columns
        // SQLite allows 32,766 bound values per statement, PostgreSQL 65,535.
        rowsPerStatement = max(1, 30_000 / columns.count)
    }

    mutating func add(_ row: [any BulkValue]) {
        precondition(row.count == columns.count, "\(table): \(row.count) values for \(columns.count) columns")
        for v in row { cells.append(v.cell) }
    }

    /// A row as the cells worked out now followed by cells made beforehand (`tail`).
    mutating func add(_ head: BulkCell..., then tail: [BulkCell]) {
        precondition(head.count + tail.count == columns.count, "\(table): \(head.count + tail.count) values for \(columns.count) columns")
        cells.append(contentsOf: head)
        cells.append(contentsOf: tail)
    }

    var pending: Int { cells.count / columns.count }

    mutating func flush(on db: any SQLDatabase) async throws {
        if db.dialect.name == "postgresql" { return try await flushUnnest(on: db) }
        let sqlite = db as? any SQLiteNIO.SQLiteDatabase
        let direct = (db as? DirectDatabase)?.connection
        let width = columns.count, rows = pending
        for start in stride(from: 0, to: rows, by: rowsPerStatement) {
            let count = min(rows, start + rowsPerStatement) - start
            let values = cells[start * width..<(start + count) * width]
            if let direct {
                // Full statements have the same text, so the connection prepares it once.
                try direct.execute(insertSQL(rows: count), cells: values)
            } else if let sqlite {
                try await sqlite.query(insertSQL(rows: count), values.map(\.sqliteData), logger: Self.logger) { _ in }.get()
            } else {
                var insert = db.insert(into: table).columns(columns)
                for r in 0..<count { insert = insert.values(values[(start + r) * width..<(start + r + 1) * width].map(\.expression)) }
                try await insert.run()
            }
        }
        written += rows
        cells.removeAll(keepingCapacity: true)
    }
}

extension BulkWriter {
    /// Rows a PostgreSQL statement carries: one bind a column, so no bind limit applies.
    static let unnestRows = 5_000

    /// PostgreSQL: each column's values as one array, `INSERT … SELECT * FROM unnest($1::bigint[],
    /// $2::text[], …)`, so that a statement is parsed and planned once however many rows it
    /// carries. Each array travels as the text of an array literal and is cast to the column's
    /// own type (read from the catalogue), so NULLs need no type of their own.
    private mutating func flushUnnest(on db: any SQLDatabase) async throws {
        let types = try await Self.columnTypes(table, covering: columns, on: db)
        let width = columns.count, rows = pending
        let arrayTypes = try columns.map { c in
            guard let type = types[c] else { throw BulkWriteError(reason: "\(table) has no column \(c)") }
            return "::" + type + "[]"
        }
        let head = "INSERT INTO \"\(table)\" (\(columns.map { "\"\($0)\"" }.joined(separator: ", "))) SELECT * FROM unnest("
        for start in stride(from: 0, to: rows, by: Self.unnestRows) {
            let end = min(rows, start + Self.unnestRows)
            var arrays = Array(repeating: "{", count: width)
            for r in start..<end {
                for c in 0..<width {
                    if r > start { arrays[c] += "," }
                    cells[r * width + c].appendArrayElement(to: &arrays[c])
                }
            }
            var query = SQLQueryString(head)
            for c in 0..<width {
                if c > 0 { query.appendLiteral(", ") }
                query.appendInterpolation(bind: arrays[c] + "}")
                query.appendLiteral(arrayTypes[c])
            }
            query.appendLiteral(")")
            try await db.raw(query).run()
        }
        written += rows
        cells.removeAll(keepingCapacity: true)
    }

    /// Each table's column types, read from the catalogue once (an audit batch is a few rows,
    /// and reading them every flush was one statement in six); read again if a column is missing.
    private static let knownTypes = NIOLockedValueBox<[String: [String: String]]>([:])

    private static func columnTypes(_ table: String, covering columns: [String], on db: any SQLDatabase) async throws -> [String: String] {
        if let known = knownTypes.withLockedValue({ $0[table] }), columns.allSatisfy({ known[$0] != nil }) { return known }
        struct Column: Decodable { var name: String; var type: String }
        let types = Dictionary(uniqueKeysWithValues: try await db.raw("""
            SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a
            WHERE a.attrelid = \(bind: table)::regclass AND a.attnum > 0 AND NOT a.attisdropped
            """).all(decoding: Column.self).map { ($0.name, $0.type) })
        knownTypes.withLockedValue { $0[table] = types }
        return types
    }

    /// `INSERT INTO "table" ("a", "b") VALUES (?, ?), (?, ?)…` for `rows` rows.
    private func insertSQL(rows: Int) -> String {
        let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return "INSERT INTO \"\(table)\" (\(columns.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES "
            + Array(repeating: placeholders, count: rows).joined(separator: ", ")
    }

    static let logger = Logger(label: "cradle.bulk")
}

struct BulkWriteError: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}

extension BulkCell {
    /// The cell as an element of a PostgreSQL array literal: NULL bare, text quoted with its
    /// backslashes and quotes escaped.
    func appendArrayElement(to out: inout String) {
        switch self {
        case .null: out += "NULL"
        case .integer(let v): out += String(v)
        case .real(let v): out += "\(v)"
        case .bool(let v): out += v ? "t" : "f"
        case .text(let v):
            out += "\""
            for ch in v.unicodeScalars {
                if ch == "\\" || ch == "\"" { out += "\\" }
                out.unicodeScalars.append(ch)
            }
            out += "\""
        }
    }
}

/// A value a bulk INSERT can hold: it says what it is without a dynamic cast (casting every
/// value of an import was a tenth of its write time).
protocol BulkValue: Sendable {
    var cell: BulkCell { get }
}
extension BulkCell: BulkValue { var cell: BulkCell { self } }
extension String: BulkValue { var cell: BulkCell { .text(self) } }
extension Int: BulkValue { var cell: BulkCell { .integer(Int64(self)) } }
extension Int64: BulkValue { var cell: BulkCell { .integer(self) } }
extension Int32: BulkValue { var cell: BulkCell { .integer(Int64(self)) } }
extension Double: BulkValue { var cell: BulkCell { .real(self) } }
extension Bool: BulkValue { var cell: BulkCell { .bool(self) } }
extension Optional: BulkValue where Wrapped: BulkValue {
    var cell: BulkCell { self?.cell ?? .null }
}


extension Array {
    /// The array in runs of at most `size`, for `IN (...)` lists that stay under bind limits.
    func chunks(of size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min(count, $0 + size)]) }
    }
}
