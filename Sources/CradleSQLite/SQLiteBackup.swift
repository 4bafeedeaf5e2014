import Foundation
import SQLKit
import VaporCSQLite

/// Copies an SQLite store page by page with SQLite's online backup API: a consistent copy of
/// a store in use (servers keep serving; a write during the copy makes it start over from the
/// changed pages), and the same in reverse to restore one.
public enum SQLiteBackup {
    /// Pages a step copies before letting writers in.
    static let pagesPerStep: Int32 = 4_096

    /// Copies the database at `source` over the one at `destination` (made if absent),
    /// reporting pages done of pages in all; then checks the copy's integrity.
    public static func copy(from source: String, to destination: String, progress: (Int, Int) -> Void = { _, _ in }) throws {
        let from = try open(source, create: false)
        defer { sqlite_nio_sqlite3_close(from) }
        let to = try open(destination, create: true)
        defer { sqlite_nio_sqlite3_close(to) }
        guard let backup = sqlite_nio_sqlite3_backup_init(to, "main", from, "main") else {
            throw DirectSQLiteError(code: sqlite_nio_sqlite3_errcode(to), message: String(cString: sqlite_nio_sqlite3_errmsg(to)))
        }
        var rc: Int32
        repeat {
            rc = sqlite_nio_sqlite3_backup_step(backup, pagesPerStep)
            let total = Int(sqlite_nio_sqlite3_backup_pagecount(backup))
            progress(total - Int(sqlite_nio_sqlite3_backup_remaining(backup)), total)
            if rc == SQLITE_BUSY || rc == SQLITE_LOCKED { sqlite_nio_sqlite3_sleep(50) }
        } while rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED
        let finished = sqlite_nio_sqlite3_backup_finish(backup)
        guard rc == SQLITE_DONE, finished == SQLITE_OK else {
            throw DirectSQLiteError(code: rc == SQLITE_DONE ? finished : rc, message: String(cString: sqlite_nio_sqlite3_errmsg(to)))
        }
        var check: String?
        try DirectConnection(path: destination, readOnly: true).withClose { c in
            try c.execute("PRAGMA integrity_check") { row in check = try? row.decode(column: "integrity_check", as: String.self) }
        }
        guard check == "ok" else { throw DirectSQLiteError(code: SQLITE_CORRUPT, message: "the copy at \(destination) fails its integrity check: \(check ?? "no answer")") }
    }

    private static func open(_ path: String, create: Bool) throws -> OpaquePointer {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0)
        let rc = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite_nio_sqlite3_close(handle)
            throw DirectSQLiteError(code: rc, message: "cannot open \(path): \(message)")
        }
        sqlite_nio_sqlite3_busy_timeout(handle, DirectConnection.busyTimeout)
        return handle
    }
}

extension DirectConnection {
    /// Runs `body` on this connection, then closes it.
    func withClose<T>(_ body: (DirectConnection) throws -> T) throws -> T {
        defer { close() }
        return try body(self)
    }
}
