import SQLKit
import SQLiteNIO
import SQLiteKit
import Logging

/// Buffers rows for one table and writes them as multi-row INSERTs, as many rows per
/// statement as the database's bind limit allows. Used by the demo loader and benchmarks.
struct BulkWriter {
    let table: String
    let columns: [String]
    private(set) var rows: [[any BulkValue]] = []
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
        rows.append(row)
    }

    var pending: Int { rows.count }

    mutating func flush(on db: any SQLDatabase) async throws {
        let sqlite = db as? any SQLiteNIO.SQLiteDatabase
        let direct = (db as? DirectDatabase)?.connection
        for start in stride(from: 0, to: rows.count, by: rowsPerStatement) {
            let statement = rows[start..<min(rows.count, start + rowsPerStatement)]
            if let direct {
                // Full statements have the same text, so the connection prepares it once.
                try direct.execute(insertSQL(rows: statement.count), data: statement.flatMap { $0.map(\.sqliteData) })
            } else if let sqlite {
                try await insert(statement, on: sqlite)
            } else {
                var insert = db.insert(into: table).columns(columns)
                for row in statement { insert = insert.values(row.map { $0 as any Encodable & Sendable }) }
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
    private func insert(_ statement: ArraySlice<[any BulkValue]>, on db: any SQLiteNIO.SQLiteDatabase) async throws {
        var binds: [SQLiteData] = []
        binds.reserveCapacity(statement.count * columns.count)
        for row in statement { for v in row { binds.append(v.sqliteData) } }
        try await db.query(insertSQL(rows: statement.count), binds, logger: Self.logger) { _ in }.get()
    }

    /// `INSERT INTO "table" ("a", "b") VALUES (?, ?), (?, ?)…` for `rows` rows.
    private func insertSQL(rows: Int) -> String {
        let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return "INSERT INTO \"\(table)\" (\(columns.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES "
            + Array(repeating: placeholders, count: rows).joined(separator: ", ")
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

/// A value a bulk INSERT can bind: it says what it is in SQLite without a dynamic cast
/// (casting every value of an import was a tenth of its write time) and encodes for PostgreSQL.
protocol BulkValue: Encodable, Sendable {
    var sqliteData: SQLiteData { get }
}
extension String: BulkValue { var sqliteData: SQLiteData { .text(self) } }
extension Int: BulkValue { var sqliteData: SQLiteData { .integer(self) } }
extension Int64: BulkValue { var sqliteData: SQLiteData { .integer(Int(self)) } }
extension Int32: BulkValue { var sqliteData: SQLiteData { .integer(Int(self)) } }
extension Double: BulkValue { var sqliteData: SQLiteData { .float(self) } }
extension Bool: BulkValue { var sqliteData: SQLiteData { .integer(self ? 1 : 0) } }
extension Optional: BulkValue where Wrapped: BulkValue {
    var sqliteData: SQLiteData { self?.sqliteData ?? .null }
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
