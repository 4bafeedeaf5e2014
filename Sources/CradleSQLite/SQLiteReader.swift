import Foundation
import Synchronization
import NIOCore
import NIOConcurrencyHelpers
import SQLiteNIO
import SQLiteKit
import SQLKit
import VaporCSQLite

/// Runs read-only statements on the SQLite file straight from the calling thread, through
/// a small pool of read connections that each keep their prepared statements.
///
/// Why: SQLiteNIO prepares every statement afresh, runs it on a thread pool and hands each
/// row back to the event loop as a future of its own. A read by key on a cached page takes
/// microseconds, far less than parsing the SQL again and the hops between threads.
///
/// Running on the caller's thread blocks that thread for the query, as the thread pool did
/// for the loop's single SQLite connection: a request on that loop waited for it either way.
/// WAL readers never wait for writers, so only reading pages blocks. Writes (anything SQLite
/// does not call read-only) still go through Fluent's connections on the thread pool.
public final class SQLiteReader: Sendable {
    public let path: String
    /// Idle connections, and whether the reader is closed (then none are kept).
    private let pool = NIOLockedValueBox<(idle: [DirectConnection], closed: Bool)>(([], false))
    /// Connections kept idle; more are opened when more threads read at once, then closed.
    private let keep = 8
    /// Statements read here so far, for tests that must know a read did not go elsewhere.
    public let inlineReads = Atomic<Int>(0)
    /// Read connections reading now (the metrics' pool use).
    public let busy = Atomic<Int>(0)

    public init(path: String) { self.path = path }

    /// Read connections open and idle.
    public var idle: Int { pool.withLockedValue { $0.idle.count } }

    /// Runs `sql` if it is a read SQLite can do on a read connection, calling `onRow` for each
    /// row, and answers true. Answers false, having run nothing, for anything else: a write,
    /// a pragma, or a statement that does not prepare here (the caller's database then runs
    /// it and reports its error as it always has).
    public func read(_ sql: String, _ binds: [any Encodable & Sendable], _ onRow: (any SQLRow) -> Void) throws -> Bool {
        guard Self.looksLikeRead(sql) else { return false }
        let connection = try acquire()
        busy.add(1, ordering: .relaxed)
        defer { busy.subtract(1, ordering: .relaxed); release(connection) }
        guard let statement = connection.cachedStatement(sql), statement.readOnly else { return false }
        try statement.run(binds, on: connection, onRow)
        inlineReads.wrappingAdd(1, ordering: .relaxed)
        return true
    }

    /// Only SELECT and WITH are tried; SQLite also calls BEGIN and SAVEPOINT read-only.
    /// Compares the first word without allocating: this runs for every query.
    public static func looksLikeRead(_ sql: String) -> Bool {
        let first = sql.utf8.drop { $0 == 32 || $0 == 10 || $0 == 9 || $0 == 13 }
            .prefix { $0 != 32 && $0 != 10 && $0 != 9 && $0 != 13 }
        func matches(_ word: StaticString) -> Bool {
            first.count == word.utf8CodeUnitCount
                && zip(first, UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)).allSatisfy { $0 | 0x20 == $1 }
        }
        return matches("select") || matches("with")
    }

    public func close() {
        let all = pool.withLockedValue { p in
            p.closed = true
            defer { p.idle = [] }
            return p.idle
        }
        for c in all { c.close() }
    }

    private func acquire() throws -> DirectConnection {
        if let c = pool.withLockedValue({ $0.idle.popLast() }) { return c }
        return try DirectConnection(path: path, readOnly: true)
    }

    private func release(_ c: DirectConnection) {
        let kept = pool.withLockedValue { p -> Bool in
            guard p.idle.count < keep, !p.closed else { return false }
            p.idle.append(c)
            return true
        }
        if !kept { c.close() }
    }
}
