import SQLKit

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
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + rowsPerStatement)
            var insert = db.insert(into: table).columns(columns)
            for row in rows[start..<end] { insert = insert.values(row) }
            try await insert.run()
            start = end
        }
        written += rows.count
        rows.removeAll(keepingCapacity: true)
    }
}

extension Array {
    /// The array in runs of at most `size`, for `IN (...)` lists that stay under bind limits.
    func chunks(of size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min(count, $0 + size)]) }
    }
}
