import Vapor
import Fluent
import SQLKit
import NIOConcurrencyHelpers
import Synchronization
import CradleCore
import CradleSQLite

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
final class AuditLog: Sendable {
    private let writer: any AuditWriter
    let checkpoints: AuditCheckpoints
    /// Entries queued and not yet stored (the metrics' audit queue depth).
    let waiting = Atomic<Int>(0)

    /// On an SQLite file, a thread of its own with a direct connection; otherwise batches go
    /// through the application's database.
    init(database: @escaping @Sendable () -> any Database, sqlitePath: String?, checkpoints: AuditCheckpoints) {
        self.checkpoints = checkpoints
        writer = sqlitePath.map { SQLiteAuditWriter(path: $0, checkpoints: checkpoints) }
            ?? PooledAuditWriter(database: database, checkpoints: checkpoints)
    }

    /// Records the event and waits until it is stored.
    func record(_ event: AuditEvent) async throws {
        try await enqueue(event).stored()
    }

    /// Queues the event for the next batch; the receipt tells when it is stored.
    func enqueue(_ event: AuditEvent) -> AuditReceipt {
        waiting.add(1, ordering: .relaxed)
        let receipt = AuditReceipt { [self] in waiting.subtract(1, ordering: .relaxed) }
        writer.append((event, ISO8601DateFormatter.audit.string(from: Date()), receipt))
        return receipt
    }

    /// Writes what is pending, then signs a checkpoint of the last entry written.
    func close() async {
        await writer.close()
        checkpoints.signHead()
    }
}

protocol AuditWriter: Sendable {
    func append(_ entry: PendingAudit)
    func close() async
}

typealias PendingAudit = (event: AuditEvent, at: String, receipt: AuditReceipt)

/// Says when one entry is stored, or why it could not be.
final class AuditReceipt: @unchecked Sendable {
    private let lock = NIOLock()
    private var result: Result<Void, any Error>?
    private var waiter: CheckedContinuation<Void, any Error>?
    private let onComplete: @Sendable () -> Void

    init(onComplete: @escaping @Sendable () -> Void = {}) { self.onComplete = onComplete }

    func complete(_ r: Result<Void, any Error>) {
        onComplete()
        let w = lock.withLock { () -> CheckedContinuation<Void, any Error>? in
            result = r
            defer { waiter = nil }
            return waiter
        }
        w?.resume(with: r)
    }

    func stored() async throws {
        if let r = lock.withLock({ result }) { return try r.get() }
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            let r = lock.withLock { () -> Result<Void, any Error>? in
                if result == nil { waiter = c }
                return result
            }
            if let r { c.resume(with: r) }
        }
    }
}

/// Group commit through the application's database (PostgreSQL, or SQLite in memory).
actor PooledAuditWriter: AuditWriter {
    private let database: @Sendable () -> any Database
    private let checkpoints: AuditCheckpoints
    private var pending: [PendingAudit] = []
    private var flushing = false

    init(database: @escaping @Sendable () -> any Database, checkpoints: AuditCheckpoints) {
        self.database = database
        self.checkpoints = checkpoints
    }

    nonisolated func append(_ entry: PendingAudit) {
        Task { await self.add(entry) }
    }

    private func add(_ entry: PendingAudit) {
        pending.append(entry)
        if !flushing {
            flushing = true
            Task { await self.flush() }
        }
    }

    func close() async {}

    private func flush() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            do {
                let key = checkpoints.keys.mac
                let head = try await database().writeTransaction { db in
                    try await AuditStore.lockChain(db)
                    let entries = AuditStore.chain(batch.map { ($0.event, $0.at) }, after: try await AuditStore.last(db), key: key)
                    try await AuditStore.insert(entries, on: db)
                    return (entries.last!.seq, entries.last!.hash)
                }
                checkpoints.stored(head: head)
                for p in batch { p.receipt.complete(.success(())) }
            } catch {
                for p in batch { p.receipt.complete(.failure(error)) }
            }
        }
        flushing = false
    }
}

/// Group commit on an SQLite file, from a thread of its own with a direct connection that
/// keeps its statements.
///
/// Why a thread: a write transaction on one of the shared connections made every read queued
/// behind it wait; SQLite's busy wait blocks the thread it runs on; and a flush loop run as
/// a task waited for its turn on event loops busy with pages, which put milliseconds on every
/// audited request. Here a batch is written as soon as the last one commits, and each
/// request's continuation is resumed from this thread.
final class SQLiteAuditWriter: AuditWriter, @unchecked Sendable {
    private let path: String
    private let checkpoints: AuditCheckpoints
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var pending: [PendingAudit] = []
    private var stopping = false
    private var stopped = false
    private var onStop: [CheckedContinuation<Void, Never>] = []

    init(path: String, checkpoints: AuditCheckpoints) {
        self.path = path
        self.checkpoints = checkpoints
        // The thread keeps the writer alive until `close()` stops it.
        let thread = Thread { self.run() }
        thread.name = "cradle-audit"
        thread.start()
    }

    func append(_ entry: PendingAudit) {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping else { return entry.receipt.complete(.failure(Abort(.serviceUnavailable, reason: "The audit trail is closed."))) }
        pending.append(entry)
        condition.signal()
    }

    /// Writes what is pending, then stops the thread and closes its connection.
    func close() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            condition.lock()
            defer { condition.unlock() }
            if stopped { return c.resume() }
            stopping = true
            onStop.append(c)
            condition.broadcast()
        }
    }

    private func run() {
        var connection: DirectConnection?
        while true {
            condition.lock()
            while pending.isEmpty && !stopping { condition.wait() }
            let batch = pending
            pending = []
            let stop = stopping && batch.isEmpty
            condition.unlock()
            if stop { break }
            do {
                if connection == nil { connection = try DirectConnection(path: path, readOnly: false) }
                let c = connection!
                let entries = try c.immediateTransaction {
                    let entries = AuditStore.chain(batch.map { ($0.event, $0.at) }, after: try AuditStore.last(c), key: checkpoints.keys.mac)
                    try AuditStore.insert(entries, on: c)
                    return entries
                }
                checkpoints.stored(head: (entries.last!.seq, entries.last!.hash))
                for p in batch { p.receipt.complete(.success(())) }
            } catch {
                for p in batch { p.receipt.complete(.failure(error)) }
            }
        }
        connection?.close()
        condition.lock()
        stopped = true
        let waiting = onStop
        onStop = []
        condition.unlock()
        for c in waiting { c.resume() }
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

/// Writes what is pending and closes the audit log's own SQLite connection when the
/// application stops.
struct AuditLogShutdown: LifecycleHandler {
    let log: AuditLog
    func shutdownAsync(_ application: Application) async { await log.close() }
}
