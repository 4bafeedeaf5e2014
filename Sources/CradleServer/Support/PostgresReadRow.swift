import PostgresKit
import SQLKit

/// A row of a prepared read, as SQLKit's `SQLRow`. Cradle's rows hold text, integers, reals and
/// booleans; those are decoded straight from the cell. PostgresKit's own row goes through a
/// general translation that first formats a coding path for every cell (a twentieth of the
/// record page's CPU); any other type still goes that way.
struct PostgresReadRow: SQLRow {
    let row: PostgresRow
    let cells: PostgresRandomAccessRow

    init(_ row: PostgresRow) {
        self.row = row
        cells = row.makeRandomAccess()
    }

    var allColumns: [String] { cells.map(\.columnName) }

    func contains(column: String) -> Bool { cells.contains(column) }

    func decodeNil(column: String) throws -> Bool {
        !cells.contains(column) || cells[column].bytes == nil
    }

    func decode<T: Decodable>(column: String, as type: T.Type) throws -> T {
        if cells.contains(column) {
            let cell = cells[column]
            switch type {
            case is String.Type: if let v = try? cell.decode(String.self) { return v as! T }
            case is Int64.Type: if let v = try? cell.decode(Int64.self) { return v as! T }
            case is Int.Type: if let v = try? cell.decode(Int.self) { return v as! T }
            case is Bool.Type: if let v = try? cell.decode(Bool.self) { return v as! T }
            case is Double.Type: if let v = try? cell.decode(Double.self) { return v as! T }
            default: break
            }
        }
        // Anything else, a missing column or a cell of another type: PostgresKit's own
        // decoding, with its errors.
        return try row.sql().decode(column: column, as: type)
    }
}
