import Foundation
import Fluent
import SQLKit
import CradleCore

/// Imports take turns through the database, so that several servers (and `cradle import`)
/// can share one store: two files linked at once could each make a new person for the same
/// child. An import is queued in the `imports` table; whoever claims it holds a lease
/// (`runner`, `lease_until`) that it renews while it runs. Only one import runs at a time
/// under a live lease, oldest first. An import queued with its file (`import_files`: the
/// pages and the API) may be run by any server, and one whose server died is resumed by
/// another once its lease has expired; an import whose file only its own process holds
/// (`cradle import`) keeps its turn while that process renews it, and is marked interrupted
/// once it stops.
enum ImportClaims {
    /// What a claim hands its runner.
    struct Claim: Sendable, Equatable {
        var importId: Int64
        var sourceId: Int64
        var fileName: String
        /// What the import's committed batches had stored when its last runner stopped:
        /// nil for an import starting afresh.
        var resumedFrom: ImportCounts?
    }

    struct Candidate: Codable {
        var id: Int64
        var sourceId: Int64
        var fileName: String
        var status: String
        var runner: String?
        var leaseUntil: Int64?
        var rowsDone: Int
        var hasFile: Bool
    }

    /// The lease holder's clock, in Unix milliseconds (servers sharing a store keep time).
    static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// Queues a file any server may run: the import and its file in one transaction.
    static func queue(source: Int64, fileName: String, total: Int, header: String?, by practitioner: Int64?, data: Data,
                      on database: any Database) async throws -> Int64 {
        try await database.writeTransaction { db in
            let id = try await SourceStore.startImport(source: source, fileName: fileName, total: total, header: header, by: practitioner,
                                                       status: "queued", on: db)
            try await db.insert(into: "import_files").columns("import_id", "data").values(SQLBind(id), SQLBind(data)).run()
            return id
        }
    }

    /// Takes a turn for a file only this process holds: the import waits, queued, for the
    /// imports before it, and keeps its place while `owner` renews its lease.
    static func reserve(source: Int64, fileName: String, total: Int, header: String?, by practitioner: Int64?, owner: String,
                        lease: Int64, on db: any SQLDatabase) async throws -> Int64 {
        let id = try await SourceStore.startImport(source: source, fileName: fileName, total: total, header: header, by: practitioner,
                                                   status: "queued", on: db)
        try await db.raw("UPDATE imports SET runner = \(bind: owner), lease_until = \(bind: now() + lease) WHERE id = \(bind: id)").run()
        return id
    }

    /// Claims the oldest import due to run, for `owner`, unless an import is running under a
    /// live lease or the oldest waiting is another process's own turn. On the way it marks
    /// interrupted the imports nobody can finish: a running or waiting import whose lease
    /// expired and whose file no server holds.
    static func claim(owner: String, lease: Int64, on database: any Database) async throws -> Claim? {
        // The time before the claim waits for its lock: while a claim holds SQLite's write
        // lock no runner can renew, so a lease is judged as it stood when the claim began.
        let at = now()
        // Nothing waiting, or one running under a live lease (nearly always): answered by a
        // read, so that idle servers polling never take the write lock.
        struct Waiting: Decodable { var status: String; var leaseUntil: Int64? }
        let waiting = try await database.sql.raw("SELECT status, lease_until FROM imports WHERE status IN ('queued', 'running')")
            .all(decoding: Waiting.self, with: rowDecoder)
        if waiting.isEmpty || waiting.contains(where: { $0.status == "running" && ($0.leaseUntil ?? 0) > at }) { return nil }
        return try await database.writeTransaction { db in
            let postgres = db.dialect.name == "postgresql"
            // Claims queue here, one at a time, across servers (SQLite's write lock does the same).
            if postgres { try await db.raw("SELECT pg_advisory_xact_lock(7262)").run() }
            let live = try await db.raw("SELECT id FROM imports WHERE status = 'running' AND lease_until > \(bind: at) LIMIT 1")
                .first(decodingColumn: "id", as: Int64.self)
            if live != nil { return nil }
            let waiting = try await db.raw("""
                SELECT i.id, i.source_id, i.file_name, i.status, i.runner, i.lease_until, i.rows_done, EXISTS (SELECT 1 FROM import_files f WHERE f.import_id = i.id) AS has_file
                FROM imports i WHERE i.status IN ('queued', 'running') ORDER BY i.id
                """ + (postgres ? " FOR UPDATE OF i SKIP LOCKED" : "")).all(decoding: Candidate.self, with: rowDecoder)
            for c in waiting {
                let expired = (c.leaseUntil ?? 0) <= at
                let mine = c.hasFile || (c.status == "queued" && c.runner == owner)
                if !mine {
                    // Another process's turn, still held: it goes first.
                    guard expired else { return nil }
                    try await interrupt(c.id, on: db)
                    continue
                }
                try await db.raw("""
                    UPDATE imports SET status = 'running', runner = \(bind: owner), lease_until = \(bind: at + lease) WHERE id = \(bind: c.id)
                    """).run()
                let resumed = c.status == "running" || c.rowsDone > 0
                return Claim(importId: c.id, sourceId: c.sourceId, fileName: c.fileName,
                             resumedFrom: resumed ? try await SourceStore.findImport(c.id, on: db)?.counts : nil)
            }
            return nil
        }
    }

