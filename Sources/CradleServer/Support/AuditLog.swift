import Vapor
import Fluent
import SQLKit
import CradleCore
import SQLiteNIO
import SQLiteKit

/// One access to record, before it is numbered and chained.
struct AuditEvent: Sendable {
    var actor: Actor
    var action: CradleCore.Action
    var resource: Resource
    var purpose: Purpose
    var decision: String
    var reason: String
    var path: String
    var detail: String?
}

/// Appends audit entries with group commit: requests arriving together share one write
/// transaction, and each request waits until its own entry is stored before it answers, so
/// nothing is shown that was not first recorded.
actor AuditLog {
    private let database: @Sendable () -> any Database
    /// On SQLite, audit appends use a connection of their own: a write transaction on one of
    /// the shared connections made every read queued behind it wait (a quarter of record-page
    /// throughput). Readers in WAL mode never wait for this writer.
    private let sqlitePath: String?
    private let threadPool: NIOThreadPool
    private let eventLoop: any EventLoop
    private var dedicated: SQLiteConnection? = nil
    private var pending: [(AuditEvent, String, CheckedContinuation<Void, any Error>)] = []
    private var flushing = false

    init(database: @escaping @Sendable () -> any Database, sqlitePath: String? = nil,
         threadPool: NIOThreadPool = .singleton, eventLoop: any EventLoop) {
        self.database = database
        self.sqlitePath = sqlitePath
        self.threadPool = threadPool
        self.eventLoop = eventLoop
    }

    func close() async {
        try? await dedicated?.close()
        dedicated = nil
    }

    /// Runs the append in a write transaction: on the dedicated SQLite connection, or in the pool.
    private func inTransaction(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        guard let path = sqlitePath else {
            try await database().writeTransaction(body)
            return
        }
        if dedicated == nil {
            let conn = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, on: eventLoop)
            _ = try await conn.query("PRAGMA busy_timeout = 15000")
            // The same durability as every other connection (Database.swift): in WAL mode a
            // commit is safe from a crash of Cradle itself without waiting for the disk; only
            // the machine losing power can take the last moments' commits, data and audit alike.
            _ = try await conn.query("PRAGMA synchronous = NORMAL")
            dedicated = conn
        }
        try await dedicated!.sql().immediateTransaction(body)
    }

    func record(_ event: AuditEvent) async throws {
        let at = ISO8601DateFormatter.audit.string(from: Date())
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            pending.append((event, at, c))
            if !flushing {
                flushing = true
                Task { await self.flush() }
            }
        }
    }

    private func flush() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            do {
                try await inTransaction { db in
                    try await AuditStore.lockChain(db)
                    var (seq, hash) = try await AuditStore.last(db)
                    var entries: [AuditEntry] = []
                    for (e, at, _) in batch {
                        seq += 1
                        let entry = AuditEntry(seq: seq, at: at, actorId: e.actor.practitionerId, actorProfession: e.actor.profession?.rawValue,
                                               action: e.action.rawValue, category: e.resource.category.rawValue,
                                               personId: e.resource.personId, familyId: e.resource.familyId, purpose: e.purpose.rawValue,
                                               decision: e.decision, reason: e.reason, path: e.path, detail: e.detail, prevHash: hash)
                        hash = entry.hash
                        entries.append(entry)
                    }
                    try await AuditStore.insert(entries, on: db)
                }
                for (_, _, c) in batch { c.resume() }
            } catch {
                for (_, _, c) in batch { c.resume(throwing: error) }
            }
        }
        flushing = false
    }
}

extension ISO8601DateFormatter {
    /// Shared: making a formatter costs more than using one, and formatting is thread-safe.
    nonisolated(unsafe) static let audit: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }()
    /// Whole seconds (break-glass grants and reviews), which compare as text in time order.
    nonisolated(unsafe) static let seconds = ISO8601DateFormatter()
    /// This moment to the second, as stored (`2026-11-27T21:55:00Z`).
    static var now: String { seconds.string(from: Date()) }
}

struct AuditLogKey: StorageKey { typealias Value = AuditLog }

extension Application {
    /// The audit trail writer; nil when auditing is switched off (benchmark comparison only).
    var auditLog: AuditLog? {
        get { storage[AuditLogKey.self] }
        set { storage[AuditLogKey.self] = newValue }
    }
}

extension Request {
    /// Records a refused sign-in, token or session in the audit trail.
    func auditSignInRefusal(_ reason: String, actor: Actor = .anonymous, action: CradleCore.Action = .read,
                            detail: String? = nil) async throws {
        try await application.auditLog?.record(AuditEvent(actor: actor, action: action, resource: Resource(.ownAccount), purpose: .signIn,
                                                          decision: "deny", reason: reason, path: url.path, detail: detail))
    }
}

/// Closes the audit log's own SQLite connection when the application stops.
struct AuditLogShutdown: LifecycleHandler {
    let log: AuditLog
    let thread: NIOThreadPool
    func shutdownAsync(_ application: Application) async {
        await log.close()
        try? await thread.shutdownGracefully()
    }
}
