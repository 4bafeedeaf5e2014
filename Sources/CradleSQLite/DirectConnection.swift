import Foundation
import NIOCore
import SQLiteNIO
import SQLiteKit
import SQLKit
import VaporCSQLite

public struct DirectSQLiteError: Error, CustomStringConvertible {
    public var code: Int32
    public var message: String
    public init(code: Int32, message: String) { self.code = code; self.message = message }
    public var description: String { "SQLite error \(code): \(message)" }
}

/// A connection to the SQLite file through SQLite's own API, keeping every statement it
/// prepares. Used by one thread at a time: the reader hands its connections out and takes
/// them back; the audit log's writer lives on the audit thread.
public final class DirectConnection: @unchecked Sendable {
    /// How long any connection to the store waits for another's write lock before failing, in
    /// milliseconds. Not longer: SQLiteNIO's connections wait on a small shared thread pool, so
    /// a long wait there holds up every other query waiting for those threads.
    public static let busyTimeout: Int32 = 15_000

    private var handle: OpaquePointer?
    private var statements: [String: CachedStatement] = [:]
    /// The text of the cells being bound (`CachedStatement.run(cells:)`), kept between statements.
    private var arena: [UInt8] = []
    /// Enough for every distinct query the app makes; past it the cache starts again.
    private let capacity = 256

    /// The database file.
    public let path: String

    public init(path: String, readOnly: Bool) throws {
        self.path = path
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
        let opened = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard opened == SQLITE_OK, handle != nil else {
            let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite_nio_sqlite3_close(handle)
            throw DirectSQLiteError(code: opened, message: "cannot open \(path): \(message)")
        }
        sqlite_nio_sqlite3_busy_timeout(handle, DirectConnection.busyTimeout)
        // A read connection refuses to write, whatever it is given. A writer commits as every
        // other connection does (Database.swift): safe from a crash of Cradle without waiting
        // for the disk.
        let pragmas = readOnly ? "PRAGMA query_only = 1; PRAGMA temp_store = MEMORY"
                               : "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY"
        sqlite_nio_sqlite3_exec(handle, pragmas, nil, nil, nil)
    }

    public var errorMessage: String { handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "closed" }

    /// Runs `sql` with `binds`, calling `onRow` for each row; throws what SQLite reports.
    public func execute(_ sql: String, _ binds: [any Encodable & Sendable] = [], _ onRow: (any SQLRow) -> Void = { _ in }) throws {
        guard let statement = cachedStatement(sql) else { throw DirectSQLiteError(code: sqlite_nio_sqlite3_errcode(handle), message: errorMessage) }
        try statement.run(binds, on: self, onRow)
    }

    /// Runs `sql` with a bulk writer's values (`BulkWriter`, the audit log).
    public func execute(_ sql: String, cells: ArraySlice<BulkCell>) throws {
        guard let statement = cachedStatement(sql) else { throw DirectSQLiteError(code: sqlite_nio_sqlite3_errcode(handle), message: errorMessage) }
        try statement.run(cells: cells, arena: &arena, on: self)
    }

    /// BEGIN IMMEDIATE, `body`, COMMIT; ROLLBACK if `body` throws.
    public func immediateTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// The statement for `sql`, prepared once; nil when SQLite cannot prepare it.
    func cachedStatement(_ sql: String) -> CachedStatement? {
        if let s = statements[sql] { return s }
        var raw: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil) == SQLITE_OK, let raw else {
            return nil
        }
        if statements.count >= capacity { finalizeAll() }
        let s = CachedStatement(raw)
        statements[sql] = s
        return s
    }

    public func close() {
        finalizeAll()
        sqlite_nio_sqlite3_close(handle)
        handle = nil
    }

    private func finalizeAll() {
        for s in statements.values { sqlite_nio_sqlite3_finalize(s.raw) }
        statements = [:]
    }
}

/// A prepared statement with its column names, kept for reuse.
final class CachedStatement: @unchecked Sendable {
    let raw: OpaquePointer
    let readOnly: Bool
    let columns: ReadColumns

    init(_ raw: OpaquePointer) {
        self.raw = raw
        readOnly = sqlite_nio_sqlite3_stmt_readonly(raw) != 0
        let n = sqlite_nio_sqlite3_column_count(raw)
        columns = ReadColumns((0..<n).map { String(cString: sqlite_nio_sqlite3_column_name(raw, $0)) })
    }

    func run(_ binds: [any Encodable & Sendable], on connection: DirectConnection, _ onRow: (any SQLRow) -> Void) throws {
        try run(data: try binds.map(BulkCell.sqliteData), on: connection, onRow)
    }

    func run(data binds: [SQLiteData], on connection: DirectConnection, _ onRow: (any SQLRow) -> Void) throws {
        // Reset even on failure: a statement left mid-step holds its read transaction open,
        // which stops the WAL from being checkpointed. Bindings are not cleared: every
        // parameter is bound again each time, and clearing them makes SQLite plan the
        // statement afresh whenever a parameter compared with a column might be 0 or 1.
        defer { sqlite_nio_sqlite3_reset(raw) }
        for (i, value) in binds.enumerated() {
            try check(bind(value, at: Int32(i + 1)), connection)
        }
        try step(on: connection, onRow)
    }

