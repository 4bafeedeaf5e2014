import SQLKit
import SQLiteNIO
import NIOCore
import PostgresKit
import Logging
import CradleSQLite

/// Buffers rows for one table and writes them: on SQLite as multi-row INSERTs, as many rows
/// per statement as the bind limit allows; on PostgreSQL as one COPY. Used by imports, the demo
/// loader and benchmarks. Rows are kept as `BulkCell`s, one after another, so that nothing is converted
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
        // SQLite allows 32,766 bound values per statement.
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
        if db.dialect.name == "postgresql" { return try await flushCopy(on: db) }
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
    /// PostgreSQL: the rows as one `COPY … FROM STDIN` in its text format, each value in its
    /// column's own text form, so that nothing is planned or cast and no bind limit applies.
    private mutating func flushCopy(on db: any SQLDatabase) async throws {
        guard let postgres = (db as? any PostgresDatabase) ?? (db as? PreparedReads)?.postgres else {
            throw BulkWriteError(reason: "\(table): a PostgreSQL store that is not a PostgreSQL database")
        }
        let width = columns.count, rows = pending
        var text = ByteBuffer()
        text.reserveCapacity(rows * width * 12)
        for r in 0..<rows {
            for c in 0..<width {
                if c > 0 { text.writeInteger(UInt8(ascii: "\t")) }
                cells[r * width + c].appendCopyText(to: &text)
            }
            text.writeInteger(UInt8(ascii: "\n"))
        }
        try await postgres.onLentConnection { connection in
            try await connection.copyFrom(table: table, columns: columns, logger: Self.logger) { writer in
                while text.readableBytes > 0 {
                    try await writer.write(text.readSlice(length: min(text.readableBytes, 1 << 20))!)
                }
            }
        }
        written += rows
        cells.removeAll(keepingCapacity: true)
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
    /// The cell in COPY's text format: NULL as `\N`, booleans as t and f, text with its
    /// backslashes, tabs and line breaks escaped.
    func appendCopyText(to out: inout ByteBuffer) {
        switch self {
        case .null: out.writeStaticString("\\N")
        case .integer(let v): out.writeString(String(v))
        case .real(let v): out.writeString("\(v)")
        case .bool(let v): out.writeInteger(v ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        case .text(let v):
            for b in v.utf8 {
                switch b {
                case UInt8(ascii: "\\"): out.writeStaticString("\\\\")
                case UInt8(ascii: "\t"): out.writeStaticString("\\t")
                case UInt8(ascii: "\n"): out.writeStaticString("\\n")
                case UInt8(ascii: "\r"): out.writeStaticString("\\r")
                default: out.writeInteger(b)
                }
            }
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