    /// Extends `owner`'s lease; false when the import is no longer its own (another server
    /// took it over, or it ended).
    static func renew(_ id: Int64, owner: String, lease: Int64, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(renewal(id, owner: owner, lease: lease)).first(decodingColumn: "id", as: Int64.self) != nil
    }

    /// The lease's renewal, answering the import's id while it is still `owner`'s.
    static func renewal(_ id: Int64, owner: String, lease: Int64) -> SQLQueryString {
        """
        UPDATE imports SET lease_until = \(bind: now() + lease)
        WHERE id = \(bind: id) AND runner = \(bind: owner) AND status IN ('queued', 'running') RETURNING id
        """
    }

    /// `renew`, waited for on the calling thread (`LeaseKeeper`'s own): true, false, or nil
    /// when the store did not answer.
    static func renewWaiting(_ id: Int64, owner: String, lease: Int64, on db: any SQLDatabase) -> Bool? {
        let row = try? db.raw(renewal(id, owner: owner, lease: lease)).first().wait()
        return row.map { $0 != nil }
    }

    /// Gives a running import back to the queue when its server stops, so that another (or
    /// this one, restarted) resumes it at once. An import without a stored file cannot be
    /// resumed and is marked interrupted.
    static func release(_ id: Int64, owner: String, on db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE imports SET status = CASE WHEN \(unsafeRaw: hasFile) THEN 'queued' ELSE 'interrupted' END,
                finished_at = CASE WHEN \(unsafeRaw: hasFile) THEN NULL ELSE \(bind: ISO8601DateFormatter.now) END,
                runner = NULL, lease_until = NULL
            WHERE id = \(bind: id) AND runner = \(bind: owner) AND status = 'running'
            """).run()
    }

    /// Whether the `imports` row at hand has its file stored.
    static let hasFile = "EXISTS (SELECT 1 FROM import_files f WHERE f.import_id = imports.id)"

    /// The file a queued import was sent with.
    static func file(_ id: Int64, on db: any SQLDatabase) async throws -> Data? {
        try await db.raw("SELECT data FROM import_files WHERE import_id = \(bind: id)").first(decodingColumn: "data", as: Data.self)
    }

    /// When a server starts: marks interrupted the imports whose lease expired and whose file
    /// no server holds (a stopped `cradle import`, or a server from before leases). Those with
    /// a file are left for a server to resume; those under a live lease are another's.
    static func interruptExpired(on db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE imports SET status = 'interrupted', finished_at = \(bind: ISO8601DateFormatter.now)
            WHERE status IN ('queued', 'running') AND COALESCE(lease_until, 0) <= \(bind: now())
                AND NOT \(unsafeRaw: hasFile)
            """).run()
    }

    static func interrupt(_ id: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE imports SET status = 'interrupted', runner = NULL, lease_until = NULL, finished_at = \(bind: ISO8601DateFormatter.now)
            WHERE id = \(bind: id)
            """).run()
    }
}

/// The import's lease passed to another runner: this one stops without writing.
struct ImportLeaseLost: Error, CustomStringConvertible {
    var importId: Int64
    var description: String { "import \(importId) is now run by another server (its lease here expired)" }
}
