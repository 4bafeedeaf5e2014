import SQLKit
import SQLiteNIO
import SQLiteKit
import Logging

/// Buffers rows for one table and writes them as multi-row INSERTs, as many rows per
/// statement as the database's bind limit allows. Used by the demo loader and benchmarks.
struct BulkWriter {
    let table: String
    let columns: [String]
    private(set) var rows: [[any Encodable & Sendable]] = []
    private(set) var written = 0
    let rowsPerStatement: Int

    init(_ table: String, _ columns: [String]) {
        self.table = table
        self.columns = columns
        // SQLite allows 32,766 bound values per statement, PostgreSQL 65,535.
        rowsPerStatement = max(1, 30_000 / columns.count)
    }

    mutating func add(_ row: [any Encodable & Sendable]) {
        precondition(row.count == columns.count, "\(table): \(row.count) values for \(columns.count) columns")
        rows.append(row)
    }

    var pending: Int { rows.count }

    mutating func flush(on db: any SQLDatabase) async throws {
        let sqlite = db as? any SQLiteNIO.SQLiteDatabase
        for start in stride(from: 0, to: rows.count, by: rowsPerStatement) {
            let statement = rows[start..<min(rows.count, start + rowsPerStatement)]
            if let sqlite {
                try await insert(statement, on: sqlite)
            } else {
                var insert = db.insert(into: table).columns(columns)
                for row in statement { insert = insert.values(row) }
                try await insert.run()
            }
        }
        written += rows.count
        rows.removeAll(keepingCapacity: true)
    }
}

extension BulkWriter {
    /// On SQLite the values are bound as SQLite's own values: going through SQLKit's Codable
    /// encoder for every value was most of an import's write time.
    private func insert(_ statement: ArraySlice<[any Encodable & Sendable]>, on db: any SQLiteNIO.SQLiteDatabase) async throws {
        let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        var binds: [SQLiteData] = []
        binds.reserveCapacity(statement.count * columns.count)
        for row in statement { for v in row { binds.append(try Self.sqliteData(v)) } }
        let sql = "INSERT INTO \"\(table)\" (\(columns.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES "
            + Array(repeating: placeholders, count: statement.count).joined(separator: ", ")
        try await db.query(sql, binds, logger: Self.logger) { _ in }.get()
    }

    static let logger = Logger(label: "cradle.bulk")

    static func sqliteData(_ v: any Encodable & Sendable) throws -> SQLiteData {
        // Concrete types first (a cast to them sees through a filled optional); the empty
        // optional, a slower existential cast, last.
        switch v {
        case let x as String: .text(x)
        case let x as Int64: .integer(Int(x))
        case let x as Int: .integer(x)
        case let x as Int32: .integer(Int(x))
        case let x as Double: .float(x)
        case let x as Bool: .integer(x ? 1 : 0)
        case let o as any OptionalValue where o.isNone: .null
        default: try SQLiteDataEncoder().encode(v)
        }
    }
}

/// Lets a bulk value tell that it is an empty optional without Codable.
protocol OptionalValue { var isNone: Bool { get } }
extension Optional: OptionalValue { var isNone: Bool { self == nil } }

extension Array {
    /// The array in runs of at most `size`, for `IN (...)` lists that stay under bind limits.
    func chunks(of size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min(count, $0 + size)]) }
    }
}