    /// Binds a writer's cells and runs the statement once (it returns no rows). The text is
    /// first copied into one buffer (`arena`), which SQLite reads in place until the statement
    /// has run: binding a copy of each value cost an allocation apiece.
    func run(cells: ArraySlice<BulkCell>, arena: inout [UInt8], on connection: DirectConnection) throws {
        arena.removeAll(keepingCapacity: true)
        for case .text(let v) in cells { arena.append(contentsOf: v.utf8) }
        arena.append(0)
        try arena.withUnsafeBufferPointer { buffer in
            // Reset before the buffer goes: the statement then holds pointers it never reads again.
            defer { sqlite_nio_sqlite3_reset(raw) }
            let text = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            var i: Int32 = 1, offset = 0
            for cell in cells {
                let code: Int32
                switch cell {
                case .null: code = sqlite_nio_sqlite3_bind_null(raw, i)
                case .integer(let v): code = sqlite_nio_sqlite3_bind_int64(raw, i, v)
                case .real(let v): code = sqlite_nio_sqlite3_bind_double(raw, i, v)
                case .text(let v):
                    let n = v.utf8.count
                    code = sqlite_nio_sqlite3_bind_text64(raw, i, text + offset, UInt64(n), staticText, UInt8(SQLITE_UTF8))
                    offset += n
                case .bool(let v): code = sqlite_nio_sqlite3_bind_int64(raw, i, v ? 1 : 0)
                }
                try check(code, connection)
                i += 1
            }
            try step(on: connection) { _ in }
        }
    }

    private func step(on connection: DirectConnection, _ onRow: (any SQLRow) -> Void) throws {
        let count = Int32(columns.names.count)
        while true {
            let step = sqlite_nio_sqlite3_step(raw)
            if step == SQLITE_DONE { return }
            guard step == SQLITE_ROW else { throw DirectSQLiteError(code: step, message: connection.errorMessage) }
            var values: [SQLiteData] = []
            values.reserveCapacity(Int(count))
            for c in 0..<count { values.append(value(at: c)) }
            onRow(ReadRow(columns: columns, values: values))
        }
    }

    private func check(_ code: Int32, _ connection: DirectConnection) throws {
        guard code == SQLITE_OK else { throw DirectSQLiteError(code: code, message: connection.errorMessage) }
    }

    private func bind(_ data: SQLiteData, at i: Int32) -> Int32 {
        switch data {
        case .integer(let v): return sqlite_nio_sqlite3_bind_int64(raw, i, Int64(v))
        case .float(let v): return sqlite_nio_sqlite3_bind_double(raw, i, v)
        case .null: return sqlite_nio_sqlite3_bind_null(raw, i)
        case .text(let v): return bind(text: v, at: i)
        case .blob(let v):
            return v.withUnsafeReadableBytes { sqlite_nio_sqlite3_bind_blob64(raw, i, $0.baseAddress, UInt64($0.count), transient) }
        }
    }

    /// Text from the string's own UTF-8 storage, which SQLite copies (no C string is made).
    private func bind(text: String, at i: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, utf8.count > 0 else { return sqlite_nio_sqlite3_bind_text64(raw, i, "", 0, transient, UInt8(SQLITE_UTF8)) }
            return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                sqlite_nio_sqlite3_bind_text64(raw, i, $0, UInt64(utf8.count), transient, UInt8(SQLITE_UTF8))
            }
        }
    }

    private func value(at c: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(raw, c) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(raw, c)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(raw, c))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(raw, c) else { return .null }
            let n = Int(sqlite_nio_sqlite3_column_bytes(raw, c))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: n), as: UTF8.self))
        case SQLITE_BLOB:
            let n = Int(sqlite_nio_sqlite3_column_bytes(raw, c))
            var buffer = ByteBufferAllocator().buffer(capacity: n)
            if let bytes = sqlite_nio_sqlite3_column_blob(raw, c) { buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: n)) }
            return .blob(buffer)
        default: return .null
        }
    }
}

/// SQLite copies a value bound this way, so the Swift string may go at once.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
/// SQLite reads a value bound this way where it is, until the statement is reset.
private let staticText = unsafeBitCast(0, to: sqlite3_destructor_type.self)

/// A statement's column names and where each is, shared by every row it returns.
final class ReadColumns: Sendable {
    let names: [String]
    let index: [String: Int]
    init(_ names: [String]) {
        self.names = names
        // The first column of a name wins, as SQLiteNIO's rows do.
        var index: [String: Int] = [:]
        for (i, n) in names.enumerated() where index[n] == nil { index[n] = i }
        self.index = index
    }
}

/// A row from a direct connection. Decodes as SQLiteKit's rows do (`SQLiteDataDecoder`), with
/// the common column types read directly.
struct ReadRow: SQLRow {
    let columns: ReadColumns
    let values: [SQLiteData]

    var allColumns: [String] { columns.names }
    func contains(column: String) -> Bool { columns.index[column] != nil }

    /// An absent column reads as NULL, as it does in SQLiteKit.
    func decodeNil(column: String) throws -> Bool {
        guard let i = columns.index[column] else { return true }
        return values[i] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let i = columns.index[column] else {
            throw DecodingError.keyNotFound(SQLiteColumnKey(stringValue: column), .init(codingPath: [], debugDescription: "No column \(column)"))
        }
        let data = values[i]
        switch data {
        case .text(let s): if let v = s as? D { return v }
        case .integer(let n):
            if D.self == Int64.self { return Int64(n) as! D }
            if D.self == Int.self { return n as! D }
        case .float(let x): if let v = x as? D { return v }
        case .null: if let optional = D.self as? any ExpressibleByNilLiteral.Type { return optional.init(nilLiteral: ()) as! D }
        default: break
        }
        return try SQLiteDataDecoder().decode(D.self, from: data)
    }
}

private struct SQLiteColumnKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
